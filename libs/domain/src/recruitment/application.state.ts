import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import {
  copyPartA,
  type CriterionPrecheck,
  type EligibilityCriterion,
  type PrecheckResult,
} from './eligibility-rules';
import {
  ASSESSMENT_STAGES,
  type ApplicationContent,
  type ApplicationEvent,
  type AssessmentStage,
  type CriterionVerdict,
  type PanelDecision,
  type PartBScore,
} from './application.events';

/** What is on file for an application: enough to decide, and to tell a retry from a change. */
export interface ApplicationFile {
  readonly applicationId: string;
  readonly roundId: string;
  readonly applicantId: string;
  readonly alliance: AllianceCode;
  readonly schoolUrn: number;
  /** The content (school, Part A, Part B, referee) in a canonical form, to compare with a command's. */
  readonly contentKey: string;
  /** The content as first submitted, so a retried SubmitApplication is recognised even after an amendment. */
  readonly submissionKey: string;
  readonly precheck: readonly CriterionPrecheck[];
  readonly partBAreas: readonly string[];
}

/** What each stage has on record. `key` is the record in canonical form, to recognise a retry. */
export interface StageRecords {
  readonly partA?: {
    readonly key: string;
    readonly verdicts: readonly { criterion: EligibilityCriterion; verdict: PrecheckResult }[];
  };
  readonly partB: {
    readonly assessments: readonly { readonly assessedBy: string; readonly key: string }[];
    readonly completed: boolean;
  };
  readonly reference?: { readonly key: string };
  readonly panel?: { readonly key: string; readonly decision: PanelDecision; readonly decidedOn: LocalDate };
  /** The last reopening while nothing has been recorded since, to recognise a retried ReassessStage. */
  readonly lastReopened?: { readonly stage: AssessmentStage; readonly reason: string };
}

/**
 * submitted: nothing assessed yet, so the applicant may still amend; in_assessment: a stage is on record
 * (or was, before a reassessment); approved / declined: the panel decided (a deferral stays in assessment).
 */
export type ApplicationState =
  | { readonly status: 'none' }
  | {
      readonly status: 'submitted' | 'in_assessment' | 'approved' | 'declined' | 'withdrawn';
      readonly application: ApplicationFile;
      readonly stages: StageRecords;
    };

export type ApplicationOnFile = Exclude<ApplicationState, { status: 'none' }>;

/** An applicant has at most one live application per round: withdrawn and declined ones are not live. */
export const LIVE_APPLICATION_STATUSES = ['submitted', 'in_assessment', 'approved'] as const;

export function isLiveApplication(state: ApplicationState): boolean {
  return (LIVE_APPLICATION_STATUSES as readonly string[]).includes(state.status);
}

const NO_STAGES: StageRecords = { partB: { assessments: [], completed: false } };

export const initialApplicationState = (): ApplicationState => ({ status: 'none' });

export function evolveApplication(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationSubmitted': {
      if (state.status !== 'none') return state;
      const { applicationId, roundId, applicantId, alliance, precheck } = event.data;
      return {
        status: 'submitted',
        application: {
          applicationId,
          roundId,
          applicantId,
          alliance,
          ...fileContent(event.data),
          submissionKey: contentKey(event.data),
          precheck,
        },
        stages: NO_STAGES,
      };
    }
    case 'ApplicationAmended':
      if (state.status !== 'submitted') return state;
      return {
        ...state,
        application: { ...state.application, ...fileContent(event.data), precheck: event.data.precheck },
      };
    case 'ApplicationWithdrawn':
      if (state.status === 'none') return state;
      return { ...state, status: 'withdrawn' };
    case 'PartAVerified': {
      if (state.status === 'none') return state;
      const { verdicts } = event.data;
      const partA = {
        key: verdictsKey(verdicts),
        verdicts: verdicts.map(({ criterion, verdict }) => ({ criterion, verdict })),
      };
      return { ...state, status: assessing(state), stages: { ...recorded(state.stages), partA } };
    }
    case 'PartBAssessed': {
      if (state.status === 'none') return state;
      const { partB } = state.stages;
      const assessment = { assessedBy: event.data.assessedBy, key: partBKey(event.data) };
      return {
        ...state,
        status: assessing(state),
        stages: {
          ...recorded(state.stages),
          partB: { ...partB, assessments: [...partB.assessments, assessment] },
        },
      };
    }
    case 'PartBAssessmentCompleted':
      if (state.status === 'none') return state;
      return {
        ...state,
        stages: { ...state.stages, partB: { ...state.stages.partB, completed: true } },
      };
    case 'ReferenceReviewed': {
      if (state.status === 'none') return state;
      const reference = { key: referenceKey(event.data) };
      return { ...state, status: assessing(state), stages: { ...recorded(state.stages), reference } };
    }
    case 'PanelDecisionRecorded': {
      if (state.status === 'none') return state;
      const { decision, decidedOn } = event.data;
      const panel = { key: panelKey(event.data), decision, decidedOn };
      const status =
        state.status === 'withdrawn'
          ? 'withdrawn'
          : decision === 'designate'
            ? 'approved'
            : decision === 'decline'
              ? 'declined'
              : 'in_assessment';
      return { ...state, status, stages: { ...recorded(state.stages), panel } };
    }
    case 'AssessmentStageReopened': {
      if (state.status === 'none') return state;
      const { stage, reason } = event.data;
      return {
        ...state,
        status: assessing(state),
        stages: { ...reopen(state.stages, stage), lastReopened: { stage, reason } },
      };
    }
    default:
      return state;
  }
}

/** Whether each stage is done: Part B once enough assessors have assessed; the panel once it decided. */
export function stagesOnRecord(stages: StageRecords): AssessmentStage[] {
  return ASSESSMENT_STAGES.filter((stage) => {
    switch (stage) {
      case 'part_a':
        return stages.partA !== undefined;
      case 'part_b':
        return stages.partB.completed;
      case 'reference':
        return stages.reference !== undefined;
      case 'panel':
        return stages.panel !== undefined && stages.panel.decision !== 'defer';
    }
  });
}

/** Whether anything of a stage is on record (a first Part B assessment, a deferral). */
export function stageStarted(stages: StageRecords, stage: AssessmentStage): boolean {
  switch (stage) {
    case 'part_a':
      return stages.partA !== undefined;
    case 'part_b':
      return stages.partB.assessments.length > 0;
    case 'reference':
      return stages.reference !== undefined;
    case 'panel':
      return stages.panel !== undefined;
  }
}

function reopen(stages: StageRecords, from: AssessmentStage): StageRecords {
  const kept = ASSESSMENT_STAGES.slice(0, ASSESSMENT_STAGES.indexOf(from));
  return {
    ...(kept.includes('part_a') && stages.partA ? { partA: stages.partA } : {}),
    partB: kept.includes('part_b') ? stages.partB : NO_STAGES.partB,
    ...(kept.includes('reference') && stages.reference ? { reference: stages.reference } : {}),
  };
}

function recorded(stages: StageRecords): StageRecords {
  const { lastReopened: _, ...rest } = stages;
  return rest;
}

function assessing(state: ApplicationOnFile): ApplicationOnFile['status'] {
  return state.status === 'withdrawn' ? 'withdrawn' : 'in_assessment';
}

function fileContent(
  content: ApplicationContent,
): Pick<ApplicationFile, 'schoolUrn' | 'contentKey' | 'partBAreas'> {
  return {
    schoolUrn: content.schoolUrn,
    contentKey: contentKey(content),
    partBAreas: content.partB.map((section) => section.area),
  };
}

/** The content in canonical form: the same application serialises the same way, whatever its key order. */
export function contentKey(content: ApplicationContent): string {
  const { schoolUrn, partA, partB, referee } = content;
  return JSON.stringify({
    schoolUrn,
    partA: copyPartA(partA),
    partB: partB.map(({ area, text }) => ({ area, text })),
    referee: { refereeId: referee.refereeId, kind: referee.kind },
  });
}

export function verdictsKey(verdicts: readonly CriterionVerdict[]): string {
  return JSON.stringify(
    verdicts.map(({ criterion, verdict, evidenceNote, overruleReason }) => [
      criterion,
      verdict,
      evidenceNote,
      overruleReason ?? null,
    ]),
  );
}

export function partBKey(assessment: { scores: readonly PartBScore[]; comment: string }): string {
  const scores = [...assessment.scores]
    .sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : 0))
    .map(({ area, score }) => [area, score]);
  return JSON.stringify([scores, assessment.comment]);
}

export function referenceKey(review: {
  supportsApplication: boolean;
  commitsToDeploying: boolean;
  notes: string;
}): string {
  return JSON.stringify([review.supportsApplication, review.commitsToDeploying, review.notes]);
}

export function panelKey(decision: { decision: PanelDecision; reasons: string }): string {
  return JSON.stringify([decision.decision, decision.reasons]);
}

/**
 * What DesignateLLE needs to know of an application (its stream folded at the edge): whose it is, for which
 * alliance and school, which stages are on record and what the panel decided.
 */
export interface ApplicationSummary {
  readonly applicationId: string;
  readonly applicantId: string;
  readonly roundId: string;
  readonly alliance: AllianceCode;
  readonly schoolUrn: number;
  readonly status: ApplicationOnFile['status'];
  readonly stagesOnRecord: readonly AssessmentStage[];
  readonly panelDecision?: PanelDecision;
  readonly panelDecidedOn?: LocalDate;
}

export function applicationSummary(state: ApplicationState): ApplicationSummary | undefined {
  if (state.status === 'none') return undefined;
  const { applicationId, applicantId, roundId, alliance, schoolUrn } = state.application;
  const { panel } = state.stages;
  return {
    applicationId,
    applicantId,
    roundId,
    alliance,
    schoolUrn,
    status: state.status,
    stagesOnRecord: stagesOnRecord(state.stages),
    ...(panel ? { panelDecision: panel.decision, panelDecidedOn: panel.decidedOn } : {}),
  };
}
