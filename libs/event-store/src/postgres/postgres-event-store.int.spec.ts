import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { EventToAppend, RecordedEvent } from '../event-store.port';
import { eventDigest } from '../hash-chain';
import { PostgresEventStore } from './postgres-event-store';

/** What only the PostgreSQL adapter has to prove: the database guards the log, and readers never skip. */
describe('PostgresEventStore', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { pollIntervalMs: 5, settleTimeoutMs: 100 });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await store?.close();
    await database?.drop();
  });

  describe('the events table is append-only in the database itself', () => {
    beforeAll(async () => {
      await store.appendToStream(`guard-${randomUUID()}`, [event('Guarded')], 'no_stream');
    });

    it.each([
      ['UPDATE', `UPDATE event_store.events SET event_type = 'Altered'`],
      ['UPDATE of nothing', `UPDATE event_store.events SET event_type = 'Altered' WHERE false`],
      ['DELETE', `DELETE FROM event_store.events`],
      ['TRUNCATE', `TRUNCATE event_store.events`],
    ])('refuses a direct %s', async (_, statement) => {
      const before = await sql.query('SELECT count(*) AS n, max(event_type) AS t FROM event_store.events');
      await expect(sql.query(statement)).rejects.toThrow(/append-only/);
      const after = await sql.query('SELECT count(*) AS n, max(event_type) AS t FROM event_store.events');
      expect(after.rows).toEqual(before.rows);
    });
  });

  it('holds a reader at an uncommitted position until it commits, then delivers it in order', async () => {
    const stream = `held-${randomUUID()}`;
    const head = (await store.headPosition()) ?? 0n;
    await store.appendToStream(stream, [event('BeforeHeld')], 'no_stream');

    // One append takes its position and holds its commit open...
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('BEGIN');
    const held = event('Held');
    await holder.query(`SELECT * FROM event_store.append_events($1, -3, $2::jsonb)`, [
      `${stream}-held`,
      JSON.stringify([withDigest(held)]),
    ]);

    // ...while later appends, with later positions, commit.
    await store.appendToStream(stream, [event('AfterHeld1')], 0);
    await store.appendToStream(stream, [event('AfterHeld2')], 1);

    const abort = new AbortController();
    const seen: RecordedEvent[] = [];
    const subscriber = (async () => {
      for await (const e of store.subscribeToAll({ after: head, signal: abort.signal })) {
        seen.push(e);
        if (seen.length === 4) abort.abort();
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(seen.map((e) => e.type)).toEqual(['BeforeHeld']);
    expect(await store.readAll({ after: head })).toHaveLength(1);

    await holder.query('COMMIT');
    await holder.end();
    await subscriber;
    expect(seen.map((e) => e.type)).toEqual(['BeforeHeld', 'Held', 'AfterHeld1', 'AfterHeld2']);
    const positions = seen.map((e) => e.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('passes a gap left by an append that rolled back, once nothing can fill it', async () => {
    const stream = `rolled-back-${randomUUID()}`;
    const head = (await store.headPosition()) ?? 0n;
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT * FROM event_store.append_events($1, -3, $2::jsonb)`, [
      stream,
      JSON.stringify([withDigest(event('NeverCommitted'))]),
    ]);
    await store.appendToStream(`${stream}-later`, [event('Later')], 'no_stream');
    await holder.query('ROLLBACK');
    await holder.end();

    const read = await store.readAll({ after: head });
    expect(read.map((e) => e.type)).toEqual(['Later']);
    expect(read[0]!.position).toBe(head + 2n);
  });

  it('turns a lost race for a revision into a conflict naming the winner', async () => {
    const stream = `race-${randomUUID()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => store.appendToStream(stream, [event('Racer')], 'no_stream')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(9);
    for (const { reason } of refused) expect(reason).toMatchObject({ streamId: stream, actual: 0 });
    expect(await store.readStream(stream)).toHaveLength(1);
  });
});

function event(type: string): EventToAppend {
  return { id: randomUUID(), type, data: { type }, metadata: {} };
}

/** What the adapter sends append_events: each event with the digest the hash chain links. */
function withDigest(e: EventToAppend): EventToAppend & { digest: string } {
  return { ...e, digest: eventDigest(e) };
}
