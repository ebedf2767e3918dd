import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client, Pool } from 'pg';
import {
  PostgresEventStore,
  chainHash,
  pgQuery,
  pgTransaction,
  verifyPostgresEventStore,
  writeCheckpoints,
  type ChainProblem,
  type EventToAppend,
  type JsonValue,
  type VerifyReport,
} from '@lle/event-store';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';

/**
 * Tamper evidence on PostgreSQL: rows altered, deleted, inserted and reordered directly in the events table
 * (as the owner, with the append-only guard off for that transaction only) are all found by the verifier,
 * which runs inside the same transaction before it is rolled back.
 *
 * What the chain alone cannot see, by design: a stream's LAST event removed, or rewritten with a freshly
 * computed hash, and a forged event with a correct hash added at the end of a stream. Only a checkpoint
 * after it finds those, so this test aims those mutations at events a checkpoint covers; every other
 * mutation targets any event, the uncovered tail included.
 */

type Kind =
  | 'alter-data'
  | 'alter-metadata'
  | 'alter-type'
  | 'alter-id'
  | 'alter-hash'
  | 'alter-revision'
  | 'move-to-other-stream'
  | 'delete-inside-stream'
  | 'delete-last-of-stream'
  | 'delete-tail-of-log'
  | 'insert-with-wrong-hash'
  | 'insert-forged-into-gap'
  | 'insert-stream-without-start'
  | 'swap-positions'
  | 'swap-revisions'
  | 'swap-data'
  | 'rewrite-last-with-new-hash'
  | 'rewrite-inside-with-new-hash';

const KINDS: Kind[] = [
  'alter-data',
  'alter-metadata',
  'alter-type',
  'alter-id',
  'alter-hash',
  'alter-revision',
  'move-to-other-stream',
  'delete-inside-stream',
  'delete-last-of-stream',
  'delete-tail-of-log',
  'insert-with-wrong-hash',
  'insert-forged-into-gap',
  'insert-stream-without-start',
  'swap-positions',
  'swap-revisions',
  'swap-data',
  'rewrite-last-with-new-hash',
  'rewrite-inside-with-new-hash',
];

interface Row {
  position: bigint;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: JsonValue;
  metadata: Record<string, JsonValue>;
  hash: string;
}

/** What a mutation did: detection must not start before `from`, and must name `names` when it can. */
interface Expected {
  readonly from: bigint;
  readonly names?: { streamId: string; revision: number };
  readonly checkpointOnly?: boolean;
}

const STREAMS = 16;
const EVENTS = 150;
const CHECKPOINT_EVERY = 15;
const UNCOVERED_TAIL = 10;
/** Stream ids the SQL side of the chain must link exactly as the JavaScript side does. */
const STREAM_SUFFIXES = ['plain', 'ü', '🏫', 'a|b', '"quoted" \\'];

describe('tamper evidence (PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let owner: Client;
  let rows: Row[];
  let gaps: bigint[];
  let lastCheckpoint: bigint;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 4 });
    owner = new Client({ connectionString: database.url });
    await owner.connect();
    gaps = await appendHistory(store, owner);
    const checkpointer = new Pool({ connectionString: database.url, max: 1 });
    const written = await writeCheckpoints(store, pgTransaction(checkpointer), {
      every: CHECKPOINT_EVERY,
      atHead: true,
    }).finally(() => checkpointer.end());
    lastCheckpoint = written.last!.position;
    await appendTail(store);
    rows = await readRows(owner);
  }, 120_000);

  afterAll(async () => {
    await owner?.end();
    await store?.close();
    await database?.drop();
  });

  it('an untouched history verifies clean, checkpoints and all, and says what is not yet covered', async () => {
    const report = await verifyPostgresEventStore(pgQuery(owner));
    expect(report).toMatchObject({ ok: true, events: EVENTS + UNCOVERED_TAIL, problemCount: 0 });
    expect(report.checkpointsChecked).toBe(Math.floor(EVENTS / CHECKPOINT_EVERY));
    expect(report.eventsAfterLastCheckpoint).toBe(UNCOVERED_TAIL);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((gap) => gap < lastCheckpoint)).toBe(true);
  });

  it('finds every one of 1,000 random alterations, deletions, insertions and reorderings', async () => {
    const detected = new Map<Kind, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KINDS), fc.nat(), fc.nat(), async (kind, pick, other) => {
        await owner.query('BEGIN');
        try {
          await owner.query('SET LOCAL session_replication_role = replica');
          const expected = await mutate(owner, kind, pick, other);
          const report = await verifyPostgresEventStore(pgQuery(owner));
          expectDetected(report, expected, kind);
          detected.set(kind, (detected.get(kind) ?? 0) + 1);
        } finally {
          await owner.query('ROLLBACK');
        }
      }),
      { numRuns: 1_000 },
    );
    const total = [...detected.values()].reduce((sum, n) => sum + n, 0);
    process.stderr.write(
      `tamper evidence: ${total} of ${total} mutations detected: ` +
        `${[...detected].map(([kind, n]) => `${kind} ${n}`).join(', ')}\n`,
    );
    expect(total).toBe(1_000);
    expect(new Set(detected.keys())).toEqual(new Set(KINDS));
    // Every case rolled back: the history is as it was.
    expect((await verifyPostgresEventStore(pgQuery(owner))).ok).toBe(true);
  }, 180_000);

  it('the guard stays on outside such a transaction: events and checkpoints refuse UPDATE and DELETE', async () => {
    await expect(owner.query(`UPDATE event_store.events SET data = '{}'`)).rejects.toThrow(/append-only/);
    await expect(owner.query(`DELETE FROM event_store.checkpoints`)).rejects.toThrow(/append-only/);
    await expect(owner.query(`UPDATE event_store.checkpoints SET event_count = 1`)).rejects.toThrow(
      /append-only/,
    );
  });

  /** Applies one mutation of `kind`; `pick` and `other` choose its targets. */
  async function mutate(db: Client, kind: Kind, pick: number, other: number): Promise<Expected> {
    const target = rows[pick % rows.length]!;
    const names = { streamId: target.streamId, revision: target.revision };
    const at = (row: Row): [string] => [row.position.toString()];
    switch (kind) {
      case 'alter-data':
        await db.query(
          `UPDATE event_store.events SET data = jsonb_set(data, '{seq}', to_jsonb($2::int)) WHERE global_position = $1`,
          [...at(target), -1 - (other % 1000)],
        );
        return { from: target.position, names };
      case 'alter-metadata':
        await db.query(
          `UPDATE event_store.events SET metadata = metadata || '{"actor":{"subject":"someone-else"}}'
            WHERE global_position = $1`,
          at(target),
        );
        return { from: target.position, names };
      case 'alter-type':
        await db.query(
          `UPDATE event_store.events SET event_type = event_type || 'X' WHERE global_position = $1`,
          at(target),
        );
        return { from: target.position, names };
      case 'alter-id':
        await db.query(`UPDATE event_store.events SET event_id = $2 WHERE global_position = $1`, [
          ...at(target),
          randomUUID(),
        ]);
        return { from: target.position, names };
      case 'alter-hash':
        await db.query(`UPDATE event_store.events SET hash = $2 WHERE global_position = $1`, [
          ...at(target),
          randomBytes(32).toString('hex'),
        ]);
        return { from: target.position, names };
      case 'alter-revision':
        await db.query(
          `UPDATE event_store.events SET stream_revision = stream_revision + 1000 + $2 WHERE global_position = $1`,
          [...at(target), other % 1000],
        );
        return { from: target.position, names };
      case 'move-to-other-stream':
        await db.query(`UPDATE event_store.events SET stream_id = $2 WHERE global_position = $1`, [
          ...at(target),
          `moved-${other}`,
        ]);
        return { from: target.position, names: { streamId: `moved-${other}`, revision: 0 } };
      case 'delete-inside-stream': {
        const inside = rows.filter((row) => !isLastOfStream(row));
        const victim = inside[pick % inside.length]!;
        await db.query(`DELETE FROM event_store.events WHERE global_position = $1`, at(victim));
        return { from: victim.position, names: { streamId: victim.streamId, revision: victim.revision } };
      }
      case 'delete-last-of-stream': {
        const lasts = rows.filter((row) => isLastOfStream(row) && row.position <= lastCheckpoint);
        const victim = lasts[pick % lasts.length]!;
        await db.query(`DELETE FROM event_store.events WHERE global_position = $1`, at(victim));
        return { from: victim.position, checkpointOnly: true };
      }
      case 'delete-tail-of-log': {
        const covered = rows.filter((row) => row.position <= lastCheckpoint);
        const from = covered[pick % covered.length]!;
        await db.query(`DELETE FROM event_store.events WHERE global_position >= $1`, at(from));
        return { from: from.position };
      }
      case 'insert-with-wrong-hash': {
        const last = lastOf(target.streamId);
        const position = await nextPosition(db);
        await insertEvent(db, {
          ...last,
          position,
          revision: last.revision + 1,
          id: randomUUID(),
          hash: randomBytes(32).toString('hex'),
        });
        return { from: position, names: { streamId: last.streamId, revision: last.revision + 1 } };
      }
      case 'insert-forged-into-gap': {
        // A correct hash, at the end of a stream, in a position a rolled-back append left free: only the
        // checkpoint over that position can tell.
        const gap = gaps[pick % gaps.length]!;
        const before = [...new Set(rows.map((row) => row.streamId))].filter(
          (stream) => lastOf(stream).position < gap,
        );
        const stream = before.length > 0 ? before[other % before.length]! : target.streamId;
        const last = lastOf(stream);
        const forged = { ...last, id: randomUUID(), data: { forged: other }, revision: last.revision + 1 };
        await insertEvent(db, {
          ...forged,
          position: gap,
          hash: chainHash(stream, forged.revision, last.hash, forged),
        });
        return { from: gap, ...(before.length > 0 ? { checkpointOnly: true } : {}) };
      }
      case 'insert-stream-without-start': {
        const position = await nextPosition(db);
        await insertEvent(db, {
          ...target,
          streamId: `inserted-${other}`,
          revision: 1 + (other % 5),
          id: randomUUID(),
          position,
        });
        return { from: position, names: { streamId: `inserted-${other}`, revision: 0 } };
      }
      case 'swap-positions': {
        // Two events of different streams trading places after the last checkpoint would go unseen, so
        // the first of the two is one a checkpoint covers.
        const covered = rows.filter((row) => row.position <= lastCheckpoint);
        const target = covered[pick % covered.length]!;
        const second = rows.filter((row) => row.position !== target.position)[other % (rows.length - 1)]!;
        await db.query(
          `UPDATE event_store.events SET global_position = -1 WHERE global_position = $1`,
          at(target),
        );
        await db.query(`UPDATE event_store.events SET global_position = $2 WHERE global_position = $1`, [
          second.position.toString(),
          target.position.toString(),
        ]);
        await db.query(`UPDATE event_store.events SET global_position = $1 WHERE global_position = -1`, [
          second.position.toString(),
        ]);
        return { from: min(target.position, second.position) };
      }
      case 'swap-revisions': {
        const inLongerStreams = rows.filter((row) => lastOf(row.streamId).revision > 0);
        const target = inLongerStreams[pick % inLongerStreams.length]!;
        const siblings = rows.filter((row) => row.streamId === target.streamId && row !== target);
        const second = siblings[other % siblings.length]!;
        const swap = (row: Row, revision: number): Promise<unknown> =>
          db.query(`UPDATE event_store.events SET stream_revision = $2 WHERE global_position = $1`, [
            ...at(row),
            revision,
          ]);
        await swap(target, 1_000_000);
        await swap(second, target.revision);
        await swap(target, second.revision);
        const first = target.position < second.position ? target : second;
        return { from: first.position, names: { streamId: first.streamId, revision: first.revision } };
      }
      case 'swap-data': {
        const second = rows.filter((row) => row !== target)[other % (rows.length - 1)]!;
        await db.query(
          `UPDATE event_store.events e SET data = o.data FROM event_store.events o
            WHERE (e.global_position, o.global_position) IN (($1, $2), ($2, $1))`,
          [target.position.toString(), second.position.toString()],
        );
        const first = target.position < second.position ? target : second;
        return { from: first.position, names: { streamId: first.streamId, revision: first.revision } };
      }
      case 'rewrite-last-with-new-hash': {
        const lasts = rows.filter((row) => isLastOfStream(row) && row.position <= lastCheckpoint);
        const victim = lasts[pick % lasts.length]!;
        await rewriteWithNewHash(db, victim, other);
        return { from: victim.position, checkpointOnly: true };
      }
      case 'rewrite-inside-with-new-hash': {
        // The event itself looks right; the link from the next event in its stream breaks.
        const inside = rows.filter((row) => !isLastOfStream(row));
        const victim = inside[pick % inside.length]!;
        await rewriteWithNewHash(db, victim, other);
        return { from: victim.position, names: { streamId: victim.streamId, revision: victim.revision + 1 } };
      }
    }
  }

  async function rewriteWithNewHash(db: Client, victim: Row, other: number): Promise<void> {
    const previous = rows.find(
      (row) => row.streamId === victim.streamId && row.revision === victim.revision - 1,
    );
    const rewritten = { ...victim, data: { ...(victim.data as object), seq: -1 - other } };
    const hash = chainHash(victim.streamId, victim.revision, previous?.hash ?? null, rewritten);
    await db.query(`UPDATE event_store.events SET data = $2, hash = $3 WHERE global_position = $1`, [
      victim.position.toString(),
      JSON.stringify(rewritten.data),
      hash,
    ]);
  }

  function isLastOfStream(row: Row): boolean {
    return lastOf(row.streamId) === row;
  }

  function lastOf(streamId: string): Row {
    return rows.filter((row) => row.streamId === streamId).at(-1)!;
  }
});

function expectDetected(report: VerifyReport, expected: Expected, kind: Kind): void {
  const context = `${kind}: ${JSON.stringify(report.problems.slice(0, 3), bigintAsString)}`;
  if (report.ok) throw new Error(`not detected: ${context}`);
  const first = report.problems[0]!;
  // Nothing is blamed before the first row that was touched.
  if (first.position < expected.from) throw new Error(`blamed too early (from ${expected.from}): ${context}`);
  if (expected.names && !report.problems.some((p) => names(p, expected.names!))) {
    throw new Error(`did not name ${JSON.stringify(expected.names)}: ${context}`);
  }
  if (expected.checkpointOnly && first.kind !== 'checkpoint-mismatch') {
    throw new Error(`expected a checkpoint to find it: ${context}`);
  }
}

function names(problem: ChainProblem, expected: { streamId: string; revision: number }): boolean {
  return problem.streamId === expected.streamId && problem.revision === expected.revision;
}

/** A modest history: appends of 1 to 3 events over the streams, with positions left free now and then. */
async function appendHistory(store: PostgresEventStore, owner: Client): Promise<bigint[]> {
  const gaps: bigint[] = [];
  let seq = 0;
  while (seq < EVENTS) {
    const stream = `tamper-${seq % STREAMS}-${STREAM_SUFFIXES[(seq % STREAMS) % STREAM_SUFFIXES.length]}`;
    const count = Math.min(1 + (seq % 3), EVENTS - seq);
    const events = Array.from({ length: count }, () => historyEvent(seq++));
    await store.appendToStream(stream, events, 'any');
    if (seq % 37 < 3 && seq < EVENTS - CHECKPOINT_EVERY) {
      // What an append that rolled back leaves behind: a position that will never be filled.
      const { rows } = await owner.query<{ gap: string }>(
        `SELECT nextval('event_store.global_position_seq') AS gap`,
      );
      gaps.push(BigInt(rows[0]!.gap));
    }
  }
  return gaps;
}

async function appendTail(store: PostgresEventStore): Promise<void> {
  for (let i = 0; i < UNCOVERED_TAIL; i++) {
    await store.appendToStream(`tamper-${i % 5}-tail`, [historyEvent(EVENTS + i)], 'any');
  }
}

function historyEvent(seq: number): EventToAppend {
  return {
    id: randomUUID(),
    type: ['PlacementBrokered', 'SupportDayLogged', 'DaysTransferred'][seq % 3]!,
    data: {
      seq,
      days: (seq % 12) / 2,
      school: { urn: 100_000 + seq, name: `École ${seq} 学校` },
      tags: ['a', seq],
    },
    metadata: {
      correlationId: randomUUID(),
      schemaVersion: 1,
      actor: { subject: `broker-${seq % 4}`, role: 'broker' },
    },
  };
}

async function readRows(db: Client): Promise<Row[]> {
  const { rows } = await db.query<{
    global_position: string;
    stream_id: string;
    stream_revision: string;
    event_id: string;
    event_type: string;
    data: JsonValue;
    metadata: Record<string, JsonValue>;
    hash: string;
  }>(
    `SELECT global_position, stream_id, stream_revision, event_id, event_type, data, metadata, hash
       FROM event_store.events ORDER BY global_position`,
  );
  return rows.map((row) => ({
    position: BigInt(row.global_position),
    streamId: row.stream_id,
    revision: Number(row.stream_revision),
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash,
  }));
}

async function insertEvent(db: Client, row: Row): Promise<void> {
  await db.query(
    `INSERT INTO event_store.events
       (global_position, event_id, stream_id, stream_revision, event_type, data, metadata, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      row.position.toString(),
      row.id,
      row.streamId,
      row.revision,
      row.type,
      JSON.stringify(row.data),
      JSON.stringify(row.metadata),
      row.hash,
    ],
  );
}

async function nextPosition(db: Client): Promise<bigint> {
  const { rows } = await db.query<{ position: string }>(
    `SELECT nextval('event_store.global_position_seq') AS position`,
  );
  return BigInt(rows[0]!.position);
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const bigintAsString = (_: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;
