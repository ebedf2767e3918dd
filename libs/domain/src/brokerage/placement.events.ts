import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';
import type { EndPoint, PlacementBrokered } from './lle-commitments.events';

/**
 * A placement, one stream per placement (`placement-<placementId>`): its support days, transfers of days to
 * the LLE's staff, amendments, its end and its impact. It is the consistency boundary of the placement's own
 * rules: a day's id is logged once, within the dates and within the days agreed (counting transfers).
 *
 * It is opened from the PlacementBrokered event decided on the LLE's commitments stream (which holds the
 * capacity rule across placements), carrying the same terms; see `openPlacementFrom`.
 */
export type PlacementOpened = Event<'PlacementOpened', PlacementBrokered['data']>;

/** Logged as delivered, by the LLE or by a member of staff the days were transferred to. */
export type SupportDayLogged = Event<
  'SupportDayLogged',
  {
    placementId: string;
    dayId: string;
    /** Who delivered it: the LLE, or a member of their school's staff the days were transferred to. */
    personId: string;
    deliveredAs: 'lle' | 'staff';
    date: LocalDate;
    halfDays: 1 | 2;
    /** A short note of what was done (free text; the edge may seal it). */
    note: string;
    loggedOn: LocalDate;
  }
>;
/** Reverses a logged day; billing turns a billed one into a credit. */
export type SupportDayVoided = Event<
  'SupportDayVoided',
  {
    placementId: string;
    dayId: string;
    personId: string;
    date: LocalDate;
    halfDays: 1 | 2;
    reason: string;
    voidedOn: LocalDate;
  }
>;
/** Some of the LLE's remaining days go to a member of their school's staff, by person id and role. */
export type DaysTransferred = Event<
  'DaysTransferred',
  {
    placementId: string;
    transferId: string;
    lleId: string;
    toPersonId: string;
    /** Their role, e.g. "deputy head". */
    role: string;
    halfDays: number;
    transferredOn: LocalDate;
  }
>;
/** Who agreed, for each of the three parties, and on what date. */
export interface PartyAgreement {
  /** A person id, or the user who recorded the alliance's agreement. */
  readonly agreedBy: string;
  readonly agreedOn: LocalDate;
}
export interface AmendmentAgreement {
  readonly lle: PartyAgreement;
  readonly recipient: PartyAgreement;
  readonly alliance: PartyAgreement;
}
export type PlacementAmended = Event<
  'PlacementAmended',
  {
    placementId: string;
    amendmentId: string;
    lleId: string;
    halfDaysBefore: number;
    halfDaysAgreed: number;
    /** Set aside on the LLE's commitments stream for this amendment (0 when the days did not go up). */
    halfDaysReserved: number;
    endPointBefore: EndPoint;
    endPoint: EndPoint;
    agreement: AmendmentAgreement;
    /** The guideline applied, and the override when the amended days are above it. */
    guidelineHalfDays: number;
    guidelineOverride?: { reason: string };
    amendedOn: LocalDate;
  }
>;
export type PlacementCompleted = Event<
  'PlacementCompleted',
  {
    placementId: string;
    lleId: string;
    halfDaysAgreed: number;
    halfDaysDelivered: number;
    completedOn: LocalDate;
  }
>;
export type PlacementEndedEarly = Event<
  'PlacementEndedEarly',
  {
    placementId: string;
    lleId: string;
    reason: string;
    halfDaysAgreed: number;
    halfDaysDelivered: number;
    endedOn: LocalDate;
  }
>;

export const OBJECTIVE_OUTCOMES = ['met', 'partly_met', 'not_met'] as const;
export type ObjectiveOutcome = (typeof OBJECTIVE_OUTCOMES)[number];

export interface CompetencyRating {
  readonly competencyId: string;
  readonly rating: number;
}

export interface ObjectiveEvaluation {
  readonly objectiveId: string;
  readonly outcome: ObjectiveOutcome;
  /** Free text; the edge may seal it. */
  readonly evidence: string;
  /** Against the competencies of the framework of the LLE's cluster. */
  readonly ratings: readonly CompetencyRating[];
}

export type ImpactEvaluationRecorded = Event<
  'ImpactEvaluationRecorded',
  {
    placementId: string;
    lleId: string;
    /** The cluster whose competency framework the ratings are against. */
    clusterId: string;
    objectives: ObjectiveEvaluation[];
    recipientView: string;
    lleView: string;
    evaluatedOn: LocalDate;
  }
>;

export type PlacementEvent =
  | PlacementOpened
  | SupportDayLogged
  | SupportDayVoided
  | DaysTransferred
  | PlacementAmended
  | PlacementCompleted
  | PlacementEndedEarly
  | ImpactEvaluationRecorded;

export const PLACEMENT_EVENT_TYPES: EventTypeDefinitions<PlacementEvent['type']> = {
  PlacementOpened: { schemaVersion: 1 },
  SupportDayLogged: { schemaVersion: 1 },
  SupportDayVoided: { schemaVersion: 1 },
  DaysTransferred: { schemaVersion: 1 },
  PlacementAmended: { schemaVersion: 1 },
  PlacementCompleted: { schemaVersion: 1 },
  PlacementEndedEarly: { schemaVersion: 1 },
  ImpactEvaluationRecorded: { schemaVersion: 1 },
};
