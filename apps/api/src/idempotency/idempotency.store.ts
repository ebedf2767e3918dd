import type { DataSource } from 'typeorm';

export type Claim =
  | { readonly outcome: 'claimed' }
  | { readonly outcome: 'replay'; readonly status: number; readonly body: unknown }
  | { readonly outcome: 'in_progress' }
  | { readonly outcome: 'reused_with_other_request' };

/**
 * Idempotency-Key bookkeeping in PostgreSQL. A key is claimed by inserting a pending row; the first
 * response completes it. A pending row older than `stalledAfterSeconds` (its request died half-way) may be
 * claimed again by the same request, which then re-runs with the same command id, so nothing is written
 * twice.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: DataSource,
    private readonly ttlHours: number,
    private readonly stalledAfterSeconds = 30,
  ) {}

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, state, expires_at)
       VALUES ($1, $2, $3, 'pending', now() + make_interval(hours => $4))
       ON CONFLICT (scope, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, state = 'pending', response_status = NULL,
              response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE idempotency_keys.expires_at < now()
           OR (idempotency_keys.state = 'pending'
               AND idempotency_keys.fingerprint = EXCLUDED.fingerprint
               AND idempotency_keys.created_at < now() - make_interval(secs => $5))
       RETURNING 1`,
      [scope, key, fingerprint, this.ttlHours, this.stalledAfterSeconds],
    );
    if (claimed.length > 0) return { outcome: 'claimed' };

    const rows: Array<{
      fingerprint: string;
      state: string;
      response_status: number;
      response_body: unknown;
    }> = await this.db.query(
      `SELECT fingerprint, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    if (!row) return this.claim(scope, key, fingerprint); // released in between: try again
    if (row.fingerprint !== fingerprint) return { outcome: 'reused_with_other_request' };
    if (row.state === 'pending') return { outcome: 'in_progress' };
    return { outcome: 'replay', status: row.response_status, body: row.response_body };
  }

  async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $3, response_body = $4::jsonb
        WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** The request failed: the key is free for a retry. */
  async release(scope: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'pending'`, [
      scope,
      key,
    ]);
  }

  async purgeExpired(): Promise<number> {
    const result: [unknown[], number] = await this.db.query(
      `DELETE FROM idempotency_keys WHERE expires_at < now()`,
    );
    return result[1];
  }
}
