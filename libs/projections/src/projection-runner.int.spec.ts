import { randomUUID } from 'node:crypto';
import { createDataSource } from '@lle/database';
import {
  PostgresEventStore,
  type EventStore,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '@lle/event-store';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import {
  appendNotes,
  notesProjection,
  notesTable,
  tallyProjection,
  tallyTable,
  testRegistry,
  waitFor,
  type NoteAdded,
} from '../test/projection-test-kit';
import { readCheckpoints, type Checkpoint } from './checkpoints';
import type { ProjectedEvent, Projection } from './projection';
import { ProjectionRunner, type ProjectionLogger, type ProjectionRunnerOptions } from './projection-runner';
import { ProjectionStatus } from './projection-status';
import { ReadYourWrites } from './read-your-writes';

const FAST: ProjectionRunnerOptions = {
  batchIdleMs: 5,
  applyAttempts: 3,
  applyRetryDelayMs: 5,
  resubscribeDelayMs: 5,
  maxResubscribeDelayMs: 50,
  pausedPollMs: 20,
};

describe('ProjectionRunner', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  /** The test's own connections; the runners use their own, which one test cuts. */
  let dataSource: DataSource;
  let runnerSource: DataSource;
  const runners: ProjectionRunner[] = [];
  const logged: string[] = [];
  const logger: ProjectionLogger = {
    log: (m) => logged.push(`log: ${m}`),
    warn: (m) => logged.push(`warn: ${m}`),
    error: (m) => logged.push(`error: ${m}`),
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { pollIntervalMs: 5, poolSize: 4 });
    dataSource = await createDataSource(database.url).initialize();
    runnerSource = createDataSource(database.url);
    runnerSource.setOptions({ applicationName: 'runner-under-test', poolSize: 6 });
    await runnerSource.initialize();
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });

  afterAll(async () => {
    await runnerSource?.destroy();
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  function start(projections: Projection[], eventStore: EventStore = store): ProjectionRunner {
    const runner = new ProjectionRunner({
      store: eventStore,
      dataSource: runnerSource,
      projections,
      registry: testRegistry,
      logger,
      options: FAST,
    });
    runners.push(runner);
    runner.start();
    return runner;
  }

  const checkpoint = async (name: string): Promise<Checkpoint | undefined> =>
    (await readCheckpoints(dataSource, [name]))[0];
  const head = async (): Promise<bigint> => (await store.headPosition()) ?? 0n;
  const caughtUp = async (name: string): Promise<boolean> => {
    const target = await head();
    return (await checkpoint(name))?.position === target;
  };
  /** Each test's projections start at the head, so they see only that test's events. */
  const startAtHead = async (...names: string[]): Promise<void> => {
    const position = (await head()).toString();
    for (const name of names) {
      await dataSource.query(`INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)`, [
        name,
        position,
      ]);
    }
  };
  const notes = (table: string): Promise<{ position: string; text: string }[]> =>
    dataSource.query(`SELECT position, text FROM ${table} ORDER BY position`);

  it('applies what it handles, upcast, and checkpoints past every event in the same transaction', async () => {
    await dataSource.query(notesTable('notes_basic'));
    await startAtHead('basic');
    await appendNotes(store, ['first', '(unregistered)', 'second']);
    // A NoteAdded of schema version 1 is upcast before the projection sees it.
    await store.appendToStream(
      `notes-${randomUUID()}`,
      [{ id: randomUUID(), type: 'NoteAdded', data: { note: 'old' }, metadata: { schemaVersion: 1 } }],
      'no_stream',
    );
    await appendNotes(store, ['(unregistered)']);
    start([notesProjection('basic', 'notes_basic')]);

    await waitFor('the checkpoint to reach the head', () => caughtUp('basic'));
    expect((await notes('notes_basic')).map((n) => n.text)).toEqual(['first', 'second', 'old']);
    // One batch, one transaction: the rows and the checkpoint row were written by the same one.
    const [writers] = await dataSource.query<{ rows: string[]; checkpoint: string }[]>(
      `SELECT (SELECT array_agg(DISTINCT xmin::text) FROM notes_basic) AS rows,
              (SELECT xmin::text FROM projection_checkpoints WHERE name = 'basic') AS checkpoint`,
    );
    expect(writers?.rows).toEqual([writers?.checkpoint]);
  });

  it('stops at an event it cannot process: retries, pauses there visibly, writes nothing of it; others go on', async () => {
    await dataSource.query(notesTable('notes_fragile'));
    await dataSource.query(tallyTable('tally_sturdy'));
    await startAtHead('fragile', 'sturdy');
    const from = await head();
    await appendNotes(store, ['n1', 'n2', 'bad', 'n3']);
    const events = await store.readAll({ after: from });
    const bad = events[2]!;
    let fixed = false;
    const fragile = notesProjection('fragile', 'notes_fragile', { fail: (text) => text === 'bad' && !fixed });
    const runner = start([fragile, tallyProjection('sturdy', 'tally_sturdy')]);

    const paused = await waitFor('the projection to pause', async () => {
      const row = await checkpoint('fragile');
      return row?.status === 'paused' ? row : undefined;
    });
    expect(fragile.calls.get('bad')).toBe(FAST.applyAttempts);
    // What came before the event is in, checkpointed right before it; the row it wrote before throwing was
    // rolled back with its transaction, and nothing after it was applied.
    expect((await notes('notes_fragile')).map((n) => n.text)).toEqual(['n1', 'n2']);
    expect(paused).toMatchObject({ position: events[1]!.position, failedPosition: bad.position });
    expect(paused.lastError).toMatch(new RegExp(`NoteAdded at position ${bad.position} .*cannot note "bad"`));
    expect(logged.join('\n')).toMatch(/error: Projection fragile is paused: it failed 3 times on NoteAdded/);

    // The other projection in the same runner went past it.
    await waitFor('the sturdy projection to catch up', () => caughtUp('sturdy'));
    const status = new ProjectionStatus(dataSource, store, ['fragile', 'sturdy', 'never_ran']);
    expect(await status.report()).toEqual([
      expect.objectContaining({ name: 'fragile', status: 'paused', lag: 2n, caughtUp: false }),
      expect.objectContaining({ name: 'sturdy', status: 'running', lag: 0n, caughtUp: true }),
      expect.objectContaining({ name: 'never_ran', status: 'not_started', checkpoint: 0n, caughtUp: false }),
    ]);
    expect(await status.ready()).toBe(false);
    // Nobody waits for a paused projection.
    const started = Date.now();
    expect(await new ReadYourWrites(dataSource).waitForPosition(['fragile'], bad.position, 5_000)).toBe(
      false,
    );
    expect(Date.now() - started).toBeLessThan(2_000);

    // Fixed, and set back to running by a person: it carries on from the event it stopped at.
    fixed = true;
    await dataSource.query(`UPDATE projection_checkpoints SET status = 'running' WHERE name = 'fragile'`);
    await waitFor('the fixed projection to catch up', () => caughtUp('fragile'));
    expect((await notes('notes_fragile')).map((n) => n.text)).toEqual(['n1', 'n2', 'bad', 'n3']);
    expect(await checkpoint('fragile')).toMatchObject({
      status: 'running',
      lastError: null,
      failedPosition: null,
    });
    await runner.stop();
  });

  it('tries a failing event again with backoff and goes on when it succeeds', async () => {
    await dataSource.query(notesTable('notes_flaky'));
    await startAtHead('flaky');
    await appendNotes(store, ['a', 'sometimes', 'b']);
    const flaky = notesProjection('flaky', 'notes_flaky', {
      fail: (text, call) => text === 'sometimes' && call < 3,
    });
    start([flaky]);
    await waitFor('the checkpoint to reach the head', () => caughtUp('flaky'));
    expect(flaky.calls.get('sometimes')).toBe(3);
    expect(await checkpoint('flaky')).toMatchObject({ status: 'running', lastError: null });
    expect((await notes('notes_flaky')).map((n) => n.text)).toEqual(['a', 'sometimes', 'b']);
  });

  it('resubscribes from its checkpoint when the store or the database fails, applying each event once', async () => {
    await dataSource.query(tallyTable('tally_resilient'));
    await startAtHead('resilient');
    for (let i = 0; i < 30; i++)
      await appendNotes(
        store,
        Array.from({ length: 20 }, (_, j) => `${i}-${j}`),
      );
    let failures = 0;
    const flakyStore: EventStore = Object.assign(Object.create(store) as EventStore, {
      async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncIterable<RecordedEvent> {
        let yielded = 0;
        for await (const event of store.subscribeToAll(options)) {
          if (failures < 3 && ++yielded > 150) {
            failures++;
            throw new Error('connection to the event store lost');
          }
          yield event;
        }
      },
    });
    // And once, the database drops the runner's connection in the middle of a batch.
    const tally = tallyProjection('resilient', 'tally_resilient');
    let cut = false;
    const cutting: Projection<NoteAdded> = {
      ...tally,
      async apply(event, db) {
        await tally.apply(event, db);
        if (event.data.text === '20-5' && !cut) {
          cut = true;
          await db.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }
      },
    };
    start([cutting], flakyStore);

    await waitFor('the checkpoint to reach the head', () => caughtUp('resilient'));
    expect(failures).toBe(3);
    expect(cut).toBe(true);
    expect(logged.join('\n')).toMatch(
      /warn: Projection resilient: connection to the event store lost; resubscribing/,
    );
    expect(logged.join('\n')).toMatch(/warn: Projection resilient: terminating connection .*; resubscribing/);
    const [{ count } = { count: '0' }] = await dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM tally_resilient',
    );
    expect(Number(count)).toBe(600);
    expect(await checkpoint('resilient')).toMatchObject({ status: 'running' });
  });

  /**
   * Notes with a whole-batch hook: `apply` writes a note's text, `applyBatch` writes "text (batch)" for each
   * note and then throws if `fail` says so for the batch, leaving rows its rollback must remove.
   */
  function batchingNotes(
    name: string,
    table: string,
    fail: (texts: readonly string[]) => boolean = () => false,
  ): Projection<NoteAdded> & { batches: string[][]; applied: string[] } {
    const inner = notesProjection(name, table);
    const batches: string[][] = [];
    const applied: string[] = [];
    const insert = (event: ProjectedEvent<NoteAdded>, text: string, db: Parameters<Projection['apply']>[1]) =>
      db.query(`INSERT INTO ${table} (position, stream_id, text) VALUES ($1, $2, $3)`, [
        event.position.toString(),
        event.streamId,
        text,
      ]);
    return {
      ...inner,
      batches,
      applied,
      async apply(event, db) {
        applied.push(event.data.text);
        await inner.apply(event, db);
      },
      async applyBatch(events, db) {
        const texts = events.map((event) => event.data.text);
        batches.push(texts);
        for (const event of events) await insert(event, `${event.data.text} (batch)`, db);
        if (fail(texts)) throw new Error(`cannot note ${texts.join(', ')} at once`);
      },
    };
  }

  it("hands a projection with applyBatch what it handles of a batch in one call, in the checkpoint's transaction", async () => {
    await dataSource.query(notesTable('notes_whole'));
    await startAtHead('whole');
    await appendNotes(store, ['a', '(unregistered)', 'b', 'c', '(unregistered)']);
    const whole = batchingNotes('whole', 'notes_whole');
    start([whole]);

    await waitFor('the checkpoint to reach the head', () => caughtUp('whole'));
    // Caught up in one batch: one call, without the events it does not handle; apply is never called.
    expect(whole.batches).toEqual([['a', 'b', 'c']]);
    expect(whole.applied).toEqual([]);
    expect((await notes('notes_whole')).map((n) => n.text)).toEqual(['a (batch)', 'b (batch)', 'c (batch)']);
    const [writers] = await dataSource.query<{ rows: string[]; checkpoint: string }[]>(
      `SELECT (SELECT array_agg(DISTINCT xmin::text) FROM notes_whole) AS rows,
              (SELECT xmin::text FROM projection_checkpoints WHERE name = 'whole') AS checkpoint`,
    );
    expect(writers?.rows).toEqual([writers?.checkpoint]);
  });

  it('applies a batch whose applyBatch failed one event at a time, with the usual retries, then batches again', async () => {
    await dataSource.query(notesTable('notes_fallback'));
    await startAtHead('fallback');
    const from = await head();
    await appendNotes(store, ['a', 'bad', 'b']);
    const events = await store.readAll({ after: from });
    let badCalls = 0;
    const fallback = batchingNotes('fallback', 'notes_fallback', (texts) => texts.includes('bad'));
    const flaky: Projection<NoteAdded> = {
      ...fallback,
      async apply(event, db) {
        // The event at fault fails once more on its own, so its retry is the per-event one.
        if (event.data.text === 'bad' && ++badCalls === 1) throw new Error('cannot note "bad" yet');
        await fallback.apply(event, db);
      },
    };
    start([flaky]);

    await waitFor('the checkpoint to reach the head', () => caughtUp('fallback'));
    expect(fallback.batches).toEqual([['a', 'bad', 'b']]);
    expect(badCalls).toBe(2);
    // The failed batch's rows were rolled back; then apply, one event at a time: "a" in the transaction
    // that "bad" failed and again, committed alone, before "bad" was retried.
    expect((await notes('notes_fallback')).map((n) => n.text)).toEqual(['a', 'bad', 'b']);
    expect(fallback.applied).toEqual(['a', 'a', 'bad', 'b']);
    const log = logged.join('\n');
    expect(log).toMatch(
      /warn: Projection fallback failed on a batch of 3 events \(cannot note a, bad, b at once\)/,
    );
    expect(log).toMatch(
      new RegExp(`warn: Projection fallback failed on NoteAdded at position ${events[1]!.position}`),
    );
    expect(await checkpoint('fallback')).toMatchObject({ status: 'running', lastError: null });

    // The next batch goes whole again.
    await appendNotes(store, ['c', 'd']);
    await waitFor('the checkpoint to reach the head', () => caughtUp('fallback'));
    expect(fallback.batches.slice(1).flat()).toEqual(['c', 'd']);
    expect(fallback.applied).toEqual(['a', 'a', 'bad', 'b']);
    expect((await notes('notes_fallback')).map((n) => n.text)).toEqual([
      'a',
      'bad',
      'b',
      'c (batch)',
      'd (batch)',
    ]);
  });

  it('finishes the batch it is applying when stopped', async () => {
    await dataSource.query(notesTable('notes_slow'));
    // Its first batch is these 100 events.
    await startAtHead('slow');
    await appendNotes(
      store,
      Array.from({ length: 100 }, (_, i) => `slow-${i}`),
    );
    const target = await head();
    const slow = notesProjection('slow', 'notes_slow', { delayMs: 2 });
    const runner = start([slow]);
    await waitFor('the batch to be under way', async () => slow.calls.size > 10);
    await runner.stop();
    expect((await checkpoint('slow'))?.position).toBe(target);
    expect(await notes('notes_slow')).toHaveLength(100);
  });
});
