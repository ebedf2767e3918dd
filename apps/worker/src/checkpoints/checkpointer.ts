import { setTimeout as delay } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import { writeCheckpoints, type EventStore, type SqlTransaction } from '@lle/event-store';

export interface CheckpointerOptions {
  /** A checkpoint every this many events of the global log (CHECKPOINT_EVERY). */
  readonly every: number;
  /** Also one at the head when the last was written longer ago than this (0: never). */
  readonly headAfterMs: number;
  /** The pause between rounds. */
  readonly intervalMs?: number;
}

/**
 * Keeps the checkpoints over the global log up to date (libs/event-store/src/verify/checkpoints.ts): a round
 * every few seconds reads the final events after the last checkpoint and records those that are due; now
 * and then one at the head too, so a stream's last event is never long without a checkpoint over it. A
 * failed round is logged and tried again on the next; `npm run audit -- checkpoints write` does the same.
 */
export class Checkpointer {
  private readonly stopping = new AbortController();
  private running?: Promise<void>;
  private lastHeadAt = Date.now();

  constructor(
    private readonly store: EventStore,
    private readonly transaction: SqlTransaction,
    private readonly options: CheckpointerOptions,
    private readonly logger: LoggerService,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Finishes the round in progress, if any, then stops. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** One round; the head too when `atHead` (or when it is due). Returns how many checkpoints it wrote. */
  async runOnce(atHead = this.headIsDue()): Promise<number> {
    const result = await writeCheckpoints(this.store, this.transaction, {
      every: this.options.every,
      atHead,
    });
    if (atHead) this.lastHeadAt = Date.now();
    if (result.written.length > 0) {
      const last = result.written.at(-1)!;
      this.logger.log(
        `Recorded ${result.written.length} checkpoint(s); the last at position ${last.position} ` +
          `(${last.eventCount} events)`,
      );
    }
    return result.written.length;
  }

  private headIsDue(): boolean {
    return this.options.headAfterMs > 0 && Date.now() - this.lastHeadAt >= this.options.headAfterMs;
  }

  private async loop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        await this.runOnce();
      } catch (error) {
        this.logger.error(`Checkpointing failed; trying again: ${(error as Error).message}`);
      }
      await delay(this.options.intervalMs ?? 5_000, undefined, { signal }).catch(() => undefined);
    }
  }
}
