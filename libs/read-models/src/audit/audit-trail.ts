import type { Queryable } from '@lle/projections';

export type AuditChannel = 'api' | 'cli';

/**
 * One entry to record. `target` names what was read or acted on (route parameters and query, a stream, a
 * person id), never personal data itself; `reason` is why, as the person gave it.
 */
export interface AuditEntryToRecord {
  readonly channel: AuditChannel;
  readonly actor: { readonly subject: string; readonly role: string; readonly alliance?: string };
  /** What was done: an HTTP route (`GET /audit/streams/:streamId/events`), a CLI command or an action name. */
  readonly action: string;
  readonly target?: Record<string, unknown>;
  readonly reason?: string;
  /** How it ended: an HTTP status, `ok`, or an exit code. */
  readonly outcome: string;
  readonly correlationId?: string;
}

export interface AuditEntry {
  /** Entries are numbered in the order they were recorded; as a string. */
  readonly entryId: string;
  readonly recordedAt: Date;
  readonly channel: AuditChannel;
  readonly actor: { readonly subject: string; readonly role: string; readonly alliance: string | null };
  readonly action: string;
  readonly target: Record<string, unknown>;
  readonly reason: string | null;
  readonly outcome: string;
  readonly correlationId: string | null;
}

export interface AuditTrailFilter {
  readonly actor?: string;
  readonly action?: string;
  /** Exclusive: entries after this entry id. */
  readonly after?: string;
  readonly limit?: number;
}

interface AuditRow {
  entry_id: string;
  recorded_at: Date;
  channel: AuditChannel;
  actor_subject: string;
  actor_role: string;
  actor_alliance: string | null;
  action: string;
  target: Record<string, unknown>;
  reason: string | null;
  outcome: string;
  correlation_id: string | null;
}

/**
 * The auditors' own trail (table audit_trail, insert-only: the database refuses UPDATE, DELETE and
 * TRUNCATE). Not a projection: it records reads and exports, which are not events, and erasures with who
 * asked and why.
 */
export class AuditTrail {
  constructor(private readonly db: Queryable) {}

  async record(entry: AuditEntryToRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_trail
         (channel, actor_subject, actor_role, actor_alliance, action, target, reason, outcome, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.channel,
        entry.actor.subject,
        entry.actor.role,
        entry.actor.alliance ?? null,
        entry.action,
        JSON.stringify(entry.target ?? {}),
        entry.reason ?? null,
        entry.outcome,
        entry.correlationId ?? null,
      ],
    );
  }

  /** Entries matching every filter given, oldest first, after `after`. */
  async list(filter: AuditTrailFilter = {}): Promise<AuditEntry[]> {
    const rows = await this.db.query<AuditRow[]>(
      `SELECT entry_id, recorded_at, channel, actor_subject, actor_role, actor_alliance, action, target, reason,
              outcome, correlation_id
         FROM audit_trail
        WHERE ($1::text IS NULL OR actor_subject = $1) AND ($2::text IS NULL OR action = $2)
          AND ($3::bigint IS NULL OR entry_id > $3)
        ORDER BY entry_id LIMIT $4`,
      [filter.actor ?? null, filter.action ?? null, filter.after ?? null, filter.limit ?? 100],
    );
    return rows.map((row) => ({
      entryId: String(row.entry_id),
      recordedAt: row.recorded_at,
      channel: row.channel,
      actor: { subject: row.actor_subject, role: row.actor_role, alliance: row.actor_alliance },
      action: row.action,
      target: row.target,
      reason: row.reason,
      outcome: row.outcome,
      correlationId: row.correlation_id,
    }));
  }
}
