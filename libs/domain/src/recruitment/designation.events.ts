import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * An LLE's designation, one stream per person (the LLE id is the applicant's person id, so placements refer
 * to a person id, never a name). The stream also holds the LLE's cluster membership: moving between clusters
 * then changes one stream, atomically, and can never leave the LLE in two clusters or none; the cluster's
 * existence and alliance are checked from its own stream, passed in as context.
 */
export const SUSPENSION_REASONS = [
  /** The school's inspection outcome fell below the level the eligibility rules require. */
  'inspection_below_required',
  /** A concern is being looked into. */
  'under_review',
  /** Not available for placements for a while. */
  'unavailable',
  'other',
] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

export const END_REASONS = [
  'inspection_below_required',
  'head_left_school',
  'withdrew',
  /** Not redesignated at the review date. */
  'review_unsuccessful',
  'other',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export type LLEDesignated = Event<
  'LLEDesignated',
  {
    lleId: string;
    applicationId: string;
    alliance: AllianceCode;
    /** The school the LLE leads, which can never receive their support. */
    schoolUrn: number;
    from: LocalDate;
    reviewOn: LocalDate;
    daysPerAcademicYear: number;
    designatedOn: LocalDate;
  }
>;
/** Takes effect on the day it is recorded: the LLE cannot be placed from that day. */
export type LLEDesignationSuspended = Event<
  'LLEDesignationSuspended',
  { lleId: string; reason: SuspensionReason; note?: string; suspendedOn: LocalDate }
>;
export type LLEDesignationReinstated = Event<
  'LLEDesignationReinstated',
  { lleId: string; note?: string; reinstatedOn: LocalDate }
>;
/** Takes effect on the day it is recorded; it also ends the LLE's cluster membership. */
export type LLEDesignationEnded = Event<
  'LLEDesignationEnded',
  { lleId: string; reason: EndReason; note?: string; endedOn: LocalDate }
>;
export type LLEAssignedToCluster = Event<
  'LLEAssignedToCluster',
  { lleId: string; clusterId: string; assignedOn: LocalDate }
>;
export type LLEMovedBetweenClusters = Event<
  'LLEMovedBetweenClusters',
  { lleId: string; fromClusterId: string; toClusterId: string; reason: string; movedOn: LocalDate }
>;

export type LLEDesignationEvent =
  | LLEDesignated
  | LLEDesignationSuspended
  | LLEDesignationReinstated
  | LLEDesignationEnded
  | LLEAssignedToCluster
  | LLEMovedBetweenClusters;

export const LLE_DESIGNATION_EVENT_TYPES: EventTypeDefinitions<LLEDesignationEvent['type']> = {
  LLEDesignated: { schemaVersion: 1 },
  LLEDesignationSuspended: { schemaVersion: 1 },
  LLEDesignationReinstated: { schemaVersion: 1 },
  LLEDesignationEnded: { schemaVersion: 1 },
  LLEAssignedToCluster: { schemaVersion: 1 },
  LLEMovedBetweenClusters: { schemaVersion: 1 },
};
