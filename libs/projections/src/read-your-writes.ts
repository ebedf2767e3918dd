import type { GlobalPosition } from '@lle/event-store';
import { readCheckpoints, type Checkpoint } from './checkpoints';
import type { Queryable } from './sql';

export interface ReadYourWritesOptions {
  /** How often the checkpoints are read while anyone waits. */
  readonly pollIntervalMs?: number;
  /** The projections that exist; naming another one is a programming error. */
  readonly projections?: readonly string[];
}

interface Waiter {
  readonly names: readonly string[];
  readonly position: GlobalPosition;
  readonly deadline: number;
  readonly resolve: (caughtUp: boolean) => void;
}

/**
 * Lets a query wait until the read models it reads reflect a write the caller made (the position its
 * command returned). However many requests wait, one poller reads the checkpoints, and only while someone
 * waits.
 */
export class ReadYourWrites {
  private readonly pollIntervalMs: number;
  private readonly known?: ReadonlySet<string>;
  private readonly waiters = new Set<Waiter>();
  private polling = false;

  constructor(
    private readonly db: Queryable,
    options: ReadYourWritesOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 20;
    this.known = options.projections ? new Set(options.projections) : undefined;
  }

  /**
   * True once every named projection's checkpoint is at or past `position`; false if that does not happen
   * within `timeoutMs`, or at once if one of them is paused before it (the caller answers 503 then).
   */
  waitForPosition(
    projectionNames: readonly string[],
    position: GlobalPosition,
    timeoutMs: number,
  ): Promise<boolean> {
    const unknown = projectionNames.filter((name) => this.known && !this.known.has(name));
    if (unknown.length > 0) return Promise.reject(new Error(`Unknown projection(s): ${unknown.join(', ')}`));
    if (projectionNames.length === 0 || position <= 0n) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.waiters.add({
        names: projectionNames,
        position,
        deadline: Date.now() + Math.max(timeoutMs, 0),
        resolve,
      });
      if (!this.polling) void this.poll();
    });
  }

  /** Answers every waiter false (the process is stopping). */
  close(): void {
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiters.size > 0) {
        const names = [...new Set([...this.waiters].flatMap((waiter) => waiter.names))];
        const checkpoints = await readCheckpoints(this.db, names).then(
          (rows) => new Map(rows.map((row) => [row.name, row])),
          () => undefined, // the database is unreachable: the waiters time out
        );
        const now = Date.now();
        for (const waiter of this.waiters) {
          const outcome = checkpoints ? decide(waiter, checkpoints) : undefined;
          if (outcome !== undefined || now >= waiter.deadline) {
            this.waiters.delete(waiter);
            waiter.resolve(outcome ?? false);
          }
        }
        if (this.waiters.size === 0) break;
        const nearest = Math.min(...[...this.waiters].map((waiter) => waiter.deadline));
        await sleep(Math.max(0, Math.min(this.pollIntervalMs, nearest - Date.now())));
      }
    } finally {
      this.polling = false;
    }
  }
}

function decide(waiter: Waiter, checkpoints: ReadonlyMap<string, Checkpoint>): boolean | undefined {
  let caughtUp = true;
  for (const name of waiter.names) {
    const checkpoint = checkpoints.get(name);
    if (checkpoint && checkpoint.position >= waiter.position) continue;
    if (checkpoint?.status === 'paused') return false;
    caughtUp = false;
  }
  return caughtUp ? true : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
