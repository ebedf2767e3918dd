import { EventRegistry } from '@lle/application';
import { EVENT_TYPES } from '@lle/domain';
import type { EventStore, GlobalPosition, RecordedEvent } from '@lle/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { lockCheckpoint, readCheckpoints, resetCheckpoint } from '../checkpoints';
import { assertValidProjections, projectEvent, type ProjectedEvent, type Projection } from '../projection';
import { quoteIdentifier, select } from '../sql';
import { DeferredWrites } from './batched-writes';
import {
  assertSwappable,
  compareTables,
  countRows,
  createScratchTables,
  dropSchemas,
  createRemainingIndexes,
  setLogged,
  swapTables,
  type TableComparison,
} from './scratch-tables';

export interface RebuildDependencies {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  /** Upcasts stored events; defaults to every event type of the domain. */
  readonly registry?: EventRegistry;
}

export interface RebuildOptions {
  /** Events read and applied per transaction while replaying. */
  readonly chunkSize?: number;
  /**
   * While replaying, defer the projection's writes and send them many to a round trip (see DeferredWrites);
   * on by default. Off, every statement is its own round trip, as in the live runner.
   */
  readonly deferWrites?: boolean;
  /**
   * Hand the projection's `applyRun` each maximal run of consecutive events with the same `foldKey`; on by
   * default. Off, or once a chunk has had to be applied again one event at a time, every event goes to
   * `apply`.
   */
  readonly foldRuns?: boolean;
  /**
   * With deferWrites: plan each deferred statement once per chunk (a generic plan) rather than for each
   * execution's parameters; on by default. A projection's statements are keyed lookups run hundreds of times
   * a chunk, and planning the larger ones costs more than running them.
   */
  readonly genericPlans?: boolean;
  /**
   * With deferWrites: how many statements, or how many characters of SQL, go in one round trip at most. A
   * few hundred: PostgreSQL parses a multi-statement query whole before running it, and, measured on the
   * deployment dashboard, 1,000 statements a trip cost it a fifth more CPU than 250, 4,000 twice as much.
   */
  readonly writesPerRoundTrip?: number;
  readonly charsPerRoundTrip?: number;
  /**
   * Fill the scratch tables unlogged (no WAL row by row) and make them ordinary tables, written to the WAL
   * once, just before the swap; on by default.
   */
  readonly unloggedScratch?: boolean;
  /**
   * Build the scratch tables' non-unique indexes (which only queries use) after the replay, over the full
   * tables, rather than keep them up row by row; on by default. Keys and unique indexes are there from the
   * start: the projections' ON CONFLICT clauses need them.
   */
  readonly indexAfterLoad?: boolean;
  /** The schema holding the live read-model tables. */
  readonly liveSchema?: string;
  /** How long the final swap may wait for the live runner's batch or for queries on the live tables. */
  readonly lockTimeoutMs?: number;
  /** How many times the final swap is tried when it times out waiting for locks. */
  readonly swapAttempts?: number;
  readonly progressIntervalMs?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export type RebuildPhase = 'replaying' | 'swapping' | 'comparing' | 'done';

export interface RebuildProgress {
  readonly projection: string;
  readonly phase: RebuildPhase;
  /** The position replayed up to. */
  readonly position: GlobalPosition;
  /** The head of the log when last looked at. */
  readonly head: GlobalPosition;
  /** Events read, and of those, applied (handled by the projection). */
  readonly events: number;
  readonly applied: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
}

export interface RebuildSummary extends RebuildProgress {
  /** How long the live runner was held back (the checkpoint row lock) for the last events and the swap. */
  readonly liveHeldMs: number;
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
}

export interface ReconcileReport extends RebuildProgress {
  /** True when every table holds exactly the same rows as a rebuild from zero to the live checkpoint. */
  readonly identical: boolean;
  readonly tables: readonly TableComparison[];
}

const DEFAULTS = {
  chunkSize: 5_000,
  deferWrites: true,
  foldRuns: true,
  genericPlans: true,
  writesPerRoundTrip: 250,
  unloggedScratch: true,
  indexAfterLoad: true,
  charsPerRoundTrip: 1_000_000,
  liveSchema: 'public',
  lockTimeoutMs: 5_000,
  swapAttempts: 3,
  progressIntervalMs: 1_000,
};
const LOCK_NOT_AVAILABLE = '55P03';
/** How long the last catch-up waits for events the live checkpoint covers but the store does not show yet. */
const FINAL_EVENTS_TIMEOUT_MS = 10_000;

/**
 * Rebuilds one projection from zero into fresh tables and swaps them in while queries keep running:
 *
 *   1. copies the live tables' structure into a scratch schema and replays every event into it, the
 *      projection's unqualified table names pointed there by `SET LOCAL search_path`, one transaction per
 *      chunk, without touching the live tables or holding anything the live runner needs;
 *   2. near the head, in one short transaction: locks the projection's checkpoint row (the live runner waits
 *      at its next batch), applies the last events, moves the live tables out and the rebuilt ones in, and
 *      sets the checkpoint to the rebuilt position (lifting a pause);
 *   3. drops the old tables. The live runner carries on from the new checkpoint into the new tables.
 *
 * Running it twice at once for the same projection is refused; a rebuild that dies leaves only scratch
 * tables, which the next one drops.
 */
export async function rebuildProjection(
  dependencies: RebuildDependencies,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildSummary> {
  const build = new ScratchBuild(dependencies, projection, options);
  return build.exclusively(async () => {
    await build.prepare();
    let liveHeldMs = 0;
    for (let attempt = 1; ; attempt++) {
      await build.replay();
      if (attempt === 1) await build.makeDurable();
      build.report('swapping', true);
      try {
        liveHeldMs = await build.finishAndSwap();
        break;
      } catch (error) {
        if (
          (error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE ||
          attempt >= build.options.swapAttempts
        ) {
          throw error;
        }
      }
    }
    const tables = await Promise.all(
      projection.tables.map(async (table) => ({
        table,
        rows: await countRows(dependencies.dataSource, build.options.liveSchema, table),
      })),
    );
    return { ...build.report('done', true), liveHeldMs, tables };
  });
}

/**
 * Rebuilds one projection from zero into scratch tables, up to the live checkpoint, and compares them with
 * the live tables row for row, without disturbing the live runner: the live tables and their checkpoint are
 * read in one REPEATABLE READ snapshot, in which they always agree, since the runner commits them together.
 */
export async function reconcileProjection(
  dependencies: RebuildDependencies,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<ReconcileReport> {
  const build = new ScratchBuild(dependencies, projection, options);
  return build.exclusively(async () => {
    await build.prepare();
    await build.replay(() => build.liveCheckpoint());
    build.report('comparing', true);
    const tables = await build.compareAtLiveCheckpoint();
    const identical = tables.every((t) => t.onlyLive === 0 && t.onlyRebuilt === 0);
    return { ...build.report('done', true), identical, tables };
  });
}

class ScratchBuild {
  readonly options: typeof DEFAULTS & Pick<RebuildOptions, 'onProgress'>;
  private readonly dataSource: DataSource;
  private readonly store: EventStore;
  private readonly registry: EventRegistry;
  private readonly scratch: string;
  private readonly retired: string;
  private readonly handles: ReadonlySet<string>;
  private readonly started = Date.now();
  private lastReport = 0;
  private position: GlobalPosition = 0n;
  private head: GlobalPosition = 0n;
  private events = 0;
  private applied = 0;
  /** Both cleared for good once a chunk could not be applied deferring writes or folding runs. */
  private deferring: boolean;
  private folding: boolean;

  constructor(
    dependencies: RebuildDependencies,
    private readonly projection: Projection,
    options: RebuildOptions,
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.deferring = this.options.deferWrites;
    this.folding = this.options.foldRuns && projection.foldKey !== undefined;
    this.dataSource = dependencies.dataSource;
    this.store = dependencies.store;
    this.registry = dependencies.registry ?? new EventRegistry(EVENT_TYPES);
    assertValidProjections([projection], this.registry);
    this.scratch = `projection_scratch_${projection.name}`;
    this.retired = `projection_retired_${projection.name}`;
    this.handles = new Set(projection.handles);
  }

  /** Runs `work` holding a session lock that keeps other rebuilds of this projection out; cleans up after. */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    try {
      const key = `projection-rebuild:${this.projection.name}`;
      const [row] = await select<{ locked: boolean }>(
        session.manager,
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [key],
      );
      if (!row?.locked) throw new Error(`A rebuild of projection ${this.projection.name} is already running`);
      try {
        return await work();
      } finally {
        try {
          await dropSchemas(this.dataSource, this.scratch, this.retired);
        } finally {
          await session.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
        }
      }
    } finally {
      await session.release();
    }
  }

  async prepare(): Promise<void> {
    const { liveSchema } = this.options;
    await this.dataSource.transaction(async (db) => {
      await assertSwappable(db, liveSchema, this.projection.tables);
      await dropSchemas(db, this.scratch, this.retired);
      await db.query(`CREATE SCHEMA ${quoteIdentifier(this.scratch)}`);
      await createScratchTables(db, liveSchema, this.scratch, this.projection.tables, {
        unlogged: this.options.unloggedScratch,
        indexes: !this.options.indexAfterLoad,
      });
    });
    this.head = (await this.store.headPosition()) ?? 0n;
    this.report('replaying', true);
  }

  /**
   * Replays chunk by chunk, each in its own transaction, until a chunk comes back short (near the head), or
   * up to `bound` when given (re-read before each chunk). The next chunk is read while the current one is
   * applied (the bound it was read with can only be lower than the next one: a short chunk ends the replay
   * early, and the caller's last step applies the rest).
   */
  async replay(bound?: () => Promise<GlobalPosition>): Promise<void> {
    let ahead: Promise<RecordedEvent[]> | undefined;
    try {
      for (;;) {
        const limit = bound ? await bound() : undefined;
        if (limit !== undefined && this.position >= limit) return;
        const events = await (ahead ?? this.read(limit));
        ahead = undefined;
        const full = events.length >= this.options.chunkSize;
        if (full) ahead = this.read(limit, events.at(-1)!.position);
        if (events.length > 0) {
          await this.applyChunk(events);
          this.advance(events);
        }
        if (this.due()) this.head = (await this.store.headPosition()) ?? this.head;
        this.report('replaying');
        if (!full) return;
      }
    } finally {
      // A read ahead that is no longer wanted (an error, or the bound reached) is not left running.
      await ahead?.catch(() => undefined);
    }
  }

  /**
   * One chunk in its own transaction on the scratch tables, committed without waiting for the WAL flush (a
   * crash loses only scratch tables, which the next rebuild drops). Writes are deferred while that works;
   * when it does not (the projection reads a write's result, or a statement fails somewhere in a batch), the
   * chunk is rolled back and applied again one event and one statement at a time (runs not folded), which
   * applies it or names the event that fails, and the rest of the rebuild goes on that way.
   */
  private async applyChunk(events: readonly RecordedEvent[]): Promise<void> {
    const chunk = async (deferred: boolean, fold: boolean) =>
      this.dataSource.transaction(async (db) => {
        await db.query('SET LOCAL synchronous_commit = off');
        if (this.options.genericPlans) await db.query('SET LOCAL plan_cache_mode = force_generic_plan');
        await this.useScratch(db);
        if (!deferred) return this.applyAll(db, events, fold);
        const writes = new DeferredWrites(db, {
          maxStatements: this.options.writesPerRoundTrip,
          maxChars: this.options.charsPerRoundTrip,
        });
        await this.applyAll(writes.manager(), events, fold);
        await writes.close();
      });
    if (this.deferring || this.folding) {
      try {
        return await chunk(this.deferring, this.folding);
      } catch {
        this.deferring = false;
        this.folding = false;
      }
    }
    await chunk(false, false);
  }

  /**
   * Before the swap (outside the live runner's lock): the indexes left out are built, and unlogged scratch
   * tables become ordinary ones.
   */
  async makeDurable(): Promise<void> {
    const { liveSchema, indexAfterLoad, unloggedScratch } = this.options;
    await this.dataSource.transaction(async (db) => {
      if (indexAfterLoad) await createRemainingIndexes(db, liveSchema, this.scratch, this.projection.tables);
      if (unloggedScratch) await setLogged(db, this.scratch, this.projection.tables);
    });
  }

  /** Returns how long the live runner was held back. */
  async finishAndSwap(): Promise<number> {
    const { liveSchema, lockTimeoutMs } = this.options;
    let held = 0;
    const tail = await this.dataSource.transaction(async (db) => {
      await db.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
      const live = await lockCheckpoint(db, this.projection.name);
      const since = Date.now();
      await this.useScratch(db);
      const tail = await this.applyUpTo(db, live.position, false);
      await swapTables(db, liveSchema, this.scratch, this.retired, this.projection.tables);
      await resetCheckpoint(db, this.projection.name, tail.at(-1)?.position ?? this.position);
      held = Date.now() - since;
      return tail;
    });
    this.advance(tail);
    return held;
  }

  async liveCheckpoint(): Promise<GlobalPosition> {
    const [live] = await readCheckpoints(this.dataSource, [this.projection.name]);
    return live?.position ?? 0n;
  }

  async compareAtLiveCheckpoint(): Promise<TableComparison[]> {
    const { liveSchema } = this.options;
    let tail: RecordedEvent[] = [];
    const tables = await this.dataSource.transaction('REPEATABLE READ', async (db) => {
      // The first read takes the snapshot: the live tables below are exactly as of this checkpoint.
      const [live] = await readCheckpoints(db, [this.projection.name]);
      const checkpoint = live?.position ?? 0n;
      if (this.position > checkpoint) {
        throw new Error(
          `The live checkpoint of ${this.projection.name} went back while reconciling; try again`,
        );
      }
      await this.useScratch(db);
      tail = await this.applyUpTo(db, checkpoint, true);
      return compareTables(db, liveSchema, this.scratch, this.projection.tables);
    });
    this.advance(tail);
    return tables;
  }

  report(phase: RebuildPhase, force = false): RebuildProgress {
    const now = Date.now();
    const elapsedMs = now - this.started;
    const progress: RebuildProgress = {
      projection: this.projection.name,
      phase,
      position: this.position,
      head: this.head > this.position ? this.head : this.position,
      events: this.events,
      applied: this.applied,
      elapsedMs,
      eventsPerSecond: elapsedMs > 0 ? Math.round((this.events * 1000) / elapsedMs) : 0,
    };
    if (force || this.due(now)) {
      this.lastReport = now;
      this.options.onProgress?.(progress);
    }
    return progress;
  }

  private due(now = Date.now()): boolean {
    return now - this.lastReport >= this.options.progressIntervalMs;
  }

  /**
   * Applies, in the caller's transaction, every event after the replayed position: up to the head when not
   * `exact`, but at least up to `target`; exactly up to `target` when `exact`. Returns them.
   */
  private async applyUpTo(
    db: EntityManager,
    target: GlobalPosition,
    exact: boolean,
  ): Promise<RecordedEvent[]> {
    const applied: RecordedEvent[] = [];
    let position = this.position;
    const deadline = Date.now() + FINAL_EVENTS_TIMEOUT_MS;
    for (;;) {
      if (exact && position >= target) return applied;
      const events = await this.read(exact ? target : undefined, position);
      if (events.length === 0) {
        if (position >= target) return applied;
        // The live runner has applied events this store does not hand out yet (a gap still settling).
        if (Date.now() > deadline) throw new Error(`Events up to ${target} did not become readable in time`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      await this.applyAll(db, events, this.folding);
      applied.push(...events);
      position = events.at(-1)!.position;
    }
  }

  private async read(bound?: GlobalPosition, after = this.position): Promise<RecordedEvent[]> {
    const events = await this.store.readAll({
      after: after === 0n ? undefined : after,
      maxCount: this.options.chunkSize,
    });
    return bound === undefined ? events : events.filter((event) => event.position <= bound);
  }

  private async useScratch(db: EntityManager): Promise<void> {
    await db.query(
      `SET LOCAL search_path = ${quoteIdentifier(this.scratch)}, ${quoteIdentifier(this.options.liveSchema)}`,
    );
  }

  /**
   * Applies the events the projection handles, in order: with `fold`, each maximal run of two or more
   * consecutive ones with the same fold key (the others skipped over) in one `applyRun`, every other event
   * by `apply`.
   */
  private async applyAll(db: EntityManager, events: readonly RecordedEvent[], fold: boolean): Promise<void> {
    let run: ProjectedEvent[] = [];
    let runKey: string | undefined;
    for (const recorded of events) {
      if (!this.handles.has(recorded.type)) continue;
      const event = projectEvent(this.registry, recorded);
      const key = fold ? this.projection.foldKey?.(event) : undefined;
      if (key !== undefined && key === runKey) {
        run.push(event);
        continue;
      }
      await this.applyRun(db, run);
      run = [event];
      runKey = key;
    }
    await this.applyRun(db, run);
  }

  private async applyRun(db: EntityManager, run: readonly ProjectedEvent[]): Promise<void> {
    const [first] = run;
    if (!first) return;
    if (run.length === 1) return this.applyOne(db, first);
    try {
      await this.projection.applyRun!(run, db);
    } catch (error) {
      const last = run.at(-1)!;
      throw this.failure(
        `a run of ${run.length} events at positions ${first.position} to ${last.position}`,
        error,
      );
    }
  }

  private async applyOne(db: EntityManager, event: ProjectedEvent): Promise<void> {
    try {
      await this.projection.apply(event, db);
    } catch (error) {
      throw this.failure(`${event.type} at position ${event.position} (stream ${event.streamId})`, error);
    }
  }

  private failure(what: string, error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`Projection ${this.projection.name} failed on ${what}: ${message}`, { cause: error });
  }

  private advance(events: readonly RecordedEvent[]): void {
    const last = events.at(-1);
    if (!last) return;
    this.position = last.position;
    this.events += events.length;
    if (this.position > this.head) this.head = this.position;
    // Counted only once their transaction has committed.
    for (const event of events) if (this.handles.has(event.type)) this.applied++;
  }
}
