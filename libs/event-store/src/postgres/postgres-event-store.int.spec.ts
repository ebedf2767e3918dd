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
  describe('append_events', () => {
    const call = (stream: string, expected: number, events: readonly object[]) =>
      sql.query<{ outcome: string; revision: string | null; last_position: string | null }>(
        'SELECT outcome, revision, last_position FROM event_store.append_events($1, $2, $3::jsonb)',
        [stream, expected, JSON.stringify(events)],
      );

    // The retry lookup runs before the revision check for 'stream exists' and 'any' and after a failed one
    // otherwise: every kind must still find a retry after the stream has moved on, and only a true retry.
    it.each([
      ['no stream', -1, 'no_stream'],
      ['a revision', 0, 0],
      ['stream exists', -2, 'stream_exists'],
      ['any', -3, 'any'],
    ] as const)('recognises a retry at %s after the stream moved on', async (_, code, expected) => {
      const stream = `retry-${randomUUID()}`;
      if (code !== -1) await store.appendToStream(stream, [event('Before')], 'no_stream');
      const batch = [event('A'), { ...event('B'), id: randomUUID().toUpperCase() }];
      const first = await store.appendToStream(stream, batch, expected);
      await store.appendToStream(stream, [event('Later')], 'any');

      await expect(store.appendToStream(stream, batch, expected)).resolves.toEqual(first);
      const { rows } = await call(stream, code, batch.map(withDigest));
      expect(rows).toEqual([
        {
          outcome: 'duplicate',
          revision: String(first.nextExpectedRevision),
          last_position: String(first.position),
        },
      ]);
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual([
        ...(code === -1 ? [] : ['Before']),
        'A',
        'B',
        'Later',
      ]);
    });

    it('answers a conflict, not a retry, for the same events at another expected revision', async () => {
      const stream = `not-a-retry-${randomUUID()}`;
      const batch = [event('A')];
      await store.appendToStream(stream, batch, 'no_stream');
      await store.appendToStream(stream, [event('B')], 0);
      const { rows } = await call(stream, 0, batch.map(withDigest));
      expect(rows).toEqual([{ outcome: 'conflict', revision: '1', last_position: null }]);
      await expect(store.appendToStream(stream, batch, 0)).rejects.toMatchObject({ actual: 1 });
      // Only part of a batch already stored is no retry either.
      const { rows: partial } = await call(stream, -1, [...batch, event('C')].map(withDigest));
      expect(partial).toEqual([{ outcome: 'conflict', revision: '1', last_position: null }]);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('refuses an event id already stored in another stream, writing nothing', async () => {
      const taken = event('Taken');
      await store.appendToStream(`owner-${randomUUID()}`, [taken], 'no_stream');
      const stream = `thief-${randomUUID()}`;
      await expect(store.appendToStream(stream, [taken], 'no_stream')).rejects.toMatchObject({
        code: '23505',
      });
      expect(await store.readStream(stream)).toEqual([]);
    });

    it('refuses an event without a digest to chain, writing nothing', async () => {
      const stream = `undigested-${randomUUID()}`;
      const events = [withDigest(event('Digested')), event('Undigested')];
      const refused = call(stream, -1, events);
      await expect(refused).rejects.toThrow(/has no digest to chain/);
      await expect(refused).rejects.toMatchObject({ code: '22023' });
      expect(await store.readStream(stream)).toEqual([]);
    });
  });

  it('stores a hash only if it is 64 lower-case hex digits, exactly as the first check did', async () => {
    const candidates = [
      'ab'.repeat(32),
      '0123456789abcdef'.repeat(4),
      'ab'.repeat(31),
      `${'ab'.repeat(32)}a`,
      'AB'.repeat(32),
      `${'ab'.repeat(31)}ag`,
      `${'ab'.repeat(32)}\n`,
      ` ${'ab'.repeat(31)}a`,
      `é${'ab'.repeat(31)}a`,
      `${'ab'.repeat(31)}é`,
      '',
      null,
    ];
    const stream = `hash-check-${randomUUID()}`;
    for (const [i, hash] of candidates.entries()) {
      const { rows } = await sql.query<{ first: boolean | null }>(
        `SELECT $1::text ~ '^[0-9a-f]{64}$' AS first`,
        [hash],
      );
      await sql.query('BEGIN');
      const stored = await sql
        .query(
          `INSERT INTO event_store.events
             (global_position, event_id, stream_id, stream_revision, event_type, data, metadata, hash)
           VALUES (nextval('event_store.global_position_seq'), $1, $2, $3, 'Checked', '{}', '{}', $4)`,
          [randomUUID(), stream, i, hash],
        )
        .then(
          () => true,
          (error: { code?: string }) => {
            expect(error.code).toBe('23514');
            return false;
          },
        );
      await sql.query('ROLLBACK');
      expect({ hash, stored }).toEqual({ hash, stored: rows[0]!.first !== false });
    }
  });
});

function event(type: string): EventToAppend {
  return { id: randomUUID(), type, data: { type }, metadata: {} };
}

/** What the adapter sends append_events: each event with the digest the hash chain links. */
function withDigest(e: EventToAppend): EventToAppend & { digest: string } {
  return { ...e, digest: eventDigest(e) };
}
