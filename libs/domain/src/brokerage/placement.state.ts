import type { LocalDate } from '../shared/calendar';
import { canonicalJson } from './checks';
import type { PlacementTerms } from './lle-commitments.events';
import type { PlacementEvent } from './placement.events';

export interface LoggedDay {
  readonly dayId: string;
  readonly personId: string;
  readonly date: LocalDate;
  readonly halfDays: 1 | 2;
  /** Set once voided: why, to tell a repeated VoidSupportDay from a different one. */
  readonly voidReason?: string;
}

/** What an amendment set: the days and end point after it, and who agreed (in canonical form). */
export interface RecordedAmendment {
  readonly halfDaysAgreed: number;
  readonly endPoint: { readonly date: LocalDate; readonly description: string };
  readonly agreementKey: string;
}

/** Days transferred to one member of staff, over all transfers to them. */
export interface StaffAllocation {
  readonly personId: string;
  readonly role: string;
  readonly halfDays: number;
}

interface OnRecord {
  /** The terms as brokered, with the days and end point as last amended. */
  readonly terms: PlacementTerms;
  /** The PlacementOpened data in canonical form, to recognise a repeated OpenPlacement. */
  readonly openedKey: string;
  readonly days: Readonly<Record<string, LoggedDay>>;
  /** By the person the days went to. */
  readonly staff: Readonly<Record<string, StaffAllocation>>;
  /** Each transfer in canonical form, by its id, to recognise a retry. */
  readonly transfers: Readonly<Record<string, string>>;
  /** Each amendment recorded, by its id, to recognise a retry. */
  readonly amendments: Readonly<Record<string, RecordedAmendment>>;
  /** The impact evaluation in canonical form, once recorded. */
  readonly evaluation?: string;
}

/** Ended placements keep their days: a day can still be voided (a credit), and the impact evaluated. */
export type PlacementState =
  | { readonly status: 'none' }
  | ({ readonly status: 'in_progress' } & OnRecord)
  | ({ readonly status: 'completed'; readonly completedOn: LocalDate } & OnRecord)
  | ({ readonly status: 'ended_early'; readonly endedOn: LocalDate; readonly reason: string } & OnRecord);

export type PlacementOnRecord = Exclude<PlacementState, { status: 'none' }>;

export const initialPlacementState = (): PlacementState => ({ status: 'none' });

export function evolvePlacement(state: PlacementState, event: PlacementEvent): PlacementState {
  switch (event.type) {
    case 'PlacementOpened': {
      if (state.status !== 'none') return state;
      const { capacityHalfDays: _c, committedHalfDaysBefore: _b, brokeredOn: _o, ...terms } = event.data;
      return {
        status: 'in_progress',
        terms,
        openedKey: canonicalJson(event.data),
        days: {},
        staff: {},
        transfers: {},
        amendments: {},
      };
    }
    case 'SupportDayLogged': {
      if (state.status === 'none') return state;
      const { dayId, personId, date, halfDays } = event.data;
      if (state.days[dayId] !== undefined) return state;
      return { ...state, days: { ...state.days, [dayId]: { dayId, personId, date, halfDays } } };
    }
    case 'SupportDayVoided': {
      if (state.status === 'none') return state;
      const day = state.days[event.data.dayId];
      if (day === undefined || day.voidReason !== undefined) return state;
      return { ...state, days: { ...state.days, [day.dayId]: { ...day, voidReason: event.data.reason } } };
    }
    case 'DaysTransferred': {
      if (state.status === 'none') return state;
      const { transferId, toPersonId, role, halfDays } = event.data;
      if (state.transfers[transferId] !== undefined) return state;
      const before = state.staff[toPersonId]?.halfDays ?? 0;
      return {
        ...state,
        staff: { ...state.staff, [toPersonId]: { personId: toPersonId, role, halfDays: before + halfDays } },
        transfers: { ...state.transfers, [transferId]: daysTransferKey(toPersonId, role, halfDays) },
      };
    }
    case 'PlacementAmended': {
      if (state.status === 'none') return state;
      const { amendmentId, halfDaysAgreed, endPoint, guidelineOverride, agreement } = event.data;
      if (state.amendments[amendmentId] !== undefined) return state;
      return {
        ...state,
        terms: {
          ...state.terms,
          halfDaysAgreed,
          endPoint,
          ...(guidelineOverride !== undefined ? { guidelineOverride } : {}),
        },
        amendments: {
          ...state.amendments,
          [amendmentId]: { halfDaysAgreed, endPoint, agreementKey: agreementKey(agreement) },
        },
      };
    }
    case 'PlacementCompleted': {
      if (state.status !== 'in_progress') return state;
      return { ...state, status: 'completed', completedOn: event.data.completedOn };
    }
    case 'PlacementEndedEarly': {
      if (state.status !== 'in_progress') return state;
      const { endedOn, reason } = event.data;
      return { ...state, status: 'ended_early', endedOn, reason };
    }
    case 'ImpactEvaluationRecorded': {
      if (state.status === 'none') return state;
      const { objectives, recipientView, lleView } = event.data;
      return { ...state, evaluation: impactEvaluationKey({ objectives, recipientView, lleView }) };
    }
    default:
      return state;
  }
}

export function daysTransferKey(toPersonId: string, role: string, halfDays: number): string {
  return JSON.stringify([toPersonId, role, halfDays]);
}

export function agreementKey(agreement: {
  readonly lle?: PartyAgreementLike;
  readonly recipient?: PartyAgreementLike;
  readonly alliance?: PartyAgreementLike;
}): string {
  const party = (p: PartyAgreementLike | undefined) => [p?.agreedBy, p?.agreedOn];
  return JSON.stringify([party(agreement.lle), party(agreement.recipient), party(agreement.alliance)]);
}

interface PartyAgreementLike {
  readonly agreedBy: string;
  readonly agreedOn: string;
}

export function impactEvaluationKey(evaluation: {
  readonly objectives: readonly {
    readonly objectiveId: string;
    readonly outcome: string;
    readonly evidence: string;
    readonly ratings: readonly { readonly competencyId: string; readonly rating: number }[];
  }[];
  readonly recipientView: string;
  readonly lleView: string;
}): string {
  return JSON.stringify([
    [...evaluation.objectives]
      .sort((a, b) => (a.objectiveId < b.objectiveId ? -1 : a.objectiveId > b.objectiveId ? 1 : 0))
      .map(({ objectiveId, outcome, evidence, ratings }) => [
        objectiveId,
        outcome,
        evidence,
        ratings.map(({ competencyId, rating }) => [competencyId, rating]),
      ]),
    evaluation.recipientView,
    evaluation.lleView,
  ]);
}

/** Half-days delivered: every logged day not voided, by anyone. */
export function halfDaysDelivered(state: PlacementOnRecord): number {
  return Object.values(state.days)
    .filter((day) => day.voidReason === undefined)
    .reduce((sum, day) => sum + day.halfDays, 0);
}

export function halfDaysLoggedBy(state: PlacementOnRecord, personId: string): number {
  return Object.values(state.days)
    .filter((day) => day.voidReason === undefined && day.personId === personId)
    .reduce((sum, day) => sum + day.halfDays, 0);
}

export function halfDaysTransferred(state: PlacementOnRecord): number {
  return Object.values(state.staff).reduce((sum, allocation) => sum + allocation.halfDays, 0);
}

/**
 * The half-days a person may log on this placement in all: the LLE, the days agreed less those transferred;
 * a member of staff, the days transferred to them; anyone else, none (undefined).
 */
export function allocationOf(state: PlacementOnRecord, personId: string): number | undefined {
  if (personId === state.terms.lleId) return state.terms.halfDaysAgreed - halfDaysTransferred(state);
  return state.staff[personId]?.halfDays;
}

/** What the LLE has left to deliver or transfer. */
export function lleRemainingHalfDays(state: PlacementOnRecord): number {
  return (allocationOf(state, state.terms.lleId) ?? 0) - halfDaysLoggedBy(state, state.terms.lleId);
}

/** The least the days agreed can be amended to: what was transferred plus what the LLE already logged. */
export function halfDaysInUse(state: PlacementOnRecord): number {
  return halfDaysTransferred(state) + halfDaysLoggedBy(state, state.terms.lleId);
}

/**
 * What dashboards, the edge's access checks (brokers act within their own alliance) and matching need to
 * know of a placement (its folded stream).
 */
export interface PlacementFacts {
  readonly placementId: string;
  readonly status: PlacementOnRecord['status'];
  readonly lleId: string;
  readonly alliance: PlacementTerms['alliance'];
  readonly recipientUrn: number;
  readonly phase: string;
  readonly academicYear: string;
  readonly startDate: LocalDate;
  readonly endPoint: PlacementTerms['endPoint'];
  readonly halfDaysAgreed: number;
  readonly halfDaysDelivered: number;
  readonly halfDaysTransferred: number;
  readonly evaluated: boolean;
}

export function placementFacts(state: PlacementState): PlacementFacts | undefined {
  if (state.status === 'none') return undefined;
  const {
    placementId,
    lleId,
    alliance,
    recipientUrn,
    phase,
    academicYear,
    startDate,
    endPoint,
    halfDaysAgreed,
  } = state.terms;
  return {
    placementId,
    status: state.status,
    lleId,
    alliance,
    recipientUrn,
    phase,
    academicYear,
    startDate,
    endPoint,
    halfDaysAgreed,
    halfDaysDelivered: halfDaysDelivered(state),
    halfDaysTransferred: halfDaysTransferred(state),
    evaluated: state.evaluation !== undefined,
  };
}

/** A logged day by its id, to tell whether a person-day reservation was used (see person-days.commands.ts). */
export function supportDayOf(state: PlacementState, dayId: string): LoggedDay | undefined {
  return state.status === 'none' ? undefined : state.days[dayId];
}
