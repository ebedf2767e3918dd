import type { LocalDate } from '../shared/calendar';
import type { Command } from '../shared/command';
import type { ApplicationSummary } from './application.state';
import type { ClusterFacts } from './cluster.state';
import type { EndReason, SuspensionReason } from './designation.events';
import type { RecruitmentRules } from './recruitment-rules';

/** lleId is the applicant's person id; the alliance and school come from the application. */
export type DesignateLLE = Command<
  'DesignateLLE',
  {
    lleId: string;
    applicationId: string;
    from: LocalDate;
    reviewOn: LocalDate;
    /** Defaults to the configured days per academic year. */
    daysPerAcademicYear?: number;
  }
>;
/** A note is needed when the reason is 'other'. */
export type SuspendDesignation = Command<
  'SuspendDesignation',
  { lleId: string; reason: SuspensionReason; note?: string }
>;
export type ReinstateDesignation = Command<'ReinstateDesignation', { lleId: string; note?: string }>;
export type EndDesignation = Command<'EndDesignation', { lleId: string; reason: EndReason; note?: string }>;
/** Decided on the LLE's designation stream (see designation.events.ts), not on the cluster's. */
export type AddLLEToCluster = Command<'AddLLEToCluster', { lleId: string; clusterId: string }>;
export type MoveLLEBetweenClusters = Command<
  'MoveLLEBetweenClusters',
  { lleId: string; fromClusterId: string; toClusterId: string; reason: string }
>;

export type LLEDesignationCommand =
  | DesignateLLE
  | SuspendDesignation
  | ReinstateDesignation
  | EndDesignation
  | AddLLEToCluster
  | MoveLLEBetweenClusters;

export function lleDesignationStreamId(lleId: string): string {
  return `designation-${lleId}`;
}

/**
 * Looked up at the edge before deciding:
 * - always: `rules` (the default days per academic year);
 * - DesignateLLE: `application`, the summary of the application's folded stream (`applicationSummary`);
 * - AddLLEToCluster / MoveLLEBetweenClusters: `cluster`, the facts of the cluster joined (`clusterFacts`).
 * A lookup that found nothing is left undefined and refused as unknown.
 */
export interface LLEDesignationContext {
  readonly rules: RecruitmentRules;
  readonly application?: ApplicationSummary;
  readonly cluster?: ClusterFacts;
}
