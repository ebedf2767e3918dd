import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';
import type { CriterionPrecheck, EligibilityCriterion, PartA, PrecheckResult } from './eligibility-rules';
import type { RefereeKind } from './referee-kinds';

/**
 * An application to become an LLE, from submission to the designation panel's decision. People appear
 * only by person id (applicant, referee) or, for staff, by the subject of their token: names and contact
 * details live in the erasable person store. Part A evidence and Part B are the applicant's own account of
 * their work, which the assessment needs.
 */

/** The assessment stages of the source text, in the order they run. */
export const ASSESSMENT_STAGES = ['part_a', 'part_b', 'reference', 'panel'] as const;
export type AssessmentStage = (typeof ASSESSMENT_STAGES)[number];

export const PANEL_DECISIONS = ['designate', 'decline', 'defer'] as const;
export type PanelDecision = (typeof PANEL_DECISIONS)[number];

/** One section of the written evidence; each area is scored by the Part B assessors. */
export interface PartBSection {
  readonly area: string;
  readonly text: string;
}

export interface Referee {
  readonly refereeId: string;
  readonly kind: RefereeKind;
}

/** What the applicant can amend until verification starts. */
export interface ApplicationContent {
  readonly schoolUrn: number;
  readonly partA: PartA;
  readonly partB: readonly PartBSection[];
  readonly referee: Referee;
}

export interface CriterionVerdict {
  readonly criterion: EligibilityCriterion;
  /** What the pre-check proposed. */
  readonly proposed: PrecheckResult;
  readonly verdict: PrecheckResult;
  readonly evidenceNote: string;
  /** Why the verifier departs from the proposal; only when verdict and proposal differ. */
  readonly overruleReason?: string;
}

export interface PartBScore {
  readonly area: string;
  readonly score: number;
}

export type ApplicationSubmitted = Event<
  'ApplicationSubmitted',
  ApplicationContent & {
    applicationId: string;
    roundId: string;
    applicantId: string;
    alliance: AllianceCode;
    /** What the system proposed for each criterion, so auditors can see it beside what the verifier found. */
    precheck: CriterionPrecheck[];
    submittedOn: LocalDate;
  }
>;
export type ApplicationAmended = Event<
  'ApplicationAmended',
  ApplicationContent & { applicationId: string; precheck: CriterionPrecheck[]; amendedOn: LocalDate }
>;
export type ApplicationWithdrawn = Event<
  'ApplicationWithdrawn',
  { applicationId: string; withdrawnOn: LocalDate }
>;
export type PartAVerified = Event<
  'PartAVerified',
  { applicationId: string; verdicts: CriterionVerdict[]; verifiedBy: string; verifiedOn: LocalDate }
>;
export type PartBAssessed = Event<
  'PartBAssessed',
  {
    applicationId: string;
    scores: PartBScore[];
    comment: string;
    assessedBy: string;
    assessedOn: LocalDate;
  }
>;
/** Written with the assessment that brings Part B to the minimum number of assessors then configured. */
export type PartBAssessmentCompleted = Event<
  'PartBAssessmentCompleted',
  { applicationId: string; assessors: string[]; minimumAssessors: number; completedOn: LocalDate }
>;
export type ReferenceReviewed = Event<
  'ReferenceReviewed',
  {
    applicationId: string;
    supportsApplication: boolean;
    commitsToDeploying: boolean;
    notes: string;
    reviewedBy: string;
    reviewedOn: LocalDate;
  }
>;
export type PanelDecisionRecorded = Event<
  'PanelDecisionRecorded',
  {
    applicationId: string;
    decision: PanelDecision;
    reasons: string;
    decidedBy: string;
    decidedOn: LocalDate;
  }
>;
/** An explicit reassessment: the stage and every later stage on record are to be done again. */
export type AssessmentStageReopened = Event<
  'AssessmentStageReopened',
  {
    applicationId: string;
    stage: AssessmentStage;
    reopened: AssessmentStage[];
    reason: string;
    reopenedBy: string;
    reopenedOn: LocalDate;
  }
>;

export type ApplicationEvent =
  | ApplicationSubmitted
  | ApplicationAmended
  | ApplicationWithdrawn
  | PartAVerified
  | PartBAssessed
  | PartBAssessmentCompleted
  | ReferenceReviewed
  | PanelDecisionRecorded
  | AssessmentStageReopened;

export const APPLICATION_EVENT_TYPES: EventTypeDefinitions<ApplicationEvent['type']> = {
  ApplicationSubmitted: { schemaVersion: 1 },
  ApplicationAmended: { schemaVersion: 1 },
  ApplicationWithdrawn: { schemaVersion: 1 },
  PartAVerified: { schemaVersion: 1 },
  PartBAssessed: { schemaVersion: 1 },
  PartBAssessmentCompleted: { schemaVersion: 1 },
  ReferenceReviewed: { schemaVersion: 1 },
  PanelDecisionRecorded: { schemaVersion: 1 },
  AssessmentStageReopened: { schemaVersion: 1 },
};
