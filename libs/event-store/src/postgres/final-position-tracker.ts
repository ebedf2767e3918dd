import type { Pool, PoolClient } from 'pg';
import { sleep } from '../sleep';

/**
 * Decides which gaps in the global log are final, so that a reader of all events never passes a position
 * that a transaction still in flight will fill.
 *
 * Positions come from a sequence (CACHE 1) inside the INSERT, so a transaction holding position 10 can
 * commit after one holding 11. A gap is therefore either in flight or permanent (an append that failed
 * after taking its position). To tell them apart:
 *
 *   1. read L, the last position the sequence has handed out;
 *   2. list the transactions that hold a RowExclusiveLock on the events table. Every append takes that lock
 *      when its INSERT is planned, before it draws a position, and keeps it until it ends, so every
 *      unfinished holder of a position <= L is on the list;
 *   3. wait until each of those transactions has ended (its virtual transaction id lock is released).
 *
 * After that every position <= L is either visible or never will be. Only appends to the events table are
 * waited for, never unrelated long transactions elsewhere on the server.
 */
export class FinalPositionTracker {
  /** Every position up to and including this one is final. */
  private finalUpTo = 0n;
  private settling?: Promise<boolean>;

  constructor(
    private readonly pool: Pool,
    private readonly settleTimeoutMs: number,
  ) {}

  isFinal(position: bigint): boolean {
    return position <= this.finalUpTo;
  }

  /**
   * Waits for the appends in flight now to finish, then marks everything they could hold as final.
   * Returns false if they did not finish within the timeout (the caller reads what is final and retries).
   * Concurrent callers share one wait.
   */
  settle(): Promise<boolean> {
    this.settling ??= this.waitForAppendsInFlight().finally(() => (this.settling = undefined));
    return this.settling;
  }

  private async waitForAppendsInFlight(): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      const handedOut = await lastHandedOutPosition(client);
      const inFlight = await appendsInFlight(client);
      const deadline = Date.now() + this.settleTimeoutMs;
      let pause = 1;
      while (inFlight.length > 0 && (await stillRunning(client, inFlight)) > 0) {
        if (Date.now() >= deadline) return false;
        await sleep(pause);
        pause = Math.min(pause * 2, 20);
      }
      if (handedOut > this.finalUpTo) this.finalUpTo = handedOut;
      return true;
    } finally {
      client.release();
    }
  }
}

async function lastHandedOutPosition(client: PoolClient): Promise<bigint> {
  const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
    'SELECT last_value, is_called FROM event_store.global_position_seq',
  );
  const row = rows[0];
  if (!row) return 0n;
  // Before the first nextval, last_value is the value the sequence will hand out next.
  return row.is_called ? BigInt(row.last_value) : BigInt(row.last_value) - 1n;
}

async function appendsInFlight(client: PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ vxid: string }>(
    `SELECT DISTINCT l.virtualtransaction AS vxid
       FROM pg_locks l
      WHERE l.locktype = 'relation'
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.relation = 'event_store.events'::regclass
        AND l.mode = 'RowExclusiveLock'
        AND l.pid IS DISTINCT FROM pg_backend_pid()`,
  );
  return rows.map((row) => row.vxid);
}

async function stillRunning(client: PoolClient, vxids: string[]): Promise<number> {
  const { rows } = await client.query<{ running: number }>(
    `SELECT count(*)::int AS running FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY($1)`,
    [vxids],
  );
  return rows[0]?.running ?? 0;
}
