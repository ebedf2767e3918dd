import type { Competency } from '../recruitment/cluster.events';
import type { LocalDate } from '../shared/calendar';
import type { Command, CommandMetadata } from '../shared/command';
import type { BrokerageRules, DayLength } from './brokerage-rules';
import type { EndPoint, PlacementBrokered } from './lle-commitments.events';
import type { AmendmentAgreement, ObjectiveEvaluation } from './placement.events';
import type { PersonDayReservation } from './person-days.state';

/** Built from PlacementBrokered by `openPlacementFrom`: the second append of brokering. */
export type OpenPlacement = Command<'OpenPlacement', PlacementBrokered['data']>;
/**
 * `dayId` is made by the client: a retry with the same id logs nothing twice.
 *
 * The order of appends at the edge:
 *   0. (optional) `checkSupportDay` on the placement's state, to refuse a day before reserving anything;
 *   1. `person-days-<personId>`: `reservePersonDayFor(log)` → PersonDayReserved, keyed by the day id (the
 *      daily limit across placements: MORE_THAN_A_FULL_DAY);
 *   2. `placement-<placementId>`: LogSupportDay, with `reservation` read from the person's stream; the
 *      placement refuses a day whose reservation it cannot see (PERSON_DAY_NOT_RESERVED).
 *   If 2 refuses the day, `releasePersonDayFor(log, 'not_logged')`. If the process dies between 1 and 2,
 *   the client's retry with the same day id completes it (1 is then a no-op); a reservation never used
 *   (no day with its id on the placement, see `supportDayOf`) may be released by a sweep after a grace
 *   period longer than any retry. VoidSupportDay: the placement first, then `releasePersonDayFrom(voided)`,
 *   resent by a reactor on SupportDayVoided.
 */
export type LogSupportDay = Command<
  'LogSupportDay',
  {
    placementId: string;
    dayId: string;
    personId: string;
    date: LocalDate;
    length: DayLength;
    note: string;
  }
>;
export type VoidSupportDay = Command<
  'VoidSupportDay',
  { placementId: string; dayId: string; reason: string }
>;
export type TransferDays = Command<
  'TransferDays',
  { placementId: string; transferId: string; toPersonId: string; role: string; halfDays: number }
>;
/** The days, the end point, or both; with the agreement of the LLE, the recipient and the alliance. */
export type AmendPlacement = Command<
  'AmendPlacement',
  {
    placementId: string;
    amendmentId: string;
    halfDaysAgreed?: number;
    endPoint?: EndPoint;
    agreement: AmendmentAgreement;
    /** Needed when the amended days are above the guideline. */
    guidelineOverride?: { reason: string };
  }
>;
export type CompletePlacement = Command<'CompletePlacement', { placementId: string }>;
export type EndPlacementEarly = Command<'EndPlacementEarly', { placementId: string; reason: string }>;
export type RecordImpactEvaluation = Command<
  'RecordImpactEvaluation',
  {
    placementId: string;
    objectives: ObjectiveEvaluation[];
    recipientView: string;
    lleView: string;
  }
>;

export type PlacementCommand =
  | OpenPlacement
  | LogSupportDay
  | VoidSupportDay
  | TransferDays
  | AmendPlacement
  | CompletePlacement
  | EndPlacementEarly
  | RecordImpactEvaluation;

export function placementStreamId(placementId: string): string {
  return `placement-${placementId}`;
}

/** The competency framework of a cluster (its folded `cluster-<clusterId>` stream). */
export interface CompetencyFramework {
  readonly clusterId: string;
  readonly competencies: readonly Competency[];
}

/**
 * Looked up at the edge before deciding, once per attempt:
 * - always: `rules`;
 * - LogSupportDay: `reservation`, the day's reservation on the person's stream
 *   (`personDayReservation(fold of person-days-<personId>, dayId)`), made just before;
 * - AmendPlacement raising the days: `reservedHalfDays`, what the LLE's commitments stream holds for this
 *   amendment (`reservedForAmendment(fold of lle-commitments-<lleId>, placementId, amendmentId)`);
 * - RecordImpactEvaluation: `framework`, the competencies of the LLE's cluster (the cluster of `lleFacts`).
 */
export interface PlacementContext {
  readonly rules: BrokerageRules;
  readonly reservation?: PersonDayReservation;
  readonly reservedHalfDays?: number;
  readonly framework?: CompetencyFramework;
}

/** The placement's own stream, opened from the event that brokered it on the LLE's commitments stream. */
export function openPlacementFrom(brokered: PlacementBrokered, metadata: CommandMetadata): OpenPlacement {
  return { type: 'OpenPlacement', data: brokered.data, metadata };
}
