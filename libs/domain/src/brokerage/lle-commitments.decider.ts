import { isLLEActiveOn, type LLEFacts } from '../recruitment/designation.state';
import { academicYearOf, dateInEngland, isLocalDate, type LocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { capacityHalfDays, guidelineHalfDays } from './brokerage-rules';
import {
  checkEndPoint,
  checkGuideline,
  daysInvalid,
  isBlank,
  isPositiveWholeNumber,
  placementNotInProgress,
  requestNotWaiting,
} from './checks';
import type {
  BrokerPlacement,
  ClosePlacementCommitment,
  LLECommitmentsCommand,
  LLECommitmentsContext,
  ReleasePlacementDays,
  ReservePlacementDays,
} from './lle-commitments.commands';
import { RELEASE_REASONS, type LLECommitmentsEvent, type Objective } from './lle-commitments.events';
import {
  commitmentOf,
  commitmentReleaseKey,
  committedHalfDaysIn,
  evolveLLECommitments,
  initialLLECommitmentsState,
  placementTermsKey,
  reservedForAmendment,
  type LLECommitmentsState,
  type PlacementCommitment,
} from './lle-commitments.state';

export const lleCommitmentsDecider: Decider<
  LLECommitmentsCommand,
  LLECommitmentsEvent,
  LLECommitmentsState,
  LLECommitmentsContext
> = {
  initialState: initialLLECommitmentsState,
  evolve: evolveLLECommitments,
  decide(command, state, context) {
    switch (command.type) {
      case 'BrokerPlacement':
        return brokerPlacement(command, state, context);
      case 'ReservePlacementDays':
        return reservePlacementDays(command, state, context);
      case 'ReleasePlacementDays':
        return releasePlacementDays(command, state);
      case 'ClosePlacementCommitment':
        return closePlacementCommitment(command, state);
      default:
        return assertNever(command);
    }
  },
};

/** The share of each fee credited to the LLE's school is between none and all of it. */
export const MAX_SHARE_BPS = 10_000;

function brokerPlacement(
  command: BrokerPlacement,
  state: LLECommitmentsState,
  context: LLECommitmentsContext,
): LLECommitmentsEvent[] {
  const { placementId, requestId, lleId, halfDaysAgreed, startDate, dayRatePence, lleSchoolShareBps } =
    command.data;
  const { rules } = context;
  const guideline = guidelineHalfDays(rules);
  const guidelineOverride =
    halfDaysAgreed > guideline && command.data.guidelineOverride !== undefined
      ? { reason: command.data.guidelineOverride.reason }
      : undefined;
  // A retry, even after the request was marked brokered or the LLE's situation changed, changes nothing.
  const existing = commitmentOf(state, placementId);
  if (existing !== undefined) {
    if (existing.placementTermsKey === placementTermsKey({ ...command.data, guidelineOverride })) return [];
    throw new DomainError(
      'PLACEMENT_ALREADY_EXISTS',
      `Placement ${placementId} was already brokered, with other terms`,
      'conflict',
    );
  }
  const request = context.request;
  if (request === undefined || request.requestId !== requestId) {
    throw new DomainError('UNKNOWN_REQUEST', `There is no request ${requestId}`);
  }
  const brokeredHere =
    state.status === 'committed' &&
    Object.values(state.placements).some((commitment) => commitment.requestId === requestId);
  if (request.status !== 'waiting' || brokeredHere) {
    throw requestNotWaiting(requestId, brokeredHere ? 'brokered' : request.status);
  }
  const lle = knownLLE(context.lle, lleId);
  if (lle.alliance !== request.alliance) {
    throw new DomainError(
      'LLE_OF_ANOTHER_ALLIANCE',
      `The LLE is designated in ${lle.alliance}; the request waits in ${request.alliance}'s queue`,
    );
  }
  if (!isLocalDate(startDate)) {
    throw new DomainError('DATE_INVALID', `The start date ${String(startDate)} is not a date`);
  }
  checkActive(lle, [startDate, dateInEngland(command.metadata.now)]);
  const recipient = context.recipient;
  if (recipient === undefined || recipient.urn !== request.recipientUrn) {
    throw new DomainError('UNKNOWN_SCHOOL', `There is no school ${request.recipientUrn} (the recipient)`);
  }
  if (recipient.urn === lle.schoolUrn) {
    throw new DomainError(
      'RECIPIENT_IS_LLE_SCHOOL',
      `School ${recipient.urn} is the LLE's own school; an LLE supports other schools`,
    );
  }
  if (recipient.status === 'Closed') {
    throw new DomainError('RECIPIENT_CLOSED', `School ${recipient.urn} is closed and cannot receive support`);
  }
  const endPoint = checkEndPoint(command.data.endPoint, startDate);
  if (!isPositiveWholeNumber(halfDaysAgreed)) throw daysInvalid('The days agreed', halfDaysAgreed);
  if (!Number.isSafeInteger(dayRatePence) || dayRatePence < 0) {
    throw new DomainError(
      'DAY_RATE_INVALID',
      `The day rate is a whole number of pence, not ${String(dayRatePence)}`,
    );
  }
  if (
    !Number.isSafeInteger(lleSchoolShareBps) ||
    lleSchoolShareBps < 0 ||
    lleSchoolShareBps > MAX_SHARE_BPS
  ) {
    throw new DomainError(
      'SHARE_BPS_INVALID',
      `The LLE's school's share is in basis points, a whole number from 0 to ${MAX_SHARE_BPS}, not ${String(lleSchoolShareBps)}`,
    );
  }
  const objectives = checkObjectives(command.data.objectives);
  checkGuideline(halfDaysAgreed, guideline, command.data.guidelineOverride);
  const academicYear = academicYearOf(startDate).label;
  const capacity = capacityHalfDays(lle, rules);
  const committed = committedHalfDaysIn(state, academicYear);
  checkCapacity(academicYear, committed, halfDaysAgreed, capacity);
  return [
    {
      type: 'PlacementBrokered',
      data: {
        placementId,
        requestId,
        lleId,
        alliance: request.alliance,
        lleSchoolUrn: lle.schoolUrn,
        recipientUrn: request.recipientUrn,
        requestingBody: request.requestingBody,
        phase: request.phase,
        startDate,
        endPoint,
        academicYear,
        halfDaysAgreed,
        dayRatePence,
        lleSchoolShareBps,
        objectives,
        guidelineHalfDays: guideline,
        ...(guidelineOverride !== undefined ? { guidelineOverride } : {}),
        capacityHalfDays: capacity,
        committedHalfDaysBefore: committed,
        brokeredOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function reservePlacementDays(
  command: ReservePlacementDays,
  state: LLECommitmentsState,
  context: LLECommitmentsContext,
): LLECommitmentsEvent[] {
  const { lleId, placementId, amendmentId, halfDays } = command.data;
  const commitment = knownCommitment(state, placementId);
  const reserved = commitment.reservations[amendmentId];
  if (reserved !== undefined) {
    if (reserved === halfDays) return [];
    throw new DomainError(
      'AMENDMENT_ID_REUSED',
      `Amendment ${amendmentId} already reserved ${reserved} half-days, not ${halfDays}`,
      'conflict',
    );
  }
  if (!commitment.open) throw placementNotInProgress(placementId);
  if (!isPositiveWholeNumber(halfDays)) throw daysInvalid('The half-days to reserve', halfDays);
  const lle = knownLLE(context.lle, lleId);
  checkActive(lle, [dateInEngland(command.metadata.now)]);
  const capacity = capacityHalfDays(lle, context.rules);
  const committed = committedHalfDaysIn(state, commitment.academicYear);
  checkCapacity(commitment.academicYear, committed, halfDays, capacity);
  return [
    {
      type: 'PlacementDaysReserved',
      data: {
        lleId,
        placementId,
        amendmentId,
        academicYear: commitment.academicYear,
        halfDays,
        capacityHalfDays: capacity,
        committedHalfDaysBefore: committed,
        reservedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function releasePlacementDays(
  command: ReleasePlacementDays,
  state: LLECommitmentsState,
): LLECommitmentsEvent[] {
  const { lleId, placementId, amendmentId, reason, halfDays } = command.data;
  const commitment = knownCommitment(state, placementId);
  // Released already, or closed since (closing brought the commitment down to the days delivered).
  if (commitment.releases[commitmentReleaseKey(reason, amendmentId)] !== undefined || !commitment.open)
    return [];
  if (!(RELEASE_REASONS as readonly string[]).includes(reason)) {
    throw new DomainError(
      'RELEASE_REASON_INVALID',
      `The reasons for a release are ${RELEASE_REASONS.join(', ')}`,
    );
  }
  if (!isPositiveWholeNumber(halfDays)) throw daysInvalid('The half-days to release', halfDays);
  if (reason === 'reservation_unused' && halfDays > reservedForAmendment(state, placementId, amendmentId)) {
    throw new DomainError(
      'RELEASE_BEYOND_RESERVED',
      `Amendment ${amendmentId} has ${reservedForAmendment(state, placementId, amendmentId)} half-days reserved, fewer than ${halfDays}`,
    );
  }
  if (halfDays > commitment.halfDays) {
    throw new DomainError(
      'RELEASE_BEYOND_COMMITTED',
      `Placement ${placementId} has ${commitment.halfDays} half-days committed, fewer than ${halfDays}`,
    );
  }
  return [
    {
      type: 'PlacementDaysReleased',
      data: {
        lleId,
        placementId,
        amendmentId,
        reason,
        academicYear: commitment.academicYear,
        halfDays,
        releasedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function closePlacementCommitment(
  command: ClosePlacementCommitment,
  state: LLECommitmentsState,
): LLECommitmentsEvent[] {
  const { lleId, placementId, outcome, halfDaysDelivered } = command.data;
  const commitment = knownCommitment(state, placementId);
  if (!commitment.open) return [];
  if (!Number.isSafeInteger(halfDaysDelivered) || halfDaysDelivered < 0) {
    throw daysInvalid('The half-days delivered', halfDaysDelivered);
  }
  return [
    {
      type: 'PlacementCommitmentClosed',
      data: {
        lleId,
        placementId,
        outcome,
        academicYear: commitment.academicYear,
        halfDaysBefore: commitment.halfDays,
        halfDaysDelivered,
        closedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function knownLLE(lle: LLEFacts | undefined, lleId: string): LLEFacts {
  if (lle === undefined || lle.lleId !== lleId) {
    throw new DomainError('UNKNOWN_LLE', `No LLE designation is recorded for ${lleId}`);
  }
  return lle;
}

/** Active on every date given (the start date, today): neither suspended nor ended, nor not yet designated. */
function checkActive(lle: LLEFacts, dates: readonly LocalDate[]): void {
  const inactiveOn = dates.find((date) => !isLLEActiveOn(lle, date));
  if (lle.status !== 'active' || inactiveOn !== undefined) {
    throw new DomainError(
      'LLE_NOT_ACTIVE',
      lle.status !== 'active'
        ? `The LLE's designation is ${lle.status}; only an active LLE can be placed`
        : `The LLE's designation is not active on ${inactiveOn}`,
      'rule',
      { status: lle.status },
    );
  }
}

function knownCommitment(state: LLECommitmentsState, placementId: string): PlacementCommitment {
  const commitment = commitmentOf(state, placementId);
  if (commitment === undefined) {
    throw new DomainError(
      'COMMITMENT_NOT_FOUND',
      `Placement ${placementId} was not brokered for this LLE`,
      'not_found',
    );
  }
  return commitment;
}

function checkCapacity(academicYear: string, committed: number, adding: number, capacity: number): void {
  if (committed + adding > capacity) {
    throw new DomainError(
      'CAPACITY_EXCEEDED',
      `The LLE has ${committed} of ${capacity} half-days committed in ${academicYear}; ${adding} more would pass their capacity`,
      'rule',
      { academicYear, committedHalfDays: committed, capacityHalfDays: capacity, requestedHalfDays: adding },
    );
  }
}

function checkObjectives(objectives: readonly Objective[] | undefined): Objective[] {
  if (objectives === undefined || objectives.length === 0) {
    throw new DomainError(
      'OBJECTIVES_REQUIRED',
      'A placement needs its objectives, to evaluate its impact against',
    );
  }
  const ids = new Set<string>();
  return objectives.map(({ objectiveId, description }) => {
    if (isBlank(objectiveId) || isBlank(description)) {
      throw new DomainError('OBJECTIVES_INVALID', 'Each objective needs an id and a description');
    }
    if (ids.has(objectiveId)) {
      throw new DomainError('OBJECTIVES_INVALID', `Objective ${objectiveId} is listed twice`);
    }
    ids.add(objectiveId);
    return { objectiveId, description };
  });
}
