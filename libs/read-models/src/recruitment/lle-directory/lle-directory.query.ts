import type { AllianceCode, EndReason, LocalDate, SuspensionReason } from '@lle/domain';
import type { GlobalPosition } from '@lle/event-store';
import type { Queryable } from '@lle/projections';
import type { DesignationAction } from './lle-directory.projection';

export type LleStatus = 'active' | 'suspended' | 'ended';

/** One designated LLE. The LLE is a person id; `erased` once their personal data is erased. */
export interface LleView {
  readonly lleId: string;
  readonly applicationId: string;
  readonly alliance: AllianceCode;
  /** The school the LLE leads. */
  readonly schoolUrn: number;
  readonly status: LleStatus;
  /** Since when the status holds: the designation's start, or the day of the suspension, reinstatement or end. */
  readonly statusSince: LocalDate;
  /** Why suspended or ended; null while active. */
  readonly statusReason: SuspensionReason | EndReason | null;
  readonly designatedFrom: LocalDate;
  readonly designatedOn: LocalDate;
  readonly reviewOn: LocalDate;
  readonly daysPerYear: number;
  /** The cluster the LLE belongs to; null when in none (always after the designation ended). */
  readonly clusterId: string | null;
  readonly erased: boolean;
  readonly updatedAt: Date;
  /** The designation stream's revision. */
  readonly revision: number;
  /** A bigint: convert it before JSON. */
  readonly position: GlobalPosition;
}

/** One event of an LLE's designation. `reason` is a reason code, or a move's reason as written. */
export interface DesignationHistoryEntry {
  readonly eventType: string;
  readonly action: DesignationAction;
  readonly on: LocalDate;
  /** Who recorded it (the subject of their token), when the metadata says. */
  readonly by: string | null;
  readonly reason: string | null;
  readonly note: string | null;
  /** The cluster assigned to or moved to. */
  readonly clusterId: string | null;
  readonly fromClusterId: string | null;
  /** The event's data without the LLE id. */
  readonly details: Record<string, unknown>;
  readonly recordedAt: Date;
  readonly position: GlobalPosition;
}

export interface LleFilter {
  readonly alliance?: string;
  readonly status?: LleStatus;
  readonly clusterId?: string;
}

interface LleRow {
  lle_id: string;
  application_id: string;
  alliance: AllianceCode;
  school_urn: number;
  status: LleStatus;
  status_since: LocalDate;
  status_reason: SuspensionReason | EndReason | null;
  designated_from: LocalDate;
  designated_on: LocalDate;
  review_on: LocalDate;
  days_per_year: number;
  cluster_id: string | null;
  erased: boolean;
  updated_at: Date;
  stream_revision: number;
  last_position: string;
}

interface HistoryRow {
  event_type: string;
  action: DesignationAction;
  effective_on: LocalDate;
  actor: string | null;
  reason: string | null;
  note: string | null;
  cluster_id: string | null;
  from_cluster_id: string | null;
  details: Record<string, unknown>;
  recorded_at: Date;
  position: string;
}

// Dates as text, so the driver does not turn them into Dates at the server's midnight.
const SELECT = `
  SELECT lle_id, application_id, alliance, school_urn, status,
         to_char(status_since, 'YYYY-MM-DD') AS status_since, status_reason,
         to_char(designated_from, 'YYYY-MM-DD') AS designated_from,
         to_char(designated_on, 'YYYY-MM-DD') AS designated_on,
         to_char(review_on, 'YYYY-MM-DD') AS review_on,
         days_per_year, cluster_id, erased_at IS NOT NULL AS erased, updated_at, stream_revision, last_position
    FROM lle_directory`;

/** Reads the LLE directory and the designations' history (projection `lle_directory`). */
export class LleDirectoryQuery {
  constructor(private readonly db: Queryable) {}

  /** The LLEs matching every filter given, in the order they were designated. */
  async list(filter: LleFilter = {}): Promise<LleView[]> {
    const rows = await this.db.query<LleRow[]>(
      `${SELECT}
        WHERE ($1::text IS NULL OR alliance = $1) AND ($2::text IS NULL OR status = $2)
          AND ($3::text IS NULL OR cluster_id = $3)
        ORDER BY designated_from, lle_id`,
      [filter.alliance ?? null, filter.status ?? null, filter.clusterId ?? null],
    );
    return rows.map(toLleView);
  }

  /** The LLE, or undefined when that person was never designated. */
  async get(lleId: string): Promise<LleView | undefined> {
    const [row] = await this.db.query<LleRow[]>(`${SELECT} WHERE lle_id = $1`, [lleId]);
    return row && toLleView(row);
  }

  /** Every event of the LLE's designation, oldest first; empty when never designated. */
  async history(lleId: string): Promise<DesignationHistoryEntry[]> {
    const rows = await this.db.query<HistoryRow[]>(
      `SELECT event_type, action, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, actor, reason, note,
              cluster_id, from_cluster_id, details, recorded_at, position
         FROM designation_history WHERE lle_id = $1 ORDER BY position`,
      [lleId],
    );
    return rows.map((row) => ({
      eventType: row.event_type,
      action: row.action,
      on: row.effective_on,
      by: row.actor,
      reason: row.reason,
      note: row.note,
      clusterId: row.cluster_id,
      fromClusterId: row.from_cluster_id,
      details: row.details,
      recordedAt: row.recorded_at,
      position: BigInt(row.position),
    }));
  }
}

function toLleView(row: LleRow): LleView {
  return {
    lleId: row.lle_id,
    applicationId: row.application_id,
    alliance: row.alliance,
    schoolUrn: row.school_urn,
    status: row.status,
    statusSince: row.status_since,
    statusReason: row.status_reason,
    designatedFrom: row.designated_from,
    designatedOn: row.designated_on,
    reviewOn: row.review_on,
    daysPerYear: row.days_per_year,
    clusterId: row.cluster_id,
    erased: row.erased,
    updatedAt: row.updated_at,
    revision: Number(row.stream_revision),
    position: BigInt(row.last_position),
  };
}
