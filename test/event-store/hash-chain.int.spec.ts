import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { Client, Pool } from 'pg';
import { createDataSource } from '@lle/database';
import { EventHashChain1764330000000 } from '../../libs/database/src/migrations/1764330000000-event-hash-chain';
import {
  EsdbEventStore,
  PostgresEventStore,
  chainHash,
  checkpointToJsonLine,
  parseCheckpointLines,
  pgQuery,
  pgTransaction,
  readCheckpoints,
  verifyEventStore,
  verifyPostgresEventStore,
  writeCheckpoints,
  type EventStore,
  type EventToAppend,
  type JsonValue,
} from '@lle/event-store';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import { startEsdbTestServer } from '../support/esdb-test-server';

/** Values whose JSON form a store could change on the way back: the hash must survive the round trip. */
const AWKWARD: EventToAppend[] = [
  event('Big', { evidence: 'x'.repeat(999_000), sections: ['a', 'b'] }),
  event('Unicode', {
    name: 'Sexton’s Manor',
    emoji: '🏫📚✅ 👩🏽‍🏫',
    cjk: '学校支援',
    combining: 'Zoë e\u0301',
    quotes: '"\'\\/\n\t\u0001',
  }),
  event('Numbers', { tiny: 5e-324, huge: 1e21, third: 1 / 3, negative: -0.5, whole: 10, zero: -0 }),
  event('Nested', { z: { y: { x: [{ b: 1, a: [null, true, { d: 'd', c: 'c' }] }] } }, a: [] }),
];

describe('hash chain on PostgreSQL', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let db: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 4 });
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await store?.close();
    await database?.drop();
  });

  it('hashes a 1 MB event, Unicode, awkward numbers and nested objects exactly as they come back', async () => {
    const stream = `round-trip-ü|🏫-"${randomUUID()}"`;
    await store.appendToStream(stream, AWKWARD, 'no_stream');
    const read = await store.readStream(stream);
    // Computed from what was appended, not from what came back: jsonb kept what the hash depends on.
    let previous: string | null = null;
    for (const [i, original] of AWKWARD.entries()) {
      const expected = chainHash(stream, i, previous, original);
      expect(read[i]!.hash).toBe(expected);
      previous = expected;
    }
    expect((await verifyPostgresEventStore(pgQuery(db))).ok).toBe(true);
  });

  it('checkpoints fall on fixed event counts: two writers at once record the same ones, once', async () => {
    for (let i = 0; i < 7; i++) await store.appendToStream(`cp-${i % 3}`, [event('N', { i })], 'any');
    const pool = new Pool({ connectionString: database.url, max: 2 });
    try {
      const every = 3;
      await Promise.all([
        writeCheckpoints(store, pgTransaction(pool), { every }),
        writeCheckpoints(store, pgTransaction(pool), { every }),
      ]);
      const checkpoints = await readCheckpoints(pgQuery(db));
      const events = (await store.readAll()).length;
      expect(checkpoints.map((c) => c.eventCount)).toEqual(
        Array.from({ length: Math.floor(events / every) }, (_, i) => (i + 1) * every),
      );
      const atHead = await writeCheckpoints(store, pgTransaction(pool), { every, atHead: true });
      expect(atHead.last).toMatchObject({ eventCount: events, position: await store.headPosition() });
      const report = await verifyPostgresEventStore(pgQuery(db));
      expect(report).toMatchObject({ ok: true, eventsAfterLastCheckpoint: 0 });
      expect(report.checkpointsChecked).toBe(checkpoints.length + 1);
    } finally {
      await pool.end();
    }
  });

  it('an exported copy of the checkpoints reads back, and holds the store to it', async () => {
    const exported = (await readCheckpoints(pgQuery(db))).map(checkpointToJsonLine).join('\n');
    const copy = parseCheckpointLines(exported);
    expect(copy.length).toBeGreaterThan(0);
    expect((await verifyPostgresEventStore(pgQuery(db), { against: copy })).ok).toBe(true);
    // Rewritten checkpoints in the store would not help: the copy kept elsewhere still disagrees.
    const tampered = copy.map((c, i) => (i === 0 ? { ...c, runningHash: 'ab'.repeat(32) } : c));
    const report = await verifyPostgresEventStore(pgQuery(db), { against: tampered });
    expect(report.problems[0]).toMatchObject({ kind: 'checkpoint-mismatch', position: copy[0]!.position });
    expect(() => parseCheckpointLines('{"position":"1","eventCount":0,"runningHash":"x"}')).toThrow(
      /line 1: eventCount/,
    );
  });

  it('an upgraded database is chained by the migration, and appends carry on from it', async () => {
    const dataSource = await createDataSource(database.url).initialize();
    const migration = new EventHashChain1764330000000();
    try {
      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      await migration.down(runner);
      await runner.commitTransaction();
      // Events stored by the previous version of the append, without hashes.
      for (let i = 0; i < 5; i++) await store.appendToStream(`old-${i % 2}`, [event('Old', { i })], 'any');
      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
      await runner.release();
    } finally {
      await dataSource.destroy();
    }
    await store.appendToStream('old-0', [event('New')], 'any');
    const { rows } = await db.query<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM event_store.events WHERE hash IS NULL`,
    );
    expect(rows[0]!.missing).toBe(0);
    const report = await verifyPostgresEventStore(pgQuery(db));
    expect(report).toMatchObject({ ok: true, problemCount: 0 });
    const old = await store.readStream('old-0');
    expect(old.map((e) => e.type)).toEqual(['Old', 'Old', 'Old', 'New']);
    expect(old[3]!.hash).toBe(chainHash('old-0', 3, old[2]!.hash!, old[3]!));
  });
});

describe('hash chain on EventStoreDB (the in-process test server)', () => {
  let server: Awaited<ReturnType<typeof startEsdbTestServer>>;
  let store: EventStore;
  let raw: EventStoreDBClient;

  beforeAll(async () => {
    server = await startEsdbTestServer();
    store = EsdbEventStore.fromConnectionString(server.connectionString);
    raw = EventStoreDBClient.connectionString(server.connectionString);
  });

  afterAll(async () => {
    await raw?.dispose();
    await store?.close();
    await server?.stop();
  });

  it('keeps the hash in the metadata, and hashes what comes back exactly', async () => {
    const stream = `round-trip-${randomUUID()}`;
    await store.appendToStream(stream, AWKWARD, 'no_stream');
    const read = await store.readStream(stream);
    let previous: string | null = null;
    for (const [i, original] of AWKWARD.entries()) {
      const expected = chainHash(stream, i, previous, original);
      expect(read[i]!.hash).toBe(expected);
      expect(read[i]!.metadata).toEqual(original.metadata);
      previous = expected;
    }
    const [stored] = await collect(raw.readStream(stream, { maxCount: 1 }));
    expect(stored!.event!.metadata).toMatchObject({ $chain: { hash: read[0]!.hash, previousHash: null } });
    expect((await verifyEventStore(store, [])).ok).toBe(true);
  });

  it('finds events written past the adapter: a forged hash, and no hash at all', async () => {
    const stream = `forged-${randomUUID()}`;
    await store.appendToStream(stream, [event('A'), event('B')], 'no_stream');
    await raw.appendToStream(stream, [
      jsonEvent({
        id: randomUUID(),
        type: 'C',
        data: {},
        metadata: { $chain: { hash: 'ab'.repeat(32), previousHash: null } },
      }),
      jsonEvent({ id: randomUUID(), type: 'D', data: {}, metadata: {} }),
    ]);
    const report = await verifyEventStore(store, []);
    expect(report.problems.filter((p) => p.streamId === stream)).toEqual([
      expect.objectContaining({ kind: 'hash-mismatch', revision: 2 }),
      expect.objectContaining({ kind: 'hash-missing', revision: 3 }),
    ]);
  });

  it('refuses metadata that claims to carry the chain', async () => {
    const forged = { ...event('A'), metadata: { $chain: { hash: 'ab'.repeat(32) } } };
    await expect(store.appendToStream(`refused-${randomUUID()}`, [forged], 'no_stream')).rejects.toThrow(
      /\$chain/,
    );
  });
});

function event(type: string, data: JsonValue = {}): EventToAppend {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID(), schemaVersion: 1 } };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
