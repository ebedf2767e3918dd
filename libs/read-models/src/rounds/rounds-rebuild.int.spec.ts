import { randomUUID } from 'node:crypto';
import { createDataSource } from '@lle/database';
import { ALLIANCE_CODES, roundStreamId } from '@lle/domain';
import type { EventToAppend, PostgresEventStore } from '@lle/event-store';
import {
  readCheckpoints,
  rebuildProjection,
  reconcileProjection,
  type RebuildProgress,
} from '@lle/projections';
import { projectedScenario, type ProjectedScenario } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { roundsProjection } from './rounds.projection';
import { RoundsQuery } from './rounds.query';

/** Appends `count` rounds: every one scheduled, every third amended, every fifth closed early; plus noise. */
async function appendRounds(store: PostgresEventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const roundId = randomUUID();
    const dates = { opensOn: '2027-01-11', closesOn: '2027-02-12', decisionsBy: '2027-03-19' };
    const events: EventToAppend[] = [
      event('RoundScheduled', 2, {
        roundId,
        alliance: ALLIANCE_CODES[i % ALLIANCE_CODES.length]!,
        ...dates,
        inductionDates: [`2027-04-${String(10 + (i % 20)).padStart(2, '0')}`],
      }),
    ];
    if (i % 3 === 0)
      events.push(
        event('RoundDatesAmended', 1, { roundId, ...dates, closesOn: '2027-02-26', inductionDates: [] }),
      );
    if (i % 5 === 0)
      events.push(event('RoundClosedEarly', 1, { roundId, closedOn: '2027-01-20', reason: `reason ${i}` }));
    await store.appendToStream(roundStreamId(roundId), events, 'no_stream');
    if (i % 4 === 0)
      await store.appendToStream(`other-${roundId}`, [event('SomethingElse', 1, { i })], 'no_stream');
  }
}

function event(type: string, schemaVersion: number, data: Record<string, unknown>): EventToAppend {
  return { id: randomUUID(), type, data: data as EventToAppend['data'], metadata: { schemaVersion } };
}

describe('rebuilding the rounds read model', () => {
  let projected: ProjectedScenario;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let readers: DataSource;
  /** The close reason of the row the first test tampers with, as the runner made it. */
  let victimCloseReason: string | null = null;

  beforeAll(async () => {
    projected = await projectedScenario([roundsProjection], (eventStore) => appendRounds(eventStore, 200), {
      poolSize: 4,
    });
    ({ store, dataSource } = projected);
    readers = await createDataSource(projected.database.url).initialize();
  });

  afterAll(async () => {
    await readers?.destroy();
    await projected?.close();
  });

  const caughtUp = (): Promise<void> => projected.caughtUp();

  const rows = (where = ''): Promise<unknown[]> =>
    dataSource.query(`SELECT * FROM rounds ${where} ORDER BY round_id`);
  const structure = (): Promise<unknown[]> =>
    dataSource.query(
      `SELECT c.relname AS name, c.relkind AS kind, n.nspname AS schema,
              pg_get_indexdef(c.oid) AS index, (SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k
                                                  WHERE k.conindid = c.oid AND k.conrelid = 'rounds'::regclass) AS constraint
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'rounds'::regclass)
        ORDER BY c.relname`,
    );

  it('finds the live tables identical to a rebuild from zero, and a tampered row when there is one', async () => {
    const report = await reconcileProjection({ dataSource, store }, roundsProjection);
    expect(report).toMatchObject({ identical: true, position: (await store.headPosition())! });
    expect(report.tables).toEqual([
      expect.objectContaining({
        table: 'rounds',
        liveRows: 200,
        rebuiltRows: 200,
        onlyLive: 0,
        onlyRebuilt: 0,
      }),
    ]);

    const [victim] = await dataSource.query<{ round_id: string; close_reason: string | null }[]>(
      `SELECT round_id, close_reason FROM rounds ORDER BY round_id LIMIT 1`,
    );
    victimCloseReason = victim!.close_reason;
    await dataSource.query(`UPDATE rounds SET close_reason = 'tampered' WHERE round_id = $1`, [
      victim!.round_id,
    ]);
    const tampered = await reconcileProjection({ dataSource, store }, roundsProjection);
    expect(tampered.identical).toBe(false);
    expect(tampered.tables[0]).toMatchObject({ onlyLive: 1, onlyRebuilt: 1 });
    expect(tampered.tables[0]?.samples.onlyLive).toEqual([
      expect.objectContaining({ round_id: victim!.round_id, close_reason: 'tampered' }),
    ]);
    // No scratch schema is left behind.
    const schemas = await dataSource.query<unknown[]>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'projection_%'`,
    );
    expect(schemas).toEqual([]);
  });

  it('rebuilds into fresh tables and swaps them in while queries keep answering and the runner keeps going', async () => {
    // The live rows as the runner made them (one was tampered with above: put it back as it was).
    await dataSource.query(`UPDATE rounds SET close_reason = $1 WHERE close_reason = 'tampered'`, [
      victimCloseReason,
    ]);
    const beforeRows = await rows();
    const beforeStructure = await structure();
    await dataSource.query(
      `UPDATE rounds SET close_reason = 'tampered' WHERE round_id = (SELECT round_id FROM rounds ORDER BY round_id LIMIT 1)`,
    );

    // Queries keep answering from another connection pool, and new rounds keep arriving, during the rebuild.
    const query = new RoundsQuery(readers);
    const answers: number[] = [];
    const errors: unknown[] = [];
    let busy = true;
    const querying = (async () => {
      while (busy) {
        await query.list().then(
          (list) => answers.push(list.length),
          (error: unknown) => errors.push(error),
        );
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const appending = appendRounds(store, 30);

    const progress: RebuildProgress[] = [];
    const summary = await rebuildProjection({ dataSource, store }, roundsProjection, {
      chunkSize: 100,
      progressIntervalMs: 0,
      onProgress: (p) => progress.push(p),
    });
    await appending;
    // Wait for the runner rather than a fixed time: the machine may be busy.
    await caughtUp();
    busy = false;
    await querying;

    expect(errors).toEqual([]);
    expect(answers.length).toBeGreaterThan(0);
    expect(Math.min(...answers)).toBeGreaterThanOrEqual(200);
    expect((await query.list()).length).toBe(230);

    // Row for row what the runner had made (the tampered row restored), plus the rounds added meanwhile.
    const ids = (beforeRows as { round_id: string }[]).map((row) => row.round_id);
    expect(await rows(`WHERE round_id = ANY('{${ids.join(',')}}'::uuid[])`)).toEqual(beforeRows);
    expect(await rows()).toHaveLength(230);
    // The swapped-in table has the migration's index and constraint names, and no scratch schema is left.
    expect(await structure()).toEqual(beforeStructure);
    const schemas = await dataSource.query<unknown[]>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'projection_%'`,
    );
    expect(schemas).toEqual([]);
    expect((await reconcileProjection({ dataSource, store }, roundsProjection)).identical).toBe(true);

    expect(summary).toMatchObject({ projection: 'rounds', phase: 'done', tables: [{ table: 'rounds' }] });
    expect(summary.events).toBeGreaterThanOrEqual(200 + 200 / 3 + 200 / 5 + 200 / 4);
    expect(summary.liveHeldMs).toBeLessThan(5_000);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['replaying', 'swapping', 'done']));
    expect(progress.some((p) => p.phase === 'replaying' && p.eventsPerSecond > 0)).toBe(true);
    const [checkpoint] = await readCheckpoints(dataSource, ['rounds']);
    expect(checkpoint).toMatchObject({ status: 'running', position: (await store.headPosition())! });
  });

  it('refuses a second rebuild of the same projection while one runs', async () => {
    const results = await Promise.allSettled([
      rebuildProjection({ dataSource, store }, roundsProjection),
      rebuildProjection({ dataSource, store }, roundsProjection),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(String(rejected?.reason)).toMatch(/A rebuild of projection rounds is already running/);
  });
});
