import {
  APPLICATION_EVENT_TYPES,
  assertNever,
  type ApplicationEvent,
  type AssessmentStage,
  type LocalDate,
  type PersonalDataErased,
} from '@lle/domain';
import type { Projection, ProjectedEvent, Queryable } from '@lle/projections';
import {
  currentStage,
  evolveApplicationRecord,
  stagesCompleted,
  type ApplicationRecord,
  type ApplicationStatus,
} from './application-record';

/** What an event of the application's history did: to the application itself (no stage), or to a stage. */
export type StageAction = 'submitted' | 'amended' | 'withdrawn' | 'recorded' | 'completed' | 'reopened';

/**
 * The applications work queue (tables `applications` and `application_stage_history`, migration
 * 1764270000000-recruitment-read-models): one row per application, evolved by `evolveApplicationRecord`
 * and written whole, guarded by `last_position` so an event applied twice, or an older one after a newer
 * one, changes nothing; and one history row per event, keyed by its position. Free text stays sealed as it
 * came. PersonalDataErased marks the applicant's or referee's rows as erased; an application written later
 * naming a person already marked erased in another row is marked too.
 */
export const applicationsProjection: Projection<ApplicationEvent | PersonalDataErased> = {
  name: 'applications',
  handles: [...(Object.keys(APPLICATION_EVENT_TYPES) as ApplicationEvent['type'][]), 'PersonalDataErased'],
  tables: ['applications', 'application_stage_history'],

  async apply(event, db) {
    if (event.type === 'PersonalDataErased') {
      const { personId } = event.data;
      await db.query(
        `UPDATE applications SET applicant_erased_at = $2 WHERE applicant_id = $1 AND applicant_erased_at IS NULL`,
        [personId, event.recordedAt],
      );
      await db.query(
        `UPDATE applications SET referee_erased_at = $2 WHERE referee_id = $1 AND referee_erased_at IS NULL`,
        [personId, event.recordedAt],
      );
      return;
    }
    await recordHistory(db, event);
    const current = await load(db, event.data.applicationId);
    if (current && current.position >= event.position) return;
    const next = evolveApplicationRecord(current?.record, event);
    if (next && next !== current?.record) await save(db, next, event);
  },
};

/** A person's erasure as any row already records it, whether they were its applicant or its referee. */
const erasedAt = (person: string): string => `
  (SELECT min(erased_at) FROM (
     SELECT applicant_erased_at AS erased_at FROM applications WHERE applicant_id = ${person}
     UNION ALL
     SELECT referee_erased_at FROM applications WHERE referee_id = ${person}) AS known)`;

async function save(
  db: Queryable,
  record: ApplicationRecord,
  event: ProjectedEvent<ApplicationEvent>,
): Promise<void> {
  await db.query(
    `INSERT INTO applications AS a (
       application_id, round_id, alliance, applicant_id, school_urn, referee_id, referee_kind, status,
       current_stage, stages_completed, panel_decision, part_b_assessors, submitted_on, precheck, part_a,
       part_b, verification, part_b_assessments, reference_review, panel, applicant_erased_at,
       referee_erased_at, submitted_at, updated_at, stream_revision, last_position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12, $13, $14::jsonb, $15::jsonb,
             $16::jsonb, $17::jsonb, $18::jsonb, $19::jsonb, $20::jsonb, ${erasedAt('$4')},
             ${erasedAt('$6')}, $21, $21, $22, $23)
     ON CONFLICT (application_id) DO UPDATE
        SET school_urn = EXCLUDED.school_urn, referee_id = EXCLUDED.referee_id,
            referee_kind = EXCLUDED.referee_kind, status = EXCLUDED.status,
            current_stage = EXCLUDED.current_stage, stages_completed = EXCLUDED.stages_completed,
            panel_decision = EXCLUDED.panel_decision, part_b_assessors = EXCLUDED.part_b_assessors,
            precheck = EXCLUDED.precheck, part_a = EXCLUDED.part_a, part_b = EXCLUDED.part_b,
            verification = EXCLUDED.verification, part_b_assessments = EXCLUDED.part_b_assessments,
            reference_review = EXCLUDED.reference_review, panel = EXCLUDED.panel,
            applicant_erased_at = EXCLUDED.applicant_erased_at, referee_erased_at = EXCLUDED.referee_erased_at,
            updated_at = EXCLUDED.updated_at, stream_revision = EXCLUDED.stream_revision,
            last_position = EXCLUDED.last_position
      WHERE a.last_position < EXCLUDED.last_position`,
    [
      record.applicationId,
      record.roundId,
      record.alliance,
      record.applicantId,
      record.schoolUrn,
      record.referee.refereeId,
      record.referee.kind,
      record.status,
      currentStage(record),
      stagesCompleted(record),
      record.panel?.decision ?? null,
      record.partBAssessments.length,
      record.submittedOn,
      JSON.stringify(record.precheck),
      JSON.stringify(record.partA),
      JSON.stringify(record.partB),
      json(record.verification),
      JSON.stringify(record.partBAssessments),
      json(record.referenceReview),
      json(record.panel),
      event.recordedAt,
      event.revision,
      event.position.toString(),
    ],
  );
}

interface RecordRow {
  application_id: string;
  round_id: string;
  alliance: ApplicationRecord['alliance'];
  applicant_id: string;
  school_urn: number;
  referee_id: string;
  referee_kind: ApplicationRecord['referee']['kind'];
  status: ApplicationStatus;
  submitted_on: LocalDate;
  precheck: ApplicationRecord['precheck'];
  part_a: ApplicationRecord['partA'];
  part_b: ApplicationRecord['partB'];
  verification: ApplicationRecord['verification'];
  part_b_assessments: ApplicationRecord['partBAssessments'];
  stages_completed: AssessmentStage[];
  reference_review: ApplicationRecord['referenceReview'];
  panel: ApplicationRecord['panel'];
  last_position: string;
}

async function load(
  db: Queryable,
  applicationId: string,
): Promise<{ record: ApplicationRecord; position: bigint } | undefined> {
  const [row] = await db.query<RecordRow[]>(
    `SELECT application_id, round_id, alliance, applicant_id, school_urn, referee_id, referee_kind, status,
            to_char(submitted_on, 'YYYY-MM-DD') AS submitted_on, precheck, part_a, part_b, verification,
            part_b_assessments, stages_completed, reference_review, panel, last_position
       FROM applications WHERE application_id = $1`,
    [applicationId],
  );
  if (!row) return undefined;
  return {
    position: BigInt(row.last_position),
    record: {
      applicationId: row.application_id,
      roundId: row.round_id,
      alliance: row.alliance,
      applicantId: row.applicant_id,
      schoolUrn: row.school_urn,
      referee: { refereeId: row.referee_id, kind: row.referee_kind },
      status: row.status,
      submittedOn: row.submitted_on,
      precheck: row.precheck,
      partA: row.part_a,
      partB: row.part_b,
      verification: row.verification,
      partBAssessments: row.part_b_assessments,
      partBCompleted: row.stages_completed.includes('part_b'),
      referenceReview: row.reference_review,
      panel: row.panel,
    },
  };
}

async function recordHistory(db: Queryable, event: ProjectedEvent<ApplicationEvent>): Promise<void> {
  const entry = historyEntry(event);
  await db.query(
    `INSERT INTO application_stage_history (application_id, position, event_type, stage, action, actor,
                                            done_on, details, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
     ON CONFLICT (application_id, position) DO NOTHING`,
    [
      event.data.applicationId,
      event.position.toString(),
      event.type,
      entry.stage,
      entry.action,
      entry.by,
      entry.on,
      JSON.stringify(entry.details),
      event.recordedAt,
    ],
  );
}

interface HistoryEntry {
  readonly stage: AssessmentStage | null;
  readonly action: StageAction;
  /** The staff member (the subject of their token), when the event or its metadata says who. */
  readonly by: string | null;
  readonly on: LocalDate;
  /** The event's data without the application id and the who and when above. */
  readonly details: object;
}

function historyEntry(event: ProjectedEvent<ApplicationEvent>): HistoryEntry {
  const actor = event.metadata.actor?.subject ?? null;
  switch (event.type) {
    case 'ApplicationSubmitted': {
      const { applicationId: _, submittedOn, ...details } = event.data;
      return { stage: null, action: 'submitted', by: actor, on: submittedOn, details };
    }
    case 'ApplicationAmended': {
      const { applicationId: _, amendedOn, ...details } = event.data;
      return { stage: null, action: 'amended', by: actor, on: amendedOn, details };
    }
    case 'ApplicationWithdrawn': {
      const { applicationId: _, withdrawnOn, ...details } = event.data;
      return { stage: null, action: 'withdrawn', by: actor, on: withdrawnOn, details };
    }
    case 'PartAVerified': {
      const { applicationId: _, verifiedBy, verifiedOn, ...details } = event.data;
      return { stage: 'part_a', action: 'recorded', by: verifiedBy, on: verifiedOn, details };
    }
    case 'PartBAssessed': {
      const { applicationId: _, assessedBy, assessedOn, ...details } = event.data;
      return { stage: 'part_b', action: 'recorded', by: assessedBy, on: assessedOn, details };
    }
    case 'PartBAssessmentCompleted': {
      const { applicationId: _, completedOn, ...details } = event.data;
      return { stage: 'part_b', action: 'completed', by: actor, on: completedOn, details };
    }
    case 'ReferenceReviewed': {
      const { applicationId: _, reviewedBy, reviewedOn, ...details } = event.data;
      return { stage: 'reference', action: 'recorded', by: reviewedBy, on: reviewedOn, details };
    }
    case 'PanelDecisionRecorded': {
      const { applicationId: _, decidedBy, decidedOn, ...details } = event.data;
      return { stage: 'panel', action: 'recorded', by: decidedBy, on: decidedOn, details };
    }
    case 'AssessmentStageReopened': {
      const { applicationId: _, stage, reopenedBy, reopenedOn, ...details } = event.data;
      return { stage, action: 'reopened', by: reopenedBy, on: reopenedOn, details };
    }
    default:
      return assertNever(event);
  }
}

function json(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}
