import {
  ASSESSMENT_STAGES,
  type AllianceCode,
  type ApplicationEvent,
  type AssessmentStage,
  type CriterionPrecheck,
  type CriterionVerdict,
  type LocalDate,
  type PanelDecision,
  type PartA,
  type PartBScore,
  type PartBSection,
  type Referee,
} from '@lle/domain';

/**
 * One application as the work queue holds it: what the applicant submitted (free text sealed, as it came)
 * and what each stage has on record now. It follows `evolveApplication` of the domain, but keeps what the
 * people working the queue read rather than what decisions need.
 */
export type ApplicationStatus = 'submitted' | 'in_assessment' | 'approved' | 'declined' | 'withdrawn';

/** The next stage to be done; `done` once all four are on record, or the application was withdrawn. */
export type CurrentStage = AssessmentStage | 'done';

export interface PartAVerification {
  readonly verdicts: readonly CriterionVerdict[];
  readonly verifiedBy: string;
  readonly verifiedOn: LocalDate;
}

export interface PartBAssessment {
  readonly assessedBy: string;
  readonly assessedOn: LocalDate;
  readonly scores: readonly PartBScore[];
  readonly comment: string;
}

export interface ReferenceReview {
  readonly supportsApplication: boolean;
  readonly commitsToDeploying: boolean;
  readonly notes: string;
  readonly reviewedBy: string;
  readonly reviewedOn: LocalDate;
}

export interface PanelRecord {
  readonly decision: PanelDecision;
  readonly reasons: string;
  readonly decidedBy: string;
  readonly decidedOn: LocalDate;
}

export interface ApplicationRecord {
  readonly applicationId: string;
  readonly roundId: string;
  readonly alliance: AllianceCode;
  readonly applicantId: string;
  readonly schoolUrn: number;
  readonly referee: Referee;
  readonly status: ApplicationStatus;
  readonly submittedOn: LocalDate;
  readonly precheck: readonly CriterionPrecheck[];
  readonly partA: PartA;
  readonly partB: readonly PartBSection[];
  /** Stage 1, while on record (a reassessment of Part A clears it). */
  readonly verification: PartAVerification | null;
  /** Stage 2: the assessments of the current round of assessment. */
  readonly partBAssessments: readonly PartBAssessment[];
  readonly partBCompleted: boolean;
  readonly referenceReview: ReferenceReview | null;
  /** The panel's latest decision on record, a deferral included. */
  readonly panel: PanelRecord | null;
}

/** Returns the record unchanged (the same object) for an event that does not apply to it. */
export function evolveApplicationRecord(
  record: ApplicationRecord | undefined,
  event: ApplicationEvent,
): ApplicationRecord | undefined {
  if (event.type === 'ApplicationSubmitted') {
    if (record) return record;
    const { applicationId, roundId, applicantId, alliance, schoolUrn, referee, precheck, partA, partB } =
      event.data;
    return {
      applicationId,
      roundId,
      alliance,
      applicantId,
      schoolUrn,
      referee: { refereeId: referee.refereeId, kind: referee.kind },
      status: 'submitted',
      submittedOn: event.data.submittedOn,
      precheck,
      partA,
      partB,
      verification: null,
      partBAssessments: [],
      partBCompleted: false,
      referenceReview: null,
      panel: null,
    };
  }
  if (!record) return record;
  switch (event.type) {
    case 'ApplicationAmended': {
      if (record.status !== 'submitted') return record;
      const { schoolUrn, referee, precheck, partA, partB } = event.data;
      return {
        ...record,
        schoolUrn,
        referee: { refereeId: referee.refereeId, kind: referee.kind },
        precheck,
        partA,
        partB,
      };
    }
    case 'ApplicationWithdrawn':
      return { ...record, status: 'withdrawn' };
    case 'PartAVerified': {
      const { verdicts, verifiedBy, verifiedOn } = event.data;
      return { ...record, status: assessing(record), verification: { verdicts, verifiedBy, verifiedOn } };
    }
    case 'PartBAssessed': {
      const { assessedBy, assessedOn, scores, comment } = event.data;
      return {
        ...record,
        status: assessing(record),
        partBAssessments: [...record.partBAssessments, { assessedBy, assessedOn, scores, comment }],
      };
    }
    case 'PartBAssessmentCompleted':
      return { ...record, partBCompleted: true };
    case 'ReferenceReviewed': {
      const { supportsApplication, commitsToDeploying, notes, reviewedBy, reviewedOn } = event.data;
      return {
        ...record,
        status: assessing(record),
        referenceReview: { supportsApplication, commitsToDeploying, notes, reviewedBy, reviewedOn },
      };
    }
    case 'PanelDecisionRecorded': {
      const { decision, reasons, decidedBy, decidedOn } = event.data;
      const status: ApplicationStatus =
        record.status === 'withdrawn'
          ? 'withdrawn'
          : decision === 'designate'
            ? 'approved'
            : decision === 'decline'
              ? 'declined'
              : 'in_assessment';
      return { ...record, status, panel: { decision, reasons, decidedBy, decidedOn } };
    }
    case 'AssessmentStageReopened': {
      // The stage and every later one are to be done again.
      const from = ASSESSMENT_STAGES.indexOf(event.data.stage);
      const keeps = (stage: AssessmentStage): boolean => ASSESSMENT_STAGES.indexOf(stage) < from;
      return {
        ...record,
        status: assessing(record),
        verification: keeps('part_a') ? record.verification : null,
        partBAssessments: keeps('part_b') ? record.partBAssessments : [],
        partBCompleted: keeps('part_b') ? record.partBCompleted : false,
        referenceReview: keeps('reference') ? record.referenceReview : null,
        panel: null,
      };
    }
    default:
      return record;
  }
}

/** The stages on record, in order: Part B once enough assessors assessed it, the panel once it decided. */
export function stagesCompleted(record: ApplicationRecord): AssessmentStage[] {
  return ASSESSMENT_STAGES.filter((stage) => {
    switch (stage) {
      case 'part_a':
        return record.verification !== null;
      case 'part_b':
        return record.partBCompleted;
      case 'reference':
        return record.referenceReview !== null;
      case 'panel':
        return record.panel !== null && record.panel.decision !== 'defer';
    }
  });
}

export function currentStage(record: ApplicationRecord): CurrentStage {
  if (record.status === 'withdrawn') return 'done';
  const completed = stagesCompleted(record);
  return ASSESSMENT_STAGES.find((stage) => !completed.includes(stage)) ?? 'done';
}

function assessing(record: ApplicationRecord): ApplicationStatus {
  return record.status === 'withdrawn' ? 'withdrawn' : 'in_assessment';
}
