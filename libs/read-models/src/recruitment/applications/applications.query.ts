import type {
  AllianceCode,
  AssessmentStage,
  CriterionPrecheck,
  LocalDate,
  PanelDecision,
  PartA,
  PartBSection,
  RefereeKind,
} from '@lle/domain';
import type { GlobalPosition } from '@lle/event-store';
import type { Queryable } from '@lle/projections';
import type {
  ApplicationStatus,
  CurrentStage,
  PanelRecord,
  PartAVerification,
  PartBAssessment,
  ReferenceReview,
} from './application-record';
import type { StageAction } from './applications.projection';

/** One application in the work queue. People are person ids; `*Erased` once their personal data is erased. */
export interface ApplicationSummary {
  readonly applicationId: string;
  readonly roundId: string;
  readonly alliance: AllianceCode;
  readonly applicantId: string;
  readonly applicantErased: boolean;
  readonly schoolUrn: number;
  readonly refereeId: string;
  readonly refereeKind: RefereeKind;
  readonly refereeErased: boolean;
  readonly status: ApplicationStatus;
  /** The next stage to be done, or `done`. */
  readonly currentStage: CurrentStage;
  /** The stages on record, in order. */
  readonly stagesCompleted: readonly AssessmentStage[];
  /** The panel's latest decision on record (a deferral included), or null. */
  readonly panelDecision: PanelDecision | null;
  /** How many assessors have assessed Part B in its current round of assessment. */
  readonly partBAssessors: number;
  readonly submittedOn: LocalDate;
  /** When the store recorded the application's latest event. */
  readonly updatedAt: Date;
  /** The application stream's revision (for an ETag or an expected revision). */
  readonly revision: number;
  /** The global position of the latest event reflected. A bigint: convert it before JSON. */
  readonly position: GlobalPosition;
}

/** One event of the application, as its history shows it. Free text inside `details` is sealed. */
export interface ApplicationHistoryEntry {
  readonly eventType: string;
  /** The stage it concerns; null for the application's own submission, amendment or withdrawal. */
  readonly stage: AssessmentStage | null;
  readonly action: StageAction;
  /** Who did it (the subject of their token), when known. */
  readonly by: string | null;
  readonly on: LocalDate;
  readonly recordedAt: Date;
  readonly position: GlobalPosition;
  /** The event's data without the application id, who and when. */
  readonly details: Record<string, unknown>;
}

/**
 * An application with what is on record for each stage now, and its whole history (including what a
 * reassessment reopened). Sealed strings (`pd1:…`: Part A evidence, Part B text, comments, notes, reasons)
 * are left as they are, for the caller to unseal.
 */
export interface ApplicationDetail extends ApplicationSummary {
  /** What the system proposed for each criterion when the application was submitted or last amended. */
  readonly precheck: readonly CriterionPrecheck[];
  readonly partA: {
    readonly content: PartA;
    /** Stage 1 (the verifier's verdict on each criterion), or null while not on record. */
    readonly verification: PartAVerification | null;
  };
  readonly partB: {
    readonly sections: readonly PartBSection[];
    /** Stage 2: the assessments of the current round of assessment. */
    readonly assessments: readonly PartBAssessment[];
    readonly completed: boolean;
  };
  readonly referee: {
    readonly refereeId: string;
    readonly kind: RefereeKind;
    readonly erased: boolean;
    /** Stage 3, or null while not on record. */
    readonly review: ReferenceReview | null;
  };
  /** Stage 4: the panel's latest decision on record (a deferral included), or null. */
  readonly panel: PanelRecord | null;
  /** Every event of the application, oldest first. */
  readonly history: readonly ApplicationHistoryEntry[];
}

export interface ApplicationFilter {
  readonly roundId?: string;
  readonly alliance?: string;
  readonly stage?: CurrentStage;
  readonly status?: ApplicationStatus;
  readonly applicantId?: string;
}

interface SummaryRow {
  application_id: string;
  round_id: string;
  alliance: AllianceCode;
  applicant_id: string;
  applicant_erased: boolean;
  school_urn: number;
  referee_id: string;
  referee_kind: RefereeKind;
  referee_erased: boolean;
  status: ApplicationStatus;
  current_stage: CurrentStage;
  stages_completed: AssessmentStage[];
  panel_decision: PanelDecision | null;
  part_b_assessors: number;
  submitted_on: LocalDate;
  updated_at: Date;
  stream_revision: number;
  last_position: string;
}

interface DetailRow extends SummaryRow {
  precheck: CriterionPrecheck[];
  part_a: PartA;
  part_b: PartBSection[];
  verification: PartAVerification | null;
  part_b_assessments: PartBAssessment[];
  reference_review: ReferenceReview | null;
  panel: PanelRecord | null;
}

interface HistoryRow {
  event_type: string;
  stage: AssessmentStage | null;
  action: StageAction;
  actor: string | null;
  done_on: LocalDate;
  recorded_at: Date;
  position: string;
  details: Record<string, unknown>;
}

// Dates as text, so the driver does not turn them into Dates at the server's midnight.
const SUMMARY = `
  application_id, round_id, alliance, applicant_id, applicant_erased_at IS NOT NULL AS applicant_erased,
  school_urn, referee_id, referee_kind, referee_erased_at IS NOT NULL AS referee_erased, status,
  current_stage, stages_completed, panel_decision, part_b_assessors,
  to_char(submitted_on, 'YYYY-MM-DD') AS submitted_on, updated_at, stream_revision, last_position`;

/** Reads the applications work queue (projection `applications`). */
export class ApplicationsQuery {
  constructor(private readonly db: Queryable) {}

  /** The applications matching every filter given, oldest first: the order a work queue is worked in. */
  async list(filter: ApplicationFilter = {}): Promise<ApplicationSummary[]> {
    const rows = await this.db.query<SummaryRow[]>(
      `SELECT ${SUMMARY} FROM applications
        WHERE ($1::text IS NULL OR round_id = $1) AND ($2::text IS NULL OR alliance = $2)
          AND ($3::text IS NULL OR current_stage = $3) AND ($4::text IS NULL OR status = $4)
          AND ($5::text IS NULL OR applicant_id = $5)
        ORDER BY submitted_on, submitted_at, application_id`,
      [
        filter.roundId ?? null,
        filter.alliance ?? null,
        filter.stage ?? null,
        filter.status ?? null,
        filter.applicantId ?? null,
      ],
    );
    return rows.map(toSummary);
  }

  /** The application with every stage and its history, or undefined when there is none with that id. */
  async get(applicationId: string): Promise<ApplicationDetail | undefined> {
    const [row] = await this.db.query<DetailRow[]>(
      `SELECT ${SUMMARY}, precheck, part_a, part_b, verification, part_b_assessments, reference_review, panel
         FROM applications WHERE application_id = $1`,
      [applicationId],
    );
    if (!row) return undefined;
    const history = await this.db.query<HistoryRow[]>(
      `SELECT event_type, stage, action, actor, to_char(done_on, 'YYYY-MM-DD') AS done_on, recorded_at,
              position, details
         FROM application_stage_history WHERE application_id = $1 ORDER BY position`,
      [applicationId],
    );
    const summary = toSummary(row);
    return {
      ...summary,
      precheck: row.precheck,
      partA: { content: row.part_a, verification: row.verification },
      partB: {
        sections: row.part_b,
        assessments: row.part_b_assessments,
        completed: row.stages_completed.includes('part_b'),
      },
      referee: {
        refereeId: row.referee_id,
        kind: row.referee_kind,
        erased: row.referee_erased,
        review: row.reference_review,
      },
      panel: row.panel,
      history: history.map(toHistoryEntry),
    };
  }
}

function toSummary(row: SummaryRow): ApplicationSummary {
  return {
    applicationId: row.application_id,
    roundId: row.round_id,
    alliance: row.alliance,
    applicantId: row.applicant_id,
    applicantErased: row.applicant_erased,
    schoolUrn: row.school_urn,
    refereeId: row.referee_id,
    refereeKind: row.referee_kind,
    refereeErased: row.referee_erased,
    status: row.status,
    currentStage: row.current_stage,
    stagesCompleted: row.stages_completed,
    panelDecision: row.panel_decision,
    partBAssessors: row.part_b_assessors,
    submittedOn: row.submitted_on,
    updatedAt: row.updated_at,
    revision: Number(row.stream_revision),
    position: BigInt(row.last_position),
  };
}

function toHistoryEntry(row: HistoryRow): ApplicationHistoryEntry {
  return {
    eventType: row.event_type,
    stage: row.stage,
    action: row.action,
    by: row.actor,
    on: row.done_on,
    recordedAt: row.recorded_at,
    position: BigInt(row.position),
    details: row.details,
  };
}
