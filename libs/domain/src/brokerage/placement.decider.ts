import { dateInEngland, isLocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  DAY_LENGTHS,
  guidelineHalfDays,
  halfDaysOf,
  HALF_DAYS_PER_DAY,
  type BrokerageRules,
} from './brokerage-rules';
import {
  canonicalJson,
  checkEndPoint,
  checkGuideline,
  daysInvalid,
  isBlank,
  isPositiveWholeNumber,
  placementNotInProgress,
} from './checks';
import type {
  AmendPlacement,
  CompletePlacement,
  EndPlacementEarly,
  LogSupportDay,
  OpenPlacement,
  PlacementCommand,
  PlacementContext,
  RecordImpactEvaluation,
  TransferDays,
  VoidSupportDay,
} from './placement.commands';
import {
  OBJECTIVE_OUTCOMES,
  type AmendmentAgreement,
  type PartyAgreement,
  type PlacementEvent,
} from './placement.events';
import {
  agreementKey,
  allocationOf,
  daysTransferKey,
  evolvePlacement,
  halfDaysDelivered,
  halfDaysInUse,
  halfDaysLoggedBy,
  impactEvaluationKey,
  initialPlacementState,
  lleRemainingHalfDays,
  type PlacementOnRecord,
  type PlacementState,
} from './placement.state';

export const placementDecider: Decider<PlacementCommand, PlacementEvent, PlacementState, PlacementContext> = {
  initialState: initialPlacementState,
  evolve: evolvePlacement,
  decide(command, state, context) {
    switch (command.type) {
      case 'OpenPlacement':
        return openPlacement(command, state);
      case 'LogSupportDay':
        return logSupportDay(command, state, context);
      case 'VoidSupportDay':
        return voidSupportDay(command, state);
      case 'TransferDays':
        return transferDays(command, state);
      case 'AmendPlacement':
        return amendPlacement(command, state, context);
      case 'CompletePlacement':
        return completePlacement(command, state);
      case 'EndPlacementEarly':
        return endPlacementEarly(command, state);
      case 'RecordImpactEvaluation':
        return recordImpactEvaluation(command, state, context);
      default:
        return assertNever(command);
    }
  },
};

/** Its terms were decided on the LLE's commitments stream; opening again with the same terms is a no-op. */
function openPlacement(command: OpenPlacement, state: PlacementState): PlacementEvent[] {
  if (state.status !== 'none') {
    if (state.openedKey === canonicalJson(command.data)) return [];
    throw new DomainError(
      'PLACEMENT_ALREADY_EXISTS',
      `Placement ${command.data.placementId} is already open, with other terms`,
      'conflict',
    );
  }
  return [{ type: 'PlacementOpened', data: command.data }];
}

function logSupportDay(
  command: LogSupportDay,
  state: PlacementState,
  context: PlacementContext,
): PlacementEvent[] {
  const events = checkSupportDay(command, state, context.rules);
  if (events.length === 0) return events;
  // The person's daily limit across placements is held on their own stream: no reservation, no day.
  const { dayId, placementId, date, length } = command.data;
  const reservation = context.reservation;
  if (
    reservation === undefined ||
    reservation.dayId !== dayId ||
    reservation.placementId !== placementId ||
    reservation.date !== date ||
    reservation.halfDays !== halfDaysOf(length)
  ) {
    throw new DomainError(
      'PERSON_DAY_NOT_RESERVED',
      `Day ${dayId} must be reserved on the person's own days before it is logged on the placement`,
      'conflict',
    );
  }
  return events;
}

/**
 * Everything LogSupportDay checks on the placement itself, without the person's reservation: the edge may
 * call it first, to refuse a day before reserving anything.
 */
export function checkSupportDay(
  command: LogSupportDay,
  state: PlacementState,
  rules: BrokerageRules,
): PlacementEvent[] {
  const { placementId, dayId, personId, date, length, note } = command.data;
  const current = onRecord(state, placementId);
  const logged = current.days[dayId];
  if (logged !== undefined) {
    if (logged.voidReason !== undefined) throw dayAlreadyVoided(dayId);
    if (logged.personId === personId && logged.date === date && logged.halfDays === halfDaysOf(length)) {
      return [];
    }
    throw new DomainError(
      'DAY_ID_REUSED',
      `Day ${dayId} is already logged, for ${logged.date} by ${logged.personId}`,
      'conflict',
    );
  }
  inProgress(current);
  if (!(DAY_LENGTHS as readonly string[]).includes(length)) {
    throw new DomainError('DAY_LENGTH_INVALID', 'A support day is a full day or a half day');
  }
  if (!isLocalDate(date)) throw new DomainError('DATE_INVALID', `${String(date)} is not a date`);
  const allocation = allocationOf(current, personId);
  if (allocation === undefined) {
    throw new DomainError(
      'PERSON_NOT_ON_PLACEMENT',
      'Days are logged by the LLE or by a member of staff days were transferred to',
    );
  }
  const { startDate, endPoint } = current.terms;
  if (date < startDate) {
    throw new DomainError('DAY_BEFORE_START', `${date} is before the placement starts on ${startDate}`);
  }
  if (date > endPoint.date) {
    throw new DomainError('DAY_AFTER_END_POINT', `${date} is after the agreed end point, ${endPoint.date}`);
  }
  const today = dateInEngland(command.metadata.now);
  if (date > today) {
    throw new DomainError('DAY_IN_THE_FUTURE', `Days are logged once delivered; ${date} is still to come`);
  }
  if (isBlank(note)) throw new DomainError('NOTE_REQUIRED', 'Add a short note of what was done');
  if (note.length > rules.supportDays.noteMaxLength) {
    throw new DomainError(
      'NOTE_TOO_LONG',
      `A day's note is at most ${rules.supportDays.noteMaxLength} characters`,
    );
  }
  const halfDays = halfDaysOf(length);
  const used = halfDaysLoggedBy(current, personId);
  if (used + halfDays > allocation) {
    throw new DomainError(
      'BEYOND_DAYS_AGREED',
      `${used} of the ${allocation} half-days this person can deliver on the placement are logged; ${halfDays} more would go beyond the days agreed`,
      'rule',
      { allocationHalfDays: allocation, loggedHalfDays: used, halfDays },
    );
  }
  const sameDate = Object.values(current.days)
    .filter((day) => day.voidReason === undefined && day.personId === personId && day.date === date)
    .reduce((sum, day) => sum + day.halfDays, 0);
  if (sameDate + halfDays > HALF_DAYS_PER_DAY) {
    throw new DomainError(
      'MORE_THAN_A_FULL_DAY',
      `This person already has ${sameDate === 2 ? 'a full day' : 'a half day'} logged on ${date}; one person delivers at most a full day on a date`,
      'rule',
      { date, halfDaysAlready: sameDate },
    );
  }
  return [
    {
      type: 'SupportDayLogged',
      data: {
        placementId,
        dayId,
        personId,
        deliveredAs: personId === current.terms.lleId ? 'lle' : 'staff',
        date,
        halfDays,
        note,
        loggedOn: today,
      },
    },
  ];
}

/** Allowed after the placement ended too: a correction found late is still reversed (a credit). */
function voidSupportDay(command: VoidSupportDay, state: PlacementState): PlacementEvent[] {
  const { placementId, dayId, reason } = command.data;
  const current = onRecord(state, placementId);
  const day = current.days[dayId];
  if (day === undefined) {
    throw new DomainError('DAY_NOT_FOUND', `No day ${dayId} is logged on this placement`, 'not_found');
  }
  if (day.voidReason !== undefined) {
    if (day.voidReason === reason) return [];
    throw dayAlreadyVoided(dayId);
  }
  if (isBlank(reason)) throw new DomainError('REASON_REQUIRED', 'Voiding a day needs a reason');
  const { personId, date, halfDays } = day;
  return [
    {
      type: 'SupportDayVoided',
      data: {
        placementId,
        dayId,
        personId,
        date,
        halfDays,
        reason,
        voidedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function transferDays(command: TransferDays, state: PlacementState): PlacementEvent[] {
  const { placementId, transferId, toPersonId, role, halfDays } = command.data;
  const current = onRecord(state, placementId);
  const earlier = current.transfers[transferId];
  if (earlier !== undefined) {
    if (earlier === daysTransferKey(toPersonId, role, halfDays)) return [];
    throw new DomainError(
      'TRANSFER_ID_REUSED',
      `Transfer ${transferId} was already made, with other terms`,
      'conflict',
    );
  }
  inProgress(current);
  const { lleId } = current.terms;
  if (isBlank(toPersonId) || toPersonId === lleId) {
    throw new DomainError(
      'TRANSFEREE_INVALID',
      "Days are transferred to another member of staff at the LLE's school, not to the LLE",
    );
  }
  if (isBlank(role)) {
    throw new DomainError('ROLE_REQUIRED', 'Say what role the member of staff has (e.g. deputy head)');
  }
  if (!isPositiveWholeNumber(halfDays)) throw daysInvalid('The days transferred', halfDays);
  const remaining = lleRemainingHalfDays(current);
  if (halfDays > remaining) {
    throw new DomainError(
      'TRANSFER_BEYOND_REMAINING',
      `The LLE has ${remaining} half-days remaining on this placement, fewer than the ${halfDays} to transfer`,
      'rule',
      { remainingHalfDays: remaining, halfDays },
    );
  }
  return [
    {
      type: 'DaysTransferred',
      data: {
        placementId,
        transferId,
        lleId,
        toPersonId,
        role,
        halfDays,
        transferredOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

/**
 * Raising the days needs them reserved first on the LLE's commitments stream for this amendment
 * (ReservePlacementDays, where the capacity is checked); lowering them is released there afterwards
 * (`commitmentChangesAfter`). So the days committed never fall below the days agreed.
 */
function amendPlacement(
  command: AmendPlacement,
  state: PlacementState,
  context: PlacementContext,
): PlacementEvent[] {
  const { placementId, amendmentId, agreement } = command.data;
  const current = onRecord(state, placementId);
  const { terms } = current;
  const halfDaysAgreed = command.data.halfDaysAgreed ?? terms.halfDaysAgreed;
  const endPoint = command.data.endPoint ?? terms.endPoint;
  const guideline = guidelineHalfDays(context.rules);
  const override =
    halfDaysAgreed > guideline && command.data.guidelineOverride !== undefined
      ? { reason: command.data.guidelineOverride.reason }
      : undefined;
  // A retry names the same days and end point it set (those it left out are not compared), agreed alike.
  const earlier = current.amendments[amendmentId];
  if (earlier !== undefined) {
    const given = command.data;
    const same =
      (given.halfDaysAgreed === undefined || given.halfDaysAgreed === earlier.halfDaysAgreed) &&
      (given.endPoint === undefined ||
        (given.endPoint.date === earlier.endPoint.date &&
          given.endPoint.description === earlier.endPoint.description)) &&
      agreement !== undefined &&
      agreementKey(agreement) === earlier.agreementKey;
    if (same) return [];
    throw new DomainError(
      'AMENDMENT_ID_REUSED',
      `Amendment ${amendmentId} was already recorded, with other terms`,
      'conflict',
    );
  }
  inProgress(current);
  if (command.data.halfDaysAgreed === undefined && command.data.endPoint === undefined) {
    throw new DomainError('AMENDMENT_EMPTY', 'An amendment changes the days agreed, the end point, or both');
  }
  const today = dateInEngland(command.metadata.now);
  checkAgreement(agreement, today);
  if (!isPositiveWholeNumber(halfDaysAgreed)) throw daysInvalid('The days agreed', halfDaysAgreed);
  const inUse = halfDaysInUse(current);
  if (halfDaysAgreed < inUse) {
    throw new DomainError(
      'DAYS_BELOW_IN_USE',
      `${inUse} half-days are already logged by the LLE or transferred; the days agreed cannot go below that`,
      'rule',
      { inUseHalfDays: inUse },
    );
  }
  const checked = checkEndPoint(endPoint, terms.startDate);
  const lastDay = Object.values(current.days)
    .filter((day) => day.voidReason === undefined)
    .reduce<string | undefined>(
      (last, day) => (last === undefined || day.date > last ? day.date : last),
      undefined,
    );
  if (lastDay !== undefined && checked.date < lastDay) {
    throw new DomainError(
      'END_POINT_BEFORE_LOGGED_DAY',
      `A day is logged on ${lastDay}; the end point cannot come before it`,
    );
  }
  const sameDays = halfDaysAgreed === terms.halfDaysAgreed;
  if (
    sameDays &&
    checked.date === terms.endPoint.date &&
    checked.description === terms.endPoint.description
  ) {
    return [];
  }
  if (!sameDays) checkGuideline(halfDaysAgreed, guideline, command.data.guidelineOverride);
  const increase = halfDaysAgreed - terms.halfDaysAgreed;
  const reserved = context.reservedHalfDays ?? 0;
  if (increase > 0 && reserved < increase) {
    throw new DomainError(
      'DAYS_NOT_RESERVED',
      `Raising the days by ${increase} half-days needs them reserved on the LLE's commitments first (${reserved} reserved for amendment ${amendmentId})`,
      'conflict',
      { increaseHalfDays: increase, reservedHalfDays: reserved },
    );
  }
  return [
    {
      type: 'PlacementAmended',
      data: {
        placementId,
        amendmentId,
        lleId: terms.lleId,
        halfDaysBefore: terms.halfDaysAgreed,
        halfDaysAgreed,
        halfDaysReserved: reserved,
        endPointBefore: terms.endPoint,
        endPoint: checked,
        agreement: copyAgreement(agreement),
        guidelineHalfDays: guideline,
        ...(override !== undefined ? { guidelineOverride: override } : {}),
        amendedOn: today,
      },
    },
  ];
}

const PARTIES = ['lle', 'recipient', 'alliance'] as const;

function checkAgreement(agreement: AmendmentAgreement | undefined, today: string): void {
  const missing = PARTIES.filter((party) => {
    const given: PartyAgreement | undefined = agreement?.[party];
    return (
      given === undefined || isBlank(given.agreedBy) || !isLocalDate(given.agreedOn) || given.agreedOn > today
    );
  });
  if (missing.length > 0) {
    throw new DomainError(
      'AGREEMENT_INCOMPLETE',
      `Amending a placement needs the agreement of the LLE, the recipient and the alliance, each by someone on a past date; missing: ${missing.join(', ')}`,
      'rule',
      { missing },
    );
  }
}

function copyAgreement(agreement: AmendmentAgreement): AmendmentAgreement {
  const copy = ({ agreedBy, agreedOn }: PartyAgreement): PartyAgreement => ({ agreedBy, agreedOn });
  return {
    lle: copy(agreement.lle),
    recipient: copy(agreement.recipient),
    alliance: copy(agreement.alliance),
  };
}

/** At the end point: on or after its date. Before it, the placement is ended early, with a reason. */
function completePlacement(command: CompletePlacement, state: PlacementState): PlacementEvent[] {
  const { placementId } = command.data;
  const current = onRecord(state, placementId);
  if (current.status === 'completed') return [];
  inProgress(current);
  const today = dateInEngland(command.metadata.now);
  if (today < current.terms.endPoint.date) {
    throw new DomainError(
      'END_POINT_NOT_REACHED',
      `The agreed end point is ${current.terms.endPoint.date}; end the placement early instead, with a reason`,
    );
  }
  return [
    {
      type: 'PlacementCompleted',
      data: {
        placementId,
        lleId: current.terms.lleId,
        halfDaysAgreed: current.terms.halfDaysAgreed,
        halfDaysDelivered: halfDaysDelivered(current),
        completedOn: today,
      },
    },
  ];
}

function endPlacementEarly(command: EndPlacementEarly, state: PlacementState): PlacementEvent[] {
  const { placementId, reason } = command.data;
  const current = onRecord(state, placementId);
  if (current.status === 'ended_early' && current.reason === reason) return [];
  inProgress(current);
  if (isBlank(reason)) throw new DomainError('REASON_REQUIRED', 'Ending a placement early needs a reason');
  return [
    {
      type: 'PlacementEndedEarly',
      data: {
        placementId,
        lleId: current.terms.lleId,
        reason,
        halfDaysAgreed: current.terms.halfDaysAgreed,
        halfDaysDelivered: halfDaysDelivered(current),
        endedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

/**
 * Once ended (completed or early): every objective gets an outcome and evidence, rated against each of some
 * competencies of the LLE's cluster framework; the recipient's view and the LLE's view are both kept.
 */
function recordImpactEvaluation(
  command: RecordImpactEvaluation,
  state: PlacementState,
  context: PlacementContext,
): PlacementEvent[] {
  const { placementId, objectives, recipientView, lleView } = command.data;
  const current = onRecord(state, placementId);
  if (current.evaluation !== undefined) {
    if (current.evaluation === impactEvaluationKey(command.data)) return [];
    throw new DomainError(
      'IMPACT_ALREADY_EVALUATED',
      `The impact of placement ${placementId} is already evaluated`,
      'conflict',
    );
  }
  if (current.status === 'in_progress') {
    throw new DomainError(
      'PLACEMENT_NOT_ENDED',
      'Impact is evaluated once the placement is completed or ended early',
    );
  }
  const framework = context.framework;
  if (framework === undefined || framework.competencies.length === 0) {
    throw new DomainError(
      'NO_COMPETENCY_FRAMEWORK',
      'The LLE is in no cluster with a competency framework to evaluate impact against',
    );
  }
  const { min, max } = context.rules.impact.rating;
  const competencyIds = new Set(framework.competencies.map((competency) => competency.competencyId));
  const expected = new Set(current.terms.objectives.map((objective) => objective.objectiveId));
  const seen = new Set<string>();
  const evaluated = objectives.map(({ objectiveId, outcome, evidence, ratings }) => {
    if (!expected.has(objectiveId)) {
      throw new DomainError('UNKNOWN_OBJECTIVE', `Objective ${objectiveId} is not one of the placement's`);
    }
    if (seen.has(objectiveId)) {
      throw new DomainError('OBJECTIVE_EVALUATED_TWICE', `Objective ${objectiveId} is evaluated twice`);
    }
    seen.add(objectiveId);
    if (!(OBJECTIVE_OUTCOMES as readonly string[]).includes(outcome)) {
      throw new DomainError('OUTCOME_INVALID', `An objective's outcome is ${OBJECTIVE_OUTCOMES.join(', ')}`);
    }
    if (isBlank(evidence)) {
      throw new DomainError('EVIDENCE_REQUIRED', `Objective ${objectiveId} needs evidence of its outcome`);
    }
    if (ratings.length === 0) {
      throw new DomainError(
        'RATINGS_REQUIRED',
        `Objective ${objectiveId} is rated against at least one competency of the framework`,
      );
    }
    const rated = new Set<string>();
    for (const { competencyId, rating } of ratings) {
      if (!competencyIds.has(competencyId)) {
        throw new DomainError(
          'UNKNOWN_COMPETENCY',
          `Competency ${competencyId} is not in the framework of cluster ${framework.clusterId}`,
        );
      }
      if (rated.has(competencyId)) {
        throw new DomainError(
          'RATING_INVALID',
          `Competency ${competencyId} is rated twice for ${objectiveId}`,
        );
      }
      rated.add(competencyId);
      if (!Number.isInteger(rating) || rating < min || rating > max) {
        throw new DomainError('RATING_INVALID', `Ratings are whole numbers from ${min} to ${max}`);
      }
    }
    return {
      objectiveId,
      outcome,
      evidence,
      ratings: ratings.map(({ competencyId, rating }) => ({ competencyId, rating })),
    };
  });
  const missing = [...expected].filter((objectiveId) => !seen.has(objectiveId));
  if (missing.length > 0) {
    throw new DomainError(
      'OBJECTIVES_NOT_EVALUATED',
      `Every objective gets an outcome; missing: ${missing.join(', ')}`,
      'rule',
      { missing },
    );
  }
  if (isBlank(recipientView) || isBlank(lleView)) {
    throw new DomainError('VIEWS_REQUIRED', "Both the recipient's view and the LLE's view are kept");
  }
  return [
    {
      type: 'ImpactEvaluationRecorded',
      data: {
        placementId,
        lleId: current.terms.lleId,
        clusterId: framework.clusterId,
        objectives: evaluated,
        recipientView,
        lleView,
        evaluatedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function onRecord(state: PlacementState, placementId: string): PlacementOnRecord {
  if (state.status === 'none') {
    throw new DomainError('PLACEMENT_NOT_FOUND', `There is no placement ${placementId}`, 'not_found');
  }
  return state;
}

function inProgress(current: PlacementOnRecord): void {
  if (current.status !== 'in_progress')
    throw placementNotInProgress(current.terms.placementId, current.status);
}

function dayAlreadyVoided(dayId: string): DomainError {
  return new DomainError(
    'DAY_ALREADY_VOIDED',
    `Day ${dayId} was already voided; a day delivered after all is logged again under a new id`,
    'conflict',
  );
}
