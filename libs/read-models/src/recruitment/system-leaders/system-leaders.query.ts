import type { AllianceCode, EndReason, LocalDate, SystemLeaderRole } from '@lle/domain';
import type { GlobalPosition } from '@lle/event-store';
import type { Queryable } from '@lle/projections';

export type SystemLeaderStatus = 'designated' | 'ended';

/** One person in one role. The person is a person id; `erased` once their personal data is erased. */
export interface SystemLeaderView {
  readonly personId: string;
  readonly role: SystemLeaderRole;
  /** Null for a leader recorded without an alliance (designated nationally). */
  readonly alliance: AllianceCode | null;
  /** The school they serve: an NLE's or SLE's school, the school an NLG governs. */
  readonly schoolUrn: number;
  readonly status: SystemLeaderStatus;
  /** From: when they were designated. */
  readonly designatedOn: LocalDate;
  /** When the designation was recorded here. */
  readonly recordedOn: LocalDate;
  /** To: when the designation ended, or null. */
  readonly endedOn: LocalDate | null;
  readonly endReason: EndReason | null;
  readonly erased: boolean;
  readonly updatedAt: Date;
  readonly revision: number;
  /** A bigint: convert it before JSON. */
  readonly position: GlobalPosition;
}

export interface SystemLeaderFilter {
  readonly role?: SystemLeaderRole;
  readonly alliance?: string;
  readonly status?: SystemLeaderStatus;
}

interface SystemLeaderRow {
  person_id: string;
  role: SystemLeaderRole;
  alliance: AllianceCode | null;
  school_urn: number;
  status: SystemLeaderStatus;
  designated_on: LocalDate;
  recorded_on: LocalDate;
  ended_on: LocalDate | null;
  end_reason: EndReason | null;
  erased: boolean;
  updated_at: Date;
  stream_revision: number;
  last_position: string;
}

// Dates as text, so the driver does not turn them into Dates at the server's midnight.
const SELECT = `
  SELECT person_id, role, alliance, school_urn, status,
         to_char(designated_on, 'YYYY-MM-DD') AS designated_on,
         to_char(recorded_on, 'YYYY-MM-DD') AS recorded_on,
         to_char(ended_on, 'YYYY-MM-DD') AS ended_on, end_reason,
         erased_at IS NOT NULL AS erased, updated_at, stream_revision, last_position
    FROM system_leaders`;

/** Reads the system leaders (projection `system_leaders`). */
export class SystemLeadersQuery {
  constructor(private readonly db: Queryable) {}

  /** The leaders matching every filter given, by role, then in the order they were designated. */
  async list(filter: SystemLeaderFilter = {}): Promise<SystemLeaderView[]> {
    const rows = await this.db.query<SystemLeaderRow[]>(
      `${SELECT}
        WHERE ($1::text IS NULL OR role = $1) AND ($2::text IS NULL OR alliance = $2)
          AND ($3::text IS NULL OR status = $3)
        ORDER BY role, designated_on, person_id`,
      [filter.role ?? null, filter.alliance ?? null, filter.status ?? null],
    );
    return rows.map(toSystemLeaderView);
  }

  /** The person in that role, or undefined when never recorded in it. */
  async get(role: SystemLeaderRole, personId: string): Promise<SystemLeaderView | undefined> {
    const [row] = await this.db.query<SystemLeaderRow[]>(`${SELECT} WHERE role = $1 AND person_id = $2`, [
      role,
      personId,
    ]);
    return row && toSystemLeaderView(row);
  }
}

function toSystemLeaderView(row: SystemLeaderRow): SystemLeaderView {
  return {
    personId: row.person_id,
    role: row.role,
    alliance: row.alliance,
    schoolUrn: row.school_urn,
    status: row.status,
    designatedOn: row.designated_on,
    recordedOn: row.recorded_on,
    endedOn: row.ended_on,
    endReason: row.end_reason,
    erased: row.erased,
    updatedAt: row.updated_at,
    revision: Number(row.stream_revision),
    position: BigInt(row.last_position),
  };
}
