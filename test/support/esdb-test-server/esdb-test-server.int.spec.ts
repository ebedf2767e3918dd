/**
 * EsdbEventStore against the in-process EventStoreDB test server, through every port method, plus the parts of
 * the server's protocol the adapter relies on. Needs no database and no Docker.
 */
import { randomUUID } from 'node:crypto';

import { credentials } from '@grpc/grpc-js';
import { EventStoreDBClient, FORWARDS, BACKWARDS, jsonEvent } from '@eventstore/db-client';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { InvalidAppendError, WrongExpectedRevisionError } from '@lle/event-store';
import type {
  AppendResult,
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  JsonValue,
  RecordedEvent,
} from '@lle/event-store';

import { EsdbEventStore } from '../../../libs/event-store/src/esdb';
import { startEsdbTestServer } from './esdb-test-server';
import type { EsdbTestServer, EsdbTestServerOptions } from './esdb-test-server';

const GRPC_UNIMPLEMENTED = 12;
const GRPC_INVALID_ARGUMENT = 3;

function anEvent(data: JsonValue = { n: 1 }, metadata: EventMetadata = {}, type = 'Tested'): EventToAppend {
  return { id: randomUUID(), type, data, metadata };
}

function events(
  count: number,
  build: (index: number) => JsonValue = (index) => ({ index }),
): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => anEvent(build(index)));
}

function aStream(prefix = 'stream'): string {
  return `${prefix}-${randomUUID()}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

async function appendFails(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the append to fail');
}

function isStrictlyIncreasing(positions: readonly bigint[]): boolean {
  return positions.every((position, index) => index === 0 || position > (positions[index - 1] ?? position));
}

/** A server and an adapter on it, for one describe block. */
function useServer(options: EsdbTestServerOptions = {}): {
  server: () => EsdbTestServer;
  store: () => EsdbEventStore;
} {
  let server: EsdbTestServer | undefined;
  let store: EsdbEventStore | undefined;
  beforeAll(async () => {
    server = await startEsdbTestServer(options);
    store = EsdbEventStore.fromConnectionString(server.connectionString);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });
  return {
    server: () => server ?? failWith('server not started'),
    store: () => store ?? failWith('store not created'),
  };
}

function failWith(message: string): never {
  throw new Error(message);
}

describe.each([
  ['BatchAppend', true],
  ['Append', false],
])('EsdbEventStore appends through %s', (_rpc, batchAppend) => {
  const { store, server } = useServer({ batchAppend });

  it('advertises exactly the append RPCs it serves', async () => {
    const methods = await supportedMethods(server().connectionString);
    expect(methods).toEqual(
      expect.arrayContaining([
        'event_store.client.streams.streams/read',
        'event_store.client.streams.streams/append',
        'event_store.client.server_features.serverfeatures/getsupportedmethods',
      ]),
    );
    expect(methods.includes('event_store.client.streams.streams/batchappend')).toBe(batchAppend);
  });

  it('accepts every expected-revision form when it holds', async () => {
    const stream = aStream();
    const results: AppendResult[] = [];
    results.push(await store().appendToStream(stream, [anEvent()], 'no_stream'));
    results.push(await store().appendToStream(stream, [anEvent()], 0));
    results.push(await store().appendToStream(stream, [anEvent(), anEvent()], 'stream_exists'));
    results.push(await store().appendToStream(stream, [anEvent()], 'any'));
    const anyOnNew = await store().appendToStream(aStream(), [anEvent()], 'any');

    expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1, 3, 4]);
    expect(anyOnNew.nextExpectedRevision).toBe(0);
    const read = await store().readStream(stream);
    expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    // The result's position is the position of the last event the append wrote.
    expect(results.map((r) => r.position)).toEqual([0, 1, 3, 4].map((rev) => read[rev]?.position));
    expect(isStrictlyIncreasing(read.map((e) => e.position))).toBe(true);
  });

  it.each<[string, ExpectedRevision, number | 'no_stream', (stream: string) => Promise<unknown>]>([
    ['a revision ahead of the stream', 5, 1, (s) => store().appendToStream(s, events(2), 'no_stream')],
    ['a revision behind the stream', 0, 1, (s) => store().appendToStream(s, events(2), 'no_stream')],
    ['no_stream on an existing stream', 'no_stream', 0, (s) => store().appendToStream(s, events(1), 'any')],
    ['a revision on a missing stream', 0, 'no_stream', async () => undefined],
    ['stream_exists on a missing stream', 'stream_exists', 'no_stream', async () => undefined],
  ])('refuses %s with WrongExpectedRevisionError', async (_case, expected, actual, arrange) => {
    const stream = aStream();
    await arrange(stream);
    const error = await appendFails(store().appendToStream(stream, [anEvent()], expected));

    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ name: 'WrongExpectedRevisionError', streamId: stream, expected, actual });
  });

  it('answers a retried append with the first result, even after the stream moved on', async () => {
    const stream = aStream();
    await store().appendToStream(stream, [anEvent()], 'no_stream');
    const batch = events(2);
    const first = await store().appendToStream(stream, batch, 0);
    const retried = await store().appendToStream(stream, batch, 0);
    await store().appendToStream(stream, [anEvent()], 2);
    const retriedLater = await store().appendToStream(stream, batch, 0);

    expect(retried).toEqual(first);
    expect(retriedLater).toEqual(first);
    expect((await store().readStream(stream)).map((e) => e.id)).toHaveLength(4);
  });

  it.each<ExpectedRevision>(['no_stream', 'any', 'stream_exists'])(
    'answers a retry with the first result for %s',
    async (expected) => {
      const stream = aStream();
      if (expected === 'stream_exists') await store().appendToStream(stream, [anEvent()], 'no_stream');
      const batch = events(3);
      const first = await store().appendToStream(stream, batch, expected);
      const retried = await store().appendToStream(stream, batch, expected);

      expect(retried).toEqual(first);
      expect(await store().readStream(stream)).toHaveLength(expected === 'stream_exists' ? 4 : 3);
    },
  );

  it('refuses a retry whose events only partly match what was written', async () => {
    const stream = aStream();
    const batch = events(2);
    await store().appendToStream(stream, batch, 'no_stream');
    const error = await appendFails(
      store().appendToStream(stream, [batch[0] ?? anEvent(), anEvent()], 'no_stream'),
    );
    expect(error).toMatchObject({ expected: 'no_stream', actual: 1 });
  });

  it('refuses what EventStoreDB cannot store with InvalidAppendError', async () => {
    const bad: [string, readonly EventToAppend[], ExpectedRevision][] = [
      ['', [anEvent()], 'any'],
      [aStream(), [{ ...anEvent(), id: 'not-a-uuid' }], 'any'],
      [aStream(), [{ ...anEvent(), id: '00000000-0000-0000-0000-000000000000' }], 'any'],
      [aStream(), [{ ...anEvent(), type: '' }], 'any'],
      [aStream(), [{ ...anEvent(), data: 10n as unknown as JsonValue }], 'any'],
      [aStream(), [{ ...anEvent(), data: undefined as unknown as JsonValue }], 'any'],
      [aStream(), [], 'any'],
      [aStream(), [anEvent()], -1],
    ];
    for (const [stream, proposed, expected] of bad) {
      await expect(store().appendToStream(stream, proposed, expected)).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
    }
  });

  it('stores a 1 MB event and refuses an append over the 1 MiB maximum append size', async () => {
    const stream = aStream('big');
    const big = anEvent({ blob: 'a'.repeat(1_000_000) }, { size: '1MB' });
    const written = await store().appendToStream(stream, [big], 'no_stream');
    const [read] = await store().readStream(stream);

    expect(read?.data).toEqual(big.data);
    expect(read?.position).toBe(written.position);
    const tooBig = anEvent({ blob: 'a'.repeat(1024 * 1024) });
    await expect(store().appendToStream(stream, [tooBig], 0)).rejects.toBeInstanceOf(InvalidAppendError);
    // Several events are limited together, as ESDB counts the whole append.
    const halves = [anEvent({ blob: 'b'.repeat(600_000) }), anEvent({ blob: 'c'.repeat(600_000) })];
    await expect(store().appendToStream(stream, halves, 0)).rejects.toBeInstanceOf(InvalidAppendError);
    expect(await store().readStream(stream)).toHaveLength(1);
  });

  it('takes 20 concurrent writers, and a subscriber sees every event once, in strictly increasing order', async () => {
    const head = await store().headPosition();
    const writers = 20;
    const appendsPerWriter = 10;
    const contendedStream = aStream('contended');
    const written = new Set<string>();
    const total = writers * appendsPerWriter * 2;

    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    const subscriber = (async () => {
      for await (const event of store().subscribeToAll({ after: head, signal: controller.signal })) {
        seen.push(event);
        if (seen.length === total) break;
      }
    })();

    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        // Half the writers own a stream; the other half fight over one stream and retry on conflicts.
        const own = aStream(`writer-${writer}`);
        let expected: ExpectedRevision = 'no_stream';
        for (let i = 0; i < appendsPerWriter; i += 1) {
          const batch = events(2, () => ({ writer, i }));
          batch.forEach((e) => written.add(e.id));
          if (writer % 2 === 0) {
            expected = (await store().appendToStream(own, batch, expected)).nextExpectedRevision;
          } else {
            await appendWithRetry(store(), contendedStream, batch);
          }
        }
      }),
    );
    await subscriber;

    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((e) => e.id))).toEqual(written);
    expect(isStrictlyIncreasing(seen.map((e) => e.position))).toBe(true);
    const all = await store().readAll({ after: head });
    expect(all.map((e) => e.id)).toEqual(seen.map((e) => e.id));
    const contended = await store().readStream(contendedStream);
    expect(contended.map((e) => e.revision)).toEqual(contended.map((_, index) => index));
  });
});

async function appendWithRetry(store: EsdbEventStore, stream: string, batch: EventToAppend[]): Promise<void> {
  for (;;) {
    const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    try {
      await store.appendToStream(stream, batch, last?.revision ?? 'no_stream');
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

describe('EsdbEventStore reads and subscribes', () => {
  const { store, server } = useServer();

  it('reads a missing stream as empty', async () => {
    expect(await store().readStream(aStream('missing'))).toEqual([]);
    expect(await store().readStream(aStream('missing'), { direction: 'backwards' })).toEqual([]);
  });

  it('reads forwards and backwards, from a revision, with a count', async () => {
    const stream = aStream();
    await store().appendToStream(stream, events(6), 'no_stream');
    const revisions = async (options: Parameters<EsdbEventStore['readStream']>[1]): Promise<number[]> =>
      (await store().readStream(stream, options)).map((e) => e.revision);

    expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await revisions({ direction: 'backwards' })).toEqual([5, 4, 3, 2, 1, 0]);
    expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([5, 4]);
    expect(await revisions({ direction: 'backwards', fromRevision: 3 })).toEqual([3, 2, 1, 0]);
    expect(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([3, 2]);
    expect(await revisions({ direction: 'backwards', fromRevision: 99, maxCount: 1 })).toEqual([5]);
    expect(await revisions({ fromRevision: 2, maxCount: 3 })).toEqual([2, 3, 4]);
    expect(await revisions({ fromRevision: 6 })).toEqual([]);
    expect(await revisions({ maxCount: 0 })).toEqual([]);
  });

  it('keeps one global order across streams, and reads $all after a position (exclusive)', async () => {
    const head = await store().headPosition();
    const [a, b, c] = [aStream('a'), aStream('b'), aStream('c')];
    const appended: EventToAppend[] = [];
    for (const [stream, count] of [
      [a, 2],
      [b, 1],
      [a, 1],
      [c, 3],
      [b, 2],
    ] as const) {
      const batch = events(count);
      appended.push(...batch);
      await store().appendToStream(stream, batch, 'any');
    }
    const all = await store().readAll({ after: head });

    expect(all.map((e) => e.id)).toEqual(appended.map((e) => e.id));
    expect(isStrictlyIncreasing(all.map((e) => e.position))).toBe(true);
    const third = all[2] ?? failWith('no third event');
    expect((await store().readAll({ after: third.position })).map((e) => e.id)).toEqual(
      appended.slice(3).map((e) => e.id),
    );
    expect((await store().readAll({ after: third.position, maxCount: 2 })).map((e) => e.id)).toEqual(
      appended.slice(3, 5).map((e) => e.id),
    );
    expect(await store().readAll({ after: all.at(-1)?.position })).toEqual([]);
    expect(await store().readAll({ maxCount: 0 })).toEqual([]);
  });

  it('pages through $all: maxCount is honoured across pages and dropped system events', async () => {
    const head = await store().headPosition();
    const stream = aStream('paged');
    for (let i = 0; i < 3; i += 1) await store().appendToStream(stream, events(400), 'any');
    await rawAppend(server().connectionString, '$system-noise', 'SystemNoise', 5);

    const all = await store().readAll({ after: head });
    const some = await store().readAll({ after: head, maxCount: 700 });

    expect(all).toHaveLength(1200);
    expect(some.map((e) => e.id)).toEqual(all.slice(0, 700).map((e) => e.id));
  });

  it('leaves EventStoreDB system events out of $all, subscriptions and the head position', async () => {
    const stream = aStream('user');
    const mine = await store().appendToStream(stream, [anEvent()], 'no_stream');
    // A $-stream with a non-$ type passes ESDB's excludeSystemEvents filter; the adapter drops it itself.
    await store().appendToStream(`$custom-${randomUUID()}`, [anEvent({}, {}, 'NotASystemType')], 'any');
    await rawAppend(server().connectionString, `$stats-${randomUUID()}`, '$statsCollected', 2);

    expect(await store().headPosition()).toBe(mine.position);
    const all = await store().readAll();
    expect(all.some((e) => e.streamId.startsWith('$') || e.type.startsWith('$'))).toBe(false);
    expect(all.at(-1)?.position).toBe(mine.position);

    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    const subscription = (async () => {
      for await (const event of store().subscribeToAll({ signal: controller.signal })) seen.push(event);
    })();
    await eventually(() => seen.at(-1)?.position === mine.position);
    await sleep(100);
    controller.abort();
    await subscription;
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('round-trips metadata and every kind of JSON value', async () => {
    const stream = aStream();
    const metadata: EventMetadata = {
      actor: { subject: 'user-17', role: 'lle', alliance: 'alliance-3' },
      command: 'RequestSupport',
      occurredAt: '2024-05-01T09:30:00.123Z',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 2,
      extra: { nested: [1, 'two', null, true, { deep: 1.5 }] },
    };
    const values: JsonValue[] = [{ a: 1 }, [1, 2], 'text', 42, 0.5, true, false, null, {}, []];
    await store().appendToStream(
      stream,
      values.map((data) => anEvent(data, metadata)),
      'no_stream',
    );
    const read = await store().readStream(stream);

    expect(read.map((e) => e.data)).toEqual(values);
    expect(read.every((e) => JSON.stringify(e.metadata) === JSON.stringify(metadata))).toBe(true);
  });

  it('records when it stored an event', async () => {
    const before = Date.now();
    const stream = aStream();
    await store().appendToStream(stream, [anEvent()], 'no_stream');
    const [read] = await store().readStream(stream);

    expect(read?.recordedAt).toBeInstanceOf(Date);
    expect(read?.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(read?.recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('keeps Unicode exactly as written: emoji, CJK, RTL, combining marks', async () => {
    const head = await store().headPosition();
    const stream = `unicode-😀-漢字-עברית-${randomUUID()}`;
    const data: JsonValue = {
      emoji: '👩‍👩‍👧‍👦 🏳️‍🌈 𝄞',
      cjk: '漢字 かな カナ 한국어',
      rtl: 'مرحبا بالعالم — שלום עולם',
      combining: 'e\u0301 a\u0308 Z\u0351\u0353\u0300',
      // Both forms of é stay distinct: nothing is normalised.
      forms: ['\u00e9', 'e\u0301'],
      '键🔑': 'ключ',
    };
    const metadata: EventMetadata = { actor: { subject: 'ユーザー', role: 'مدير' }, note: 'ⅫⅦ ∑ ∞' };
    const written = anEvent(data, metadata, 'Événement·😀·事件');
    await store().appendToStream(stream, [written], 'no_stream');

    const [fromStream] = await store().readStream(stream);
    const [fromAll] = await store().readAll({ after: head });
    for (const read of [fromStream, fromAll]) {
      expect(read).toMatchObject({ streamId: stream, type: written.type, id: written.id });
      expect(read?.data).toEqual(data);
      expect(read?.metadata).toEqual(metadata);
    }
  });

  it('appends and reads a 10,000-event stream', async () => {
    const stream = aStream('long');
    let expected: ExpectedRevision = 'no_stream';
    for (let batch = 0; batch < 20; batch += 1) {
      const result = await store().appendToStream(
        stream,
        events(500, (index) => ({ n: batch * 500 + index })),
        expected,
      );
      expected = result.nextExpectedRevision;
    }
    const read = await store().readStream(stream);

    expect(expected).toBe(9_999);
    expect(read).toHaveLength(10_000);
    expect(read.every((e, index) => e.revision === index && (e.data as { n: number }).n === index)).toBe(
      true,
    );
    expect(isStrictlyIncreasing(read.map((e) => e.position))).toBe(true);
    const tail = await store().readStream(stream, { direction: 'backwards', maxCount: 3 });
    expect(tail.map((e) => e.revision)).toEqual([9_999, 9_998, 9_997]);
    const middle = await store().readStream(stream, { fromRevision: 5_000, maxCount: 2 });
    expect(middle.map((e) => e.revision)).toEqual([5_000, 5_001]);
  });

  it('streams a 1 MB event through readAll and subscriptions', async () => {
    const head = await store().headPosition();
    const big = anEvent({ blob: '🙂'.repeat(250_000) }); // 1,000,000 bytes of UTF-8
    await store().appendToStream(aStream('big'), [big], 'no_stream');

    const [fromAll] = await store().readAll({ after: head });
    const controller = new AbortController();
    let fromSubscription: RecordedEvent | undefined;
    for await (const event of store().subscribeToAll({ after: head, signal: controller.signal })) {
      fromSubscription = event;
      break;
    }
    expect(fromAll?.data).toEqual(big.data);
    expect(fromSubscription?.data).toEqual(big.data);
  });

  it('ends a subscription cleanly when the consumer breaks out, and the server stops serving it', async () => {
    await store().appendToStream(aStream(), events(3), 'no_stream');
    const before = server().stats().openSubscriptions;
    let count = 0;
    for await (const _event of store().subscribeToAll()) {
      count += 1;
      if (count === 2) break;
    }
    expect(count).toBe(2);
    await eventually(() => server().stats().openSubscriptions === before);
  });

  it('ends a waiting subscription cleanly when its signal aborts', async () => {
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    const subscription = (async () => {
      for await (const event of store().subscribeToAll({
        after: await store().headPosition(),
        signal: controller.signal,
      })) {
        seen.push(event);
      }
    })();
    await sleep(200); // caught up and waiting for live events
    controller.abort();

    await expect(subscription).resolves.toBeUndefined();
    expect(seen).toEqual([]);
    const already = new AbortController();
    already.abort();
    for await (const _event of store().subscribeToAll({ signal: already.signal }))
      failWith('aborted before start');
  });
});

describe('EsdbEventStore subscription with a slow consumer', () => {
  const { store, server } = useServer();

  it('catches up, goes live, and flow control holds the server back while the consumer is slow', async () => {
    const catchUp = 3_000;
    const live = 50;
    const payload = 'p'.repeat(1_000);
    const stream = aStream('catch-up');
    for (let i = 0; i < catchUp / 500; i += 1) {
      await store().appendToStream(
        stream,
        events(500, () => ({ payload })),
        'any',
      );
    }
    const liveStream = aStream('live');
    const appendLive = async (): Promise<void> => {
      for (let i = 0; i < live; i += 1) {
        await store().appendToStream(liveStream, [anEvent({ i })], 'any');
        await sleep(2);
      }
    };

    const seen: RecordedEvent[] = [];
    let sentWhilePaused = 0;
    let liveAppends: Promise<void> | undefined;
    for await (const event of store().subscribeToAll()) {
      seen.push(event);
      if (seen.length === 5) {
        await sleep(1_000);
        sentWhilePaused = server().stats().subscriptionEventsSent;
      }
      if (seen.length % 100 === 0) await sleep(5);
      if (seen.length === catchUp) liveAppends = appendLive();
      if (seen.length === catchUp + live) break;
    }
    await liveAppends;

    // 3,000 events of 1 kB were ready; while the consumer paused, only what fits the HTTP/2 windows was sent.
    expect(sentWhilePaused).toBeLessThan(1_000);
    expect(seen.slice(0, catchUp).every((e) => e.streamId === stream)).toBe(true);
    expect(seen.slice(catchUp).map((e) => (e.data as { i: number }).i)).toEqual([...Array(live).keys()]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(isStrictlyIncreasing(seen.map((e) => e.position))).toBe(true);
  });
});

describe('EsdbEventStore on a server that drops slow live subscriptions, as EventStoreDB up to 23.10 does', () => {
  const { store, server } = useServer({ dropLiveSubscriptionsLaggingBy: 64 });

  it('resubscribes after the last event it delivered: every event still arrives once, in order', async () => {
    const stream = aStream('lagging');
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    let firstSeen = (): void => undefined;
    const firstArrived = new Promise<void>((resolve) => (firstSeen = resolve));
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));

    const consumer = (async () => {
      for await (const event of store().subscribeToAll({ signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 1) {
          firstSeen();
          await released; // busy while 2,000 live events land: far more than the server buffers
        }
        if (seen.length === 2_001) controller.abort();
      }
    })();
    await store().appendToStream(stream, [anEvent()], 'no_stream');
    await firstArrived;
    let expected: ExpectedRevision = 0;
    for (let batch = 0; batch < 4; batch += 1) {
      expected = (await store().appendToStream(stream, events(500), expected)).nextExpectedRevision;
    }
    release();
    await consumer;

    expect(server().stats().subscriptionsDropped).toBeGreaterThan(0);
    expect(seen.map((e) => e.revision)).toEqual([...Array(2_001).keys()]);
    expect(seen.every((e) => e.streamId === stream)).toBe(true);
  });
});

describe('EsdbEventStore on an empty EventStoreDB', () => {
  const { store } = useServer();

  it('has no head position and reads nothing until something is appended', async () => {
    expect(await store().headPosition()).toBeUndefined();
    expect(await store().readAll()).toEqual([]);
    const written = await store().appendToStream(aStream(), [anEvent()], 'no_stream');
    expect(await store().headPosition()).toBe(written.position);
  });
});

describe('EsdbEventStore on a server that answers idempotent appends without a position', () => {
  const { store } = useServer({ idempotentAppendsReportPosition: false });

  it('looks the position up, so a retry still returns the first result', async () => {
    const stream = aStream();
    const batch = events(2);
    const first = await store().appendToStream(stream, batch, 'no_stream');
    await store().appendToStream(stream, events(1), 1);
    expect(await store().appendToStream(stream, batch, 'no_stream')).toEqual(first);
  });
});

describe('EventStoreDB test server protocol', () => {
  const { server } = useServer();
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = EventStoreDBClient.connectionString(server().connectionString);
  });
  afterAll(() => client.dispose());

  it('answers UNIMPLEMENTED for RPCs it does not serve', async () => {
    await expect(client.deleteStream('anything')).rejects.toMatchObject({ code: GRPC_UNIMPLEMENTED });
    const subscription = client.subscribeToStream('anything');
    const error = await new Promise((resolve) => subscription.once('error', resolve));
    expect(error).toMatchObject({ code: GRPC_UNIMPLEMENTED });
  });

  it('reads $all forwards from a position inclusively and backwards from it exclusively', async () => {
    const stream = aStream();
    await client.appendToStream(
      stream,
      [1, 2, 3].map((n) => jsonEvent({ type: 'N', data: { n } })),
    );
    const forwards = await collect(client.readAll({ direction: FORWARDS, fromPosition: 'start' }));
    const mine = forwards.filter((e) => e.event?.streamId === stream);
    const second = mine[1]?.event?.position ?? failWith('no second event');

    const fromSecond = await collect(
      client.readAll({ direction: FORWARDS, fromPosition: second, maxCount: 2 }),
    );
    const beforeSecond = await collect(
      client.readAll({ direction: BACKWARDS, fromPosition: second, maxCount: 1 }),
    );
    expect(fromSecond.map((e) => e.event?.revision)).toEqual([1n, 2n]);
    expect(beforeSecond.map((e) => e.event?.revision)).toEqual([0n]);
  });

  it('refuses to read $all from the middle of a record', async () => {
    const result = await client.appendToStream(aStream(), jsonEvent({ type: 'N', data: {} }));
    const commit = (result.position?.commit ?? 0n) + 1n;
    await expect(
      collect(client.readAll({ fromPosition: { commit, prepare: commit }, maxCount: 1 })),
    ).rejects.toMatchObject({ code: GRPC_INVALID_ARGUMENT });
  });
});

async function collect(read: AsyncIterable<unknown>): Promise<AllStreamResolvedEvent[]> {
  const out: AllStreamResolvedEvent[] = [];
  for await (const item of read) out.push(item as AllStreamResolvedEvent);
  return out;
}

/** Appends with the plain client, for what the port would not write (system event types). */
async function rawAppend(
  connectionString: string,
  stream: string,
  type: string,
  count: number,
): Promise<void> {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    await client.appendToStream(
      stream,
      Array.from({ length: count }, () => jsonEvent({ type, data: {} })),
    );
  } finally {
    await client.dispose();
  }
}

async function supportedMethods(connectionString: string): Promise<string[]> {
  const address = new URL(connectionString.replace('esdb://', 'http://')).host;
  const features = new ServerFeaturesClient(address, credentials.createInsecure());
  try {
    const answer = await new Promise<SupportedMethods>((resolve, reject) =>
      features.getSupportedMethods(new Empty(), (error, methods) =>
        error ? reject(error) : resolve(methods),
      ),
    );
    return answer.getMethodsList().map((m) => `${m.getServiceName()}/${m.getMethodName()}`);
  } finally {
    features.close();
  }
}
