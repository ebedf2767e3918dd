import { randomUUID } from 'node:crypto';
import {
  WrongExpectedRevisionError,
  chainHash,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type RecordedEvent,
} from '@lle/event-store';
import { ADAPTERS, type OpenedStore } from '@lle/test-support';

/**
 * One contract, every adapter. Stream names are unique per test and positions are taken relative to the
 * head before each test, so the suite also runs against a real EventStoreDB server that holds other data.
 */
describe.each(ADAPTERS)('event store contract: $name', (adapter) => {
  let opened: OpenedStore;
  let store: EventStore;

  beforeAll(async () => {
    opened = await adapter.open();
    store = opened.store;
    process.stderr.write(`event store contract (${adapter.name}) runs on ${opened.description}\n`);
  });

  afterAll(async () => {
    await opened?.close();
  });

  describe('append and read', () => {
    it('returns what was appended, with revisions from 0, positions and the time it was recorded', async () => {
      const stream = streamName();
      const before = Date.now();
      const events = [event('PlacementBrokered', { days: 6 }), event('SupportDayLogged', { half: true })];

      const result = await store.appendToStream(stream, events, 'no_stream');

      const read = await store.readStream(stream);
      expect(read.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))).toEqual(events);
      expect(read.map((e) => e.revision)).toEqual([0, 1]);
      expect(read.every((e) => e.streamId === stream)).toBe(true);
      expect(typeof read[0]!.position).toBe('bigint');
      expect(read[1]!.position).toBeGreaterThan(read[0]!.position);
      expect(result).toEqual({ nextExpectedRevision: 1, position: read[1]!.position });
      for (const e of read) {
        expect(e.recordedAt).toBeInstanceOf(Date);
        expect(e.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
        expect(e.recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
      }
    });

    it('reads a stream that does not exist as empty', async () => {
      await expect(store.readStream(streamName())).resolves.toEqual([]);
      await expect(store.readStream(streamName(), { direction: 'backwards' })).resolves.toEqual([]);
    });

    it('reads forwards from a revision with a limit', async () => {
      const stream = await streamWith(6);
      const read = await store.readStream(stream, { fromRevision: 2, maxCount: 3 });
      expect(read.map((e) => e.revision)).toEqual([2, 3, 4]);
    });

    it('reads backwards from the end, from a revision, and with a limit', async () => {
      const stream = await streamWith(5);
      expect((await store.readStream(stream, { direction: 'backwards' })).map((e) => e.revision)).toEqual([
        4, 3, 2, 1, 0,
      ]);
      const fromTwo = await store.readStream(stream, { direction: 'backwards', fromRevision: 2 });
      expect(fromTwo.map((e) => e.revision)).toEqual([2, 1, 0]);
      const lastOne = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      expect(lastOne.map((e) => e.revision)).toEqual([4]);
    });

    it('keeps metadata exactly, including keys the store does not know', async () => {
      const stream = streamName();
      const metadata = {
        actor: { subject: 'broker-7', role: 'broker', alliance: 'CATSA' },
        command: 'BrokerPlacement',
        occurredAt: '2026-11-27T09:15:00.000Z',
        correlationId: randomUUID(),
        causationId: randomUUID(),
        schemaVersion: 2,
        override: { reason: 'agreed by the panel', days: [1, 2.5, null] },
      };
      await store.appendToStream(stream, [{ ...event('PlacementBrokered'), metadata }], 'no_stream');
      const [read] = await store.readStream(stream);
      expect(read!.metadata).toEqual(metadata);
    });

    it('stores a 1 MB event', async () => {
      // 1,000,000 bytes: EventStoreDB refuses appends over 1 MiB (data, metadata and type) by default.
      const stream = streamName();
      const big = { evidence: 'x'.repeat(999_000), sections: ['a', 'b'] };
      await store.appendToStream(stream, [event('PartBSubmitted', big)], 'no_stream');
      const [read] = await store.readStream(stream);
      expect(read!.data).toEqual(big);
    });

    it('keeps Unicode in stream names, types, data and metadata', async () => {
      const stream = `school-Sexton’s Manor-${randomUUID()}`;
      const data = {
        name: 'Sexton’s Manor Primary School',
        emoji: '🏫📚✅ 👩🏽‍🏫',
        cjk: '学校支援',
        rtl: 'مدرسة',
        combining: 'Zoë e\u0301',
        quotes: '"\'\\/',
      };
      await store.appendToStream(
        stream,
        [{ id: randomUUID(), type: 'ÉvènementReçu', data, metadata: { note: 'ℹ️ façade' } }],
        'no_stream',
      );
      const [read] = await store.readStream(stream);
      expect(read!.streamId).toBe(stream);
      expect(read!.type).toBe('ÉvènementReçu');
      expect(read!.data).toEqual(data);
      expect(read!.metadata).toEqual({ note: 'ℹ️ façade' });
    });

    it('holds a 10,000-event stream and reads it whole, in order', async () => {
      const stream = streamName();
      let expected: ExpectedRevision = 'no_stream';
      for (let batch = 0; batch < 20; batch++) {
        const events = Array.from({ length: 500 }, (_, i) =>
          event('SupportDayLogged', { n: batch * 500 + i }),
        );
        expected = (await store.appendToStream(stream, events, expected)).nextExpectedRevision;
      }
      expect(expected).toBe(9_999);
      const read = await store.readStream(stream);
      expect(read).toHaveLength(10_000);
      expect(read.every((e, i) => e.revision === i && (e.data as { n: number }).n === i)).toBe(true);
      const tail = await store.readStream(stream, { direction: 'backwards', maxCount: 3 });
      expect(tail.map((e) => e.revision)).toEqual([9_999, 9_998, 9_997]);
    });
  });

  describe('expected revisions', () => {
    it('no_stream: accepted for a new stream, refused once it exists', async () => {
      const stream = await streamWith(1);
      await expectConflict(
        () => store.appendToStream(stream, [event('X')], 'no_stream'),
        stream,
        'no_stream',
        0,
      );
    });

    it('stream_exists: refused for a new stream, accepted once it exists', async () => {
      const stream = streamName();
      await expectConflict(
        () => store.appendToStream(stream, [event('X')], 'stream_exists'),
        stream,
        'stream_exists',
        'no_stream',
      );
      await store.appendToStream(stream, [event('X')], 'no_stream');
      await expect(store.appendToStream(stream, [event('Y')], 'stream_exists')).resolves.toMatchObject({
        nextExpectedRevision: 1,
      });
    });

    it('any: accepted whether or not the stream exists', async () => {
      const stream = streamName();
      await expect(store.appendToStream(stream, [event('X')], 'any')).resolves.toMatchObject({
        nextExpectedRevision: 0,
      });
      await expect(store.appendToStream(stream, [event('Y'), event('Z')], 'any')).resolves.toMatchObject({
        nextExpectedRevision: 2,
      });
    });

    it('a revision: accepted when it is the last revision, refused otherwise, naming both', async () => {
      const stream = await streamWith(3);
      await expectConflict(() => store.appendToStream(stream, [event('X')], 1), stream, 1, 2);
      await expectConflict(() => store.appendToStream(stream, [event('X')], 7), stream, 7, 2);
      await expect(store.appendToStream(stream, [event('X')], 2)).resolves.toMatchObject({
        nextExpectedRevision: 3,
      });
    });

    it('a revision on a stream that does not exist is refused with no_stream as the actual', async () => {
      const stream = streamName();
      await expectConflict(() => store.appendToStream(stream, [event('X')], 0), stream, 0, 'no_stream');
    });

    it('a refused append writes nothing, in its stream or in the global log', async () => {
      const stream = await streamWith(2);
      const head = await store.headPosition();
      await expectConflict(() => store.appendToStream(stream, [event('X'), event('Y')], 0), stream, 0, 1);
      expect(await store.readStream(stream)).toHaveLength(2);
      expect(await store.headPosition()).toBe(head);
    });
  });

  describe('idempotent retry', () => {
    it('re-appending the same event ids at the same expected revision returns the first result', async () => {
      const stream = streamName();
      const events = [event('SupportDayLogged', { day: 1 }), event('SupportDayLogged', { day: 2 })];
      const first = await store.appendToStream(stream, events, 'no_stream');
      const again = await store.appendToStream(stream, events, 'no_stream');
      expect(again).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('still returns the first result after the stream has moved on', async () => {
      const stream = streamName();
      const first = [event('A')];
      const firstResult = await store.appendToStream(stream, first, 'no_stream');
      await store.appendToStream(stream, [event('B')], 0);
      await expect(store.appendToStream(stream, first, 'no_stream')).resolves.toEqual(firstResult);
      const retried = await store.appendToStream(stream, [event('C')], 1);
      expect(retried.nextExpectedRevision).toBe(2);
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('a retry with a numeric expected revision is harmless too', async () => {
      const stream = await streamWith(1);
      const events = [event('X')];
      const first = await store.appendToStream(stream, events, 0);
      await expect(store.appendToStream(stream, events, 0)).resolves.toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
    });
  });

  describe('the global log', () => {
    it('orders events across streams in the order they were appended', async () => {
      const head = await store.headPosition();
      const streams = [streamName(), streamName(), streamName()];
      const appended: string[] = [];
      for (let round = 0; round < 4; round++) {
        for (const stream of streams) {
          const e = event('Tick', { round });
          await store.appendToStream(stream, [e], 'any');
          appended.push(e.id);
        }
      }
      const read = await store.readAll({ after: head });
      const ours = read.filter((e) => streams.includes(e.streamId));
      expect(ours.map((e) => e.id)).toEqual(appended);
      expectStrictlyIncreasing(read.map((e) => e.position));
    });

    it('reads after a position, exclusively, with a limit', async () => {
      const stream = await streamWith(5);
      const events = await store.readStream(stream);
      const page = await store.readAll({ after: events[1]!.position, maxCount: 2 });
      expect(page.map((e) => e.id)).toEqual([events[2]!.id, events[3]!.id]);
    });

    it('reads everything from the start when no position is given', async () => {
      const stream = await streamWith(2);
      const ours = (await store.readAll()).filter((e) => e.streamId === stream);
      expect(ours.map((e) => e.revision)).toEqual([0, 1]);
    });

    it('knows the position of its last event', async () => {
      const result = await store.appendToStream(streamName(), [event('X')], 'no_stream');
      expect(await store.headPosition()).toBe(result.position);
    });
  });

  describe('subscribing to all events', () => {
    it('catches up from a position, then follows live appends, and ends when aborted', async () => {
      const stream = streamName();
      const head = await store.headPosition();
      await store.appendToStream(stream, [event('A'), event('B'), event('C')], 'no_stream');

      const abort = new AbortController();
      const received: RecordedEvent[] = [];
      const done = (async () => {
        for await (const e of store.subscribeToAll({ after: head, signal: abort.signal })) {
          if (e.streamId !== stream) continue;
          received.push(e);
          if (received.length === 3) {
            // Caught up: the next events are appended while the subscription is live.
            void store.appendToStream(stream, [event('D'), event('E')], 2);
          }
          if (received.length === 5) abort.abort();
        }
      })();

      await withTimeout(done, 15_000);
      expect(received.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect(received.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    });

    it('ends cleanly when the consumer stops iterating', async () => {
      const head = await store.headPosition();
      const stream = await streamWith(3);
      const [first] = await store.readStream(stream);
      const received: string[] = [];
      for await (const e of store.subscribeToAll({ after: head })) {
        if (e.streamId !== stream) continue;
        received.push(e.id);
        break;
      }
      expect(received).toEqual([first!.id]);
    });

    it('lets a slow consumer fall behind and still delivers every event once, in order', async () => {
      const stream = streamName();
      const head = await store.headPosition();
      const abort = new AbortController();
      const received: RecordedEvent[] = [];
      let firstSeen!: () => void;
      const firstArrived = new Promise<void>((resolve) => (firstSeen = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));

      const done = (async () => {
        for await (const e of store.subscribeToAll({ after: head, signal: abort.signal })) {
          if (e.streamId !== stream) continue;
          received.push(e);
          if (received.length === 1) {
            firstSeen();
            await released; // the consumer is busy while 2,000 more events land
          }
          if (received.length === 2_001) abort.abort();
        }
      })();

      await store.appendToStream(stream, [event('First')], 'no_stream');
      await withTimeout(firstArrived, 15_000);
      let expected: ExpectedRevision = 0;
      for (let batch = 0; batch < 4; batch++) {
        const events = Array.from({ length: 500 }, () => event('Later'));
        expected = (await store.appendToStream(stream, events, expected)).nextExpectedRevision;
      }
      release();
      await withTimeout(done, 30_000);
      expect(received.map((e) => e.revision)).toEqual(Array.from({ length: 2_001 }, (_, i) => i));
    });

    it('20 concurrent writers: a concurrent subscriber sees every event exactly once, strictly in order', async () => {
      const writers = 20;
      const appendsPerWriter = 25;
      const total = writers * appendsPerWriter;
      const head = await store.headPosition();
      const prefix = `writer-${randomUUID()}`;
      const abort = new AbortController();
      const seen: RecordedEvent[] = [];

      const subscriber = (async () => {
        for await (const e of store.subscribeToAll({ after: head, signal: abort.signal })) {
          seen.push(e);
          if (seen.filter((s) => s.streamId.startsWith(prefix)).length === total) abort.abort();
        }
      })();

      const appendedIds = new Set<string>();
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          // Half the writers share one stream with 'any', half own a stream each.
          const stream = w % 2 === 0 ? `${prefix}-shared` : `${prefix}-${w}`;
          for (let i = 0; i < appendsPerWriter; i++) {
            const e = event('Concurrent', { w, i });
            appendedIds.add(e.id);
            await store.appendToStream(stream, [e], 'any');
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stderr.write(
        `event store contract (${adapter.name}): ${total} appends from ${writers} concurrent writers ` +
          `at ${Math.round(total / seconds)} appends/s\n`,
      );

      await withTimeout(subscriber, 30_000);
      expectStrictlyIncreasing(seen.map((e) => e.position));
      const ours = seen.filter((e) => e.streamId.startsWith(prefix));
      expect(ours).toHaveLength(total);
      expect(new Set(ours.map((e) => e.id))).toEqual(appendedIds);
      const shared = ours.filter((e) => e.streamId === `${prefix}-shared`).map((e) => e.revision);
      expect(shared).toEqual(Array.from({ length: shared.length }, (_, i) => i));
    });

    it('measures the single-writer append rate', async () => {
      const stream = streamName();
      const appends = 500;
      const started = process.hrtime.bigint();
      let expected: ExpectedRevision = 'no_stream';
      for (let i = 0; i < appends; i++) {
        expected = (await store.appendToStream(stream, [event('Sequential', { i })], expected))
          .nextExpectedRevision;
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stderr.write(
        `event store contract (${adapter.name}): ${appends} appends from 1 writer ` +
          `at ${Math.round(appends / seconds)} appends/s\n`,
      );
      expect(expected).toBe(appends - 1);
    });
  });

  describe('hash chain', () => {
    it('every event carries a hash linking it to the one before it, through batches, retries and every kind of expected revision', async () => {
      const stream = streamName();
      const batch = [event('A', { n: 0 }), event('B', { n: 1, nested: { z: [1, 'ü'], a: null } })];
      const first = await store.appendToStream(stream, batch, 'no_stream');
      await expect(store.appendToStream(stream, batch, 'no_stream')).resolves.toEqual(first);
      await store.appendToStream(stream, [event('C')], 1);
      await store.appendToStream(stream, [event('D'), event('E')], 'any');
      const retried = [event('F')];
      const once = await store.appendToStream(stream, retried, 'stream_exists');
      await expect(store.appendToStream(stream, retried, 'stream_exists')).resolves.toEqual(once);

      const read = await store.readStream(stream);
      expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
      expectOneChain(read);
      // The hash is not part of what the caller stored.
      expect(read.filter((e) => '$chain' in e.metadata)).toEqual([]);
    });

    it('concurrent writers on one stream leave one unbroken chain', async () => {
      const stream = streamName();
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let i = 0; i < 5; i++) await store.appendToStream(stream, [event('W', { writer, i })], 'any');
        }),
      );
      const read = await store.readStream(stream);
      expect(read).toHaveLength(40);
      expectOneChain(read);
    });

    it('reads the same hashes from the global log as from the stream', async () => {
      const head = await store.headPosition();
      const stream = await streamWith(3);
      const fromStream = await store.readStream(stream);
      const fromAll = (await store.readAll(head === undefined ? {} : { after: head })).filter(
        (e) => e.streamId === stream,
      );
      expect(fromAll.map((e) => e.hash)).toEqual(fromStream.map((e) => e.hash));
    });
  });

  function streamName(): string {
    return `contract-${randomUUID()}`;
  }

  async function streamWith(count: number): Promise<string> {
    const stream = streamName();
    await store.appendToStream(
      stream,
      Array.from({ length: count }, (_, i) => event('Numbered', { i })),
      'no_stream',
    );
    return stream;
  }
});

function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data: data as EventToAppend['data'],
    metadata: { correlationId: randomUUID(), schemaVersion: 1 },
  };
}

/** Each event's hash is the one its content and its predecessor's hash give (libs/event-store/src/hash-chain.ts). */
function expectOneChain(events: readonly RecordedEvent[]): void {
  let previous: string | null = null;
  for (const [revision, e] of events.entries()) {
    expect(e.revision).toBe(revision);
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(e.hash).toBe(chainHash(e.streamId, e.revision, previous, e));
    previous = e.hash!;
  }
}

async function expectConflict(
  append: () => Promise<unknown>,
  streamId: string,
  expected: ExpectedRevision,
  actual: number | 'no_stream',
): Promise<void> {
  const error = await append().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ streamId, expected, actual });
  expect((error as Error).message).toContain(streamId);
}

function expectStrictlyIncreasing(positions: GlobalPosition[]): void {
  const outOfOrder = positions.findIndex((p, i) => i > 0 && p <= positions[i - 1]!);
  expect(outOfOrder).toBe(-1);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
