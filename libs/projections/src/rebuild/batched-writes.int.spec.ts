import { randomUUID } from 'node:crypto';
import { createDataSource } from '@lle/database';
import { roundStreamId } from '@lle/domain';
import { PostgresEventStore } from '@lle/event-store';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import type { Projection } from '../projection';
import { rebuildProjection } from './rebuild-projection';
import { DeferralNotPossible, DeferredWrites } from './batched-writes';

const LIMITS = { maxStatements: 100, maxChars: 1_000_000 };

describe('deferred writes in a rebuild', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 4 });
    await dataSource.query(
      `CREATE TABLE deferred_rows (id integer PRIMARY KEY, note text NOT NULL, at timestamptz)`,
    );
    await dataSource.query(`CREATE TABLE probe_rounds (round_id text PRIMARY KEY, seen integer NOT NULL)`);
    await dataSource.query(`CREATE INDEX probe_rounds_seen_idx ON probe_rounds (seen)`);
  });

  afterAll(async () => {
    await store?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const count = async (db: Pick<DataSource, 'query'>, table: string): Promise<number> =>
    (await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it('holds writes back until a read, which sees them in order, in the same round trip', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    await dataSource.transaction(async (db) => {
      const writes = new DeferredWrites(db, LIMITS);
      const manager = writes.manager();
      await manager.query('INSERT INTO deferred_rows (id, note, at) VALUES ($1, $2, $3)', [1, "it's", at]);
      await manager.query('UPDATE deferred_rows SET note = $2 WHERE id = $1', [1, 'second \\ note']);
      await manager.query('INSERT INTO deferred_rows (id, note, at) VALUES ($1, $2, $3)', [2, 'two', null]);
      expect(await count(db, 'deferred_rows')).toBe(0);

      const rows: unknown = await manager.query(
        'SELECT id, note, at FROM deferred_rows WHERE id = ANY($1) ORDER BY id',
        [[1, 2]],
      );
      expect(rows).toEqual([
        { id: 1, note: 'second \\ note', at },
        { id: 2, note: 'two', at: null },
      ]);

      await manager.query('DELETE FROM deferred_rows WHERE id = $1', [2]);
      await writes.close();
      expect(await count(db, 'deferred_rows')).toBe(1);
      const prepared = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'lle_deferred_%'`,
      );
      expect(prepared[0]!.n).toBe(0);
      await db.query('DELETE FROM deferred_rows');
    });
  });

  it('refuses to give what a deferred write answered, and the rest of the manager', async () => {
    await dataSource.transaction(async (db) => {
      const writes = new DeferredWrites(db, LIMITS);
      const manager = writes.manager();
      const answer = await manager.query<unknown[]>('UPDATE deferred_rows SET note = $1', ['x']);
      expect(() => answer[1]).toThrow(DeferralNotPossible);
      expect(() => manager.getRepository('deferred_rows')).toThrow(DeferralNotPossible);
      await writes.close();
    });
  });

  it('fails the batch when one of its statements fails', async () => {
    await expect(
      dataSource.transaction(async (db) => {
        const writes = new DeferredWrites(db, LIMITS);
        const manager = writes.manager();
        await manager.query('INSERT INTO deferred_rows (id, note) VALUES ($1, $2)', [3, 'once']);
        await manager.query('INSERT INTO deferred_rows (id, note) VALUES ($1, $2)', [3, 'twice']);
        await writes.close();
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await count(dataSource, 'deferred_rows')).toBe(0);
  });

  describe('rebuildProjection', () => {
    const rounds = Array.from({ length: 30 }, () => randomUUID());

    beforeAll(async () => {
      for (const [k, roundId] of rounds.entries()) {
        await store.appendToStream(
          roundStreamId(roundId),
          [
            {
              id: randomUUID(),
              type: 'RoundScheduled',
              data: {
                roundId,
                alliance: 'CATSA',
                opensOn: '2027-01-11',
                closesOn: '2027-02-12',
                decisionsBy: '2027-03-19',
                inductionDates: [`2027-04-${String(10 + (k % 20)).padStart(2, '0')}`],
              },
              metadata: { schemaVersion: 2 },
            },
          ],
          'no_stream',
        );
      }
    });

    /** Counts each round, and reads back what it wrote when `reads` says so. */
    const probe = (reads: (roundId: string) => boolean, fails?: string): Projection => ({
      name: 'probe_rounds',
      handles: ['RoundScheduled'],
      tables: ['probe_rounds'],
      async apply(event, db) {
        const { roundId } = event.data as { roundId: string };
        await db.query(
          `INSERT INTO probe_rounds (round_id, seen) VALUES ($1, $2)
           ON CONFLICT (round_id) DO UPDATE SET seen = probe_rounds.seen + 1`,
          [roundId, roundId === fails ? null : 1],
        );
        if (reads(roundId)) {
          const [, touched] = await db.query<[unknown, number]>(
            'UPDATE probe_rounds SET seen = seen WHERE round_id = $1',
            [roundId],
          );
          if (touched !== 1) throw new Error(`${roundId} was not written`);
        }
      },
    });

    const probeRows = () =>
      dataSource.query<unknown[]>('SELECT round_id, seen FROM probe_rounds ORDER BY round_id');
    const expected = () => [...rounds].sort().map((roundId) => ({ round_id: roundId, seen: 1 }));

    it('builds the same rows with writes deferred, and without', async () => {
      const deferred = await rebuildProjection(
        { dataSource, store },
        probe(() => false),
        { chunkSize: 7 },
      );
      expect(deferred.applied).toBe(rounds.length);
      expect(await probeRows()).toEqual(expected());
      await rebuildProjection(
        { dataSource, store },
        probe(() => false),
        { deferWrites: false },
      );
      expect(await probeRows()).toEqual(expected());
      const indexes = await dataSource.query<{ indexname: string }[]>(
        `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'probe_rounds' ORDER BY 1`,
      );
      expect(indexes.map((index) => index.indexname)).toEqual(['probe_rounds_pkey', 'probe_rounds_seen_idx']);
      const [table] = await dataSource.query<{ relpersistence: string }[]>(
        `SELECT relpersistence FROM pg_class WHERE oid = 'public.probe_rounds'::regclass`,
      );
      expect(table?.relpersistence).toBe('p');
    });

    it('replays a chunk statement by statement when the projection reads what a write answered', async () => {
      const summary = await rebuildProjection(
        { dataSource, store },
        probe((roundId) => roundId === rounds[10]),
        {
          chunkSize: 7,
        },
      );
      expect(summary.applied).toBe(rounds.length);
      expect(await probeRows()).toEqual(expected());
    });

    it('names the event a failing statement came from, as without deferring', async () => {
      await expect(
        rebuildProjection(
          { dataSource, store },
          probe(() => false, rounds[12]),
          { chunkSize: 7 },
        ),
      ).rejects.toThrow(/Projection probe_rounds failed on RoundScheduled at position \d+ .*null value/);
    });
  });
});
