import { setMaxListeners } from 'node:events';
import { EventRegistry } from '@lle/application';
import { EVENT_TYPES } from '@lle/domain';
import type { EventStore, GlobalPosition, RecordedEvent } from '@lle/event-store';
import type { DataSource } from 'typeorm';
import { batches } from './batches';
import {
  advanceCheckpoint,
  ensureCheckpoints,
  lockCheckpoint,
  pauseCheckpoint,
  readCheckpoints,
} from './checkpoints';
import { assertValidProjections, projectEvent, type Projection } from './projection';
import { backoffDelay, describeError, isTransientDatabaseError } from './retry';

export interface ProjectionRunnerOptions {
  /** The most events applied in one transaction. */
  readonly maxBatchSize?: number;
  /** How long to wait for one more event before applying a batch that is not full. */
  readonly batchIdleMs?: number;
  /** How many times an event is tried before its projection is paused. */
  readonly applyAttempts?: number;
  /** The first wait before trying a failed event again; doubles each time. */
  readonly applyRetryDelayMs?: number;
  /** The first wait before resubscribing after a store or database error; doubles up to the max. */
  readonly resubscribeDelayMs?: number;
  readonly maxResubscribeDelayMs?: number;
  /** How often a paused projection looks whether someone set its checkpoint back to running. */
  readonly pausedPollMs?: number;
}

/** What the runner says about itself; Nest's Logger fits. */
export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export interface ProjectionRunnerDependencies {
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly projections: readonly Projection[];
  /** Upcasts stored events; defaults to every event type of the domain. */
  readonly registry?: EventRegistry;
  readonly logger?: ProjectionLogger;
  readonly options?: ProjectionRunnerOptions;
}

const DEFAULTS: Required<ProjectionRunnerOptions> = {
  maxBatchSize: 500,
  batchIdleMs: 10,
  applyAttempts: 4,
  applyRetryDelayMs: 250,
  resubscribeDelayMs: 100,
  maxResubscribeDelayMs: 30_000,
  pausedPollMs: 5_000,
};

/** A projection threw on an event: the event, not the store, is the problem. */
export class ProjectionApplyError extends Error {
  override readonly name = 'ProjectionApplyError';

  constructor(
    readonly projection: string,
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(
      `${event.type} at position ${event.position} (stream ${event.streamId}, revision ${event.revision}): ` +
        describeError(cause),
    );
  }
}

/** A projection's `applyBatch` threw: its batch is applied again one event at a time, where the culprit shows. */
class ProjectionBatchApplyError extends Error {
  override readonly name = 'ProjectionBatchApplyError';

  constructor(
    readonly projection: string,
    override readonly cause: unknown,
  ) {
    super(describeError(cause));
  }
}

/** Someone moved the checkpoint back (a reset for a rebuild in place): read again from there. */
class CheckpointMovedBackError extends Error {
  override readonly name = 'CheckpointMovedBackError';
}

class ProjectionPausedError extends Error {
  override readonly name = 'ProjectionPausedError';
}

const silent: ProjectionLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Runs each projection on its own checkpointed subscription to all events. A batch of events is applied in
 * one transaction that first locks the projection's checkpoint row, skips what the checkpoint already
 * covers, applies the events the projection handles and moves the checkpoint past the whole batch (events it
 * does not handle included). A crash therefore never applies an event twice nor skips one, and several
 * runners (two workers, or a rebuild finishing) simply take turns on the lock.
 *
 * An event a projection cannot process is retried with backoff, then the projection is paused at it, with
 * the error in its checkpoint row, while the other projections go on. A store or database error makes it
 * resubscribe from its saved checkpoint with backoff.
 */
export class ProjectionRunner {
  private readonly store: EventStore;
  private readonly dataSource: DataSource;
  private readonly projections: readonly Projection[];
  private readonly registry: EventRegistry;
  private readonly logger: ProjectionLogger;
  private readonly options: Required<ProjectionRunnerOptions>;
  private readonly stopping = new AbortController();
  private running?: Promise<void>;

  constructor(dependencies: ProjectionRunnerDependencies) {
    this.store = dependencies.store;
    this.dataSource = dependencies.dataSource;
    this.projections = dependencies.projections;
    this.registry = dependencies.registry ?? new EventRegistry(EVENT_TYPES);
    this.logger = dependencies.logger ?? silent;
    this.options = { ...DEFAULTS, ...dependencies.options };
    assertValidProjections(this.projections, this.registry);
  }

  /** Starts every projection and returns at once; each keeps going until stop(). */
  start(): void {
    if (this.running) return;
    if (this.stopping.signal.aborted) throw new Error('A stopped ProjectionRunner cannot start again');
    // Each projection listens for the stop, and waits on it between retries: more than Node's default ten.
    setMaxListeners(2 * this.projections.length + 10, this.stopping.signal);
    this.running = Promise.all(this.projections.map((projection) => this.run(projection))).then(
      () => undefined,
    );
    this.logger.log(`Projections started: ${this.projections.map((p) => p.name).join(', ') || 'none'}`);
  }

  /** Lets each projection finish the batch it is applying, then stops reading. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    if (this.running) this.logger.log('Projections stopped');
  }

  private async run(projection: Projection): Promise<void> {
    const { signal } = this.stopping;
    let failures = 0;
    let paused = false;
    while (!signal.aborted) {
      try {
        await ensureCheckpoints(this.dataSource, [projection.name]);
        const [checkpoint] = await readCheckpoints(this.dataSource, [projection.name]);
        if (!checkpoint) throw new Error(`No checkpoint row for ${projection.name}`);
        if (paused) {
          if (checkpoint.status === 'paused') {
            await sleep(this.options.pausedPollMs, signal);
            continue;
          }
          paused = false;
          this.logger.log(`Projection ${projection.name} resumed from position ${checkpoint.position}`);
        } else if (checkpoint.status === 'paused') {
          // A restart is how a fix gets deployed, so a projection paused before is tried again.
          this.logger.warn(
            `Projection ${projection.name} was paused at position ${checkpoint.failedPosition ?? '?'} ` +
              `(${checkpoint.lastError ?? 'no error recorded'}); trying again`,
          );
        }
        await this.follow(projection, checkpoint.position, () => (failures = 0));
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof ProjectionPausedError) {
          paused = true;
          continue;
        }
        if (error instanceof CheckpointMovedBackError) {
          this.logger.warn(`Projection ${projection.name}: ${error.message}; reading again from there`);
          continue;
        }
        failures++;
        const delay = backoffDelay(
          failures,
          this.options.resubscribeDelayMs,
          this.options.maxResubscribeDelayMs,
        );
        this.logger.warn(
          `Projection ${projection.name}: ${describeError(error)}; resubscribing from its checkpoint in ${delay} ms`,
        );
        await sleep(delay, signal);
      }
    }
  }

  /** Reads all events after `from` and applies them batch by batch until stopped; throws on store errors. */
  private async follow(projection: Projection, from: GlobalPosition, onProgress: () => void): Promise<void> {
    const { signal } = this.stopping;
    // Its own signal, so the subscription ends whichever way this function is left.
    const reading = new AbortController();
    const stop = (): void => reading.abort();
    signal.addEventListener('abort', stop, { once: true });
    // stop() may have come while this projection was still starting: the listener above would never fire.
    if (signal.aborted) reading.abort();
    const events = this.store.subscribeToAll({
      after: from === 0n ? undefined : from,
      signal: reading.signal,
    });
    const reader = batches(events, this.options.maxBatchSize, this.options.batchIdleMs);
    try {
      let cursor = from;
      for (;;) {
        const next = await reader.next();
        if (signal.aborted) return;
        // Only stopping ends a subscription; if it ends otherwise (a closed store), back off and resubscribe.
        if (next.done) throw new Error('its subscription to all events ended');
        cursor = await this.applyWithRetries(projection, next.value, cursor);
        onProgress();
      }
    } finally {
      // The subscription ends first, then its read in flight is waited for: after stop() nothing of the
      // runner is left on the store's connections.
      signal.removeEventListener('abort', stop);
      reading.abort();
      await reader.return();
    }
  }

  /**
   * Applies a batch, retrying an event that fails. What comes before a failing event is committed first, so
   * a paused projection's checkpoint stops right before the event it could not process. A projection with
   * `applyBatch` gets the batch in one call; if that fails, the batch is applied one event at a time, so the
   * retries, and a pause, fall on the event at fault.
   */
  private async applyWithRetries(
    projection: Projection,
    batch: readonly RecordedEvent[],
    from: GlobalPosition,
  ): Promise<GlobalPosition> {
    let cursor = from;
    let pending = batch;
    let attempts = 0;
    let failing: GlobalPosition | undefined;
    let whole = projection.applyBatch !== undefined;
    while (pending.length > 0) {
      try {
        cursor = await this.applyBatch(projection, pending, cursor, whole);
        pending = [];
      } catch (error) {
        if (error instanceof ProjectionBatchApplyError) {
          this.logger.warn(
            `Projection ${projection.name} failed on a batch of ${pending.length} events ` +
              `(${error.message}); applying them one at a time`,
          );
          whole = false;
          continue;
        }
        if (!(error instanceof ProjectionApplyError)) throw error;
        const { position } = error.event;
        attempts = failing === position ? attempts + 1 : 1;
        failing = position;
        const index = pending.findIndex((event) => event.position === position);
        if (index > 0) {
          cursor = await this.applyBatch(projection, pending.slice(0, index), cursor, false);
          pending = pending.slice(index);
        }
        if (attempts >= this.options.applyAttempts) {
          await this.pause(projection, error, attempts);
          throw new ProjectionPausedError(error.message);
        }
        const delay = backoffDelay(
          attempts,
          this.options.applyRetryDelayMs,
          this.options.maxResubscribeDelayMs,
        );
        this.logger.warn(
          `Projection ${projection.name} failed on ${error.message} (attempt ${attempts} of ` +
            `${this.options.applyAttempts}); trying again in ${delay} ms`,
        );
        await sleep(delay, this.stopping.signal);
        if (this.stopping.signal.aborted) return cursor;
      }
    }
    return cursor;
  }

  /**
   * One transaction: lock the checkpoint, apply what it does not cover yet (`whole`: in one `applyBatch`
   * call), move it past the batch.
   */
  private async applyBatch(
    projection: Projection,
    batch: readonly RecordedEvent[],
    cursor: GlobalPosition,
    whole: boolean,
  ): Promise<GlobalPosition> {
    const last = batch.at(-1)?.position ?? cursor;
    return this.dataSource.transaction(async (db) => {
      const checkpoint = await lockCheckpoint(db, projection.name);
      if (checkpoint.position < cursor) {
        throw new CheckpointMovedBackError(
          `its checkpoint went back from ${cursor} to ${checkpoint.position} while it was reading`,
        );
      }
      const due = batch.filter(
        (event) => event.position > checkpoint.position && projection.handles.includes(event.type),
      );
      if (whole && projection.applyBatch && due.length > 0) {
        try {
          await projection.applyBatch(
            due.map((event) => projectEvent(this.registry, event)),
            db,
          );
        } catch (error) {
          if (isTransientDatabaseError(error)) throw error;
          throw new ProjectionBatchApplyError(projection.name, error);
        }
      } else {
        for (const event of due) {
          try {
            await projection.apply(projectEvent(this.registry, event), db);
          } catch (error) {
            if (isTransientDatabaseError(error)) throw error;
            throw new ProjectionApplyError(projection.name, event, error);
          }
        }
      }
      if (last > checkpoint.position) await advanceCheckpoint(db, projection.name, last);
      return last > checkpoint.position ? last : checkpoint.position;
    });
  }

  private async pause(projection: Projection, error: ProjectionApplyError, attempts: number): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await lockCheckpoint(db, projection.name);
      await pauseCheckpoint(db, projection.name, error.event.position, error.message);
    });
    const cause = error.cause instanceof Error ? error.cause.stack : undefined;
    this.logger.error(
      `Projection ${projection.name} is paused: it failed ${attempts} times on ${error.message}. ` +
        `Fix the cause, then restart the worker or set its checkpoint back to running.`,
      cause,
    );
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
