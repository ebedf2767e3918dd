import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';
import type { RequestingBody } from './support-request.events';

/**
 * An LLE's commitments, one stream per LLE (`lle-commitments-<lleId>`, the LLE's person id): the half-days
 * of every placement they are committed to, per academic year. It is the consistency boundary of the rule
 * that an LLE's committed days per academic year never pass their capacity: every decision that adds days
 * (BrokerPlacement, ReservePlacementDays) is decided here, on the stream's whole history, and appended with
 * the revision read, so brokers placing the same LLE at the same moment conflict on this one stream and the
 * loser decides again on fresh state (an EventStoreDB append is atomic per stream).
 *
 * Academic years: all of a placement's days are committed in the academic year of its start date (the year
 * the agreement was made for), even if its end point lies in the next year. The guideline and the capacity
 * are both checked against that one year. Amendments change the days, never the start, so never the year.
 *
 * Invariant: for every open placement, the half-days committed here are at least the half-days agreed on
 * the placement's own stream. Days are therefore reserved here before a placement can use them (brokering,
 * raising the days) and released here only after the placement gave them up (lowering the days, completion,
 * an early end). Each reservation and release is keyed by the id of what caused it and stored as a change,
 * so replays, retries and reactors completing a step in any order never count anything twice.
 */
export interface EndPoint {
  /** The agreed last date of the placement. */
  readonly date: LocalDate;
  /** What "done" means, as agreed between the LLE, the recipient and the alliance. */
  readonly description: string;
}

export interface Objective {
  readonly objectiveId: string;
  readonly description: string;
}

/** The terms of a placement as brokered: everything its own stream, dashboards and billing start from. */
export interface PlacementTerms {
  placementId: string;
  requestId: string;
  /** The LLE's person id. */
  lleId: string;
  /** The brokering alliance: the request's, in which the LLE is designated. */
  alliance: AllianceCode;
  /** The school the LLE leads, credited with its share of each fee. */
  lleSchoolUrn: number;
  recipientUrn: number;
  /** Invoiced for delivered days at the day rate. */
  requestingBody: RequestingBody;
  phase: string;
  startDate: LocalDate;
  endPoint: EndPoint;
  /** The academic year (label, e.g. 2027/28) of the start date, in which all the days are committed. */
  academicYear: string;
  halfDaysAgreed: number;
  /** Integer pence per full day. */
  dayRatePence: number;
  /** The share of each fee credited to the LLE's school, in basis points (0 to 10000). */
  lleSchoolShareBps: number;
  objectives: Objective[];
  /** The guideline applied, in half-days per academic year. */
  guidelineHalfDays: number;
  /** Present when the days agreed are above the guideline: why, for auditors. */
  guidelineOverride?: { reason: string };
}

export type PlacementBrokered = Event<
  'PlacementBrokered',
  PlacementTerms & {
    /** The LLE's capacity applied, and what they had committed in the year before this placement. */
    capacityHalfDays: number;
    committedHalfDaysBefore: number;
    brokeredOn: LocalDate;
  }
>;
/** Days set aside before an amendment raises a placement's days; keyed by the amendment's id. */
export type PlacementDaysReserved = Event<
  'PlacementDaysReserved',
  {
    lleId: string;
    placementId: string;
    amendmentId: string;
    academicYear: string;
    halfDays: number;
    capacityHalfDays: number;
    committedHalfDaysBefore: number;
    reservedOn: LocalDate;
  }
>;
export const RELEASE_REASONS = [
  /** An amendment lowered the placement's days. */
  'amended_down',
  /** A reservation the amendment did not use (refused, or it raised the days by less). */
  'reservation_unused',
] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

export type PlacementDaysReleased = Event<
  'PlacementDaysReleased',
  {
    lleId: string;
    placementId: string;
    amendmentId: string;
    reason: ReleaseReason;
    academicYear: string;
    halfDays: number;
    releasedOn: LocalDate;
  }
>;
/** Completed or ended early: the commitment becomes the half-days delivered, the rest goes back. */
export type PlacementCommitmentClosed = Event<
  'PlacementCommitmentClosed',
  {
    lleId: string;
    placementId: string;
    outcome: 'completed' | 'ended_early';
    academicYear: string;
    halfDaysBefore: number;
    halfDaysDelivered: number;
    closedOn: LocalDate;
  }
>;

export type LLECommitmentsEvent =
  PlacementBrokered | PlacementDaysReserved | PlacementDaysReleased | PlacementCommitmentClosed;

export const LLE_COMMITMENTS_EVENT_TYPES: EventTypeDefinitions<LLECommitmentsEvent['type']> = {
  PlacementBrokered: { schemaVersion: 1 },
  PlacementDaysReserved: { schemaVersion: 1 },
  PlacementDaysReleased: { schemaVersion: 1 },
  PlacementCommitmentClosed: { schemaVersion: 1 },
};
