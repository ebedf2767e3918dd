import { randomUUID } from 'node:crypto';
import type { Command, CommandMetadata, Decider, Event } from '@lle/domain';
import { InMemoryEventStore, type EventStore, type ReadStreamOptions } from '@lle/event-store';
import { CommandHandler } from './command-handler';
import { EventRegistry } from './event-registry';
import { StreamStates } from './stream-states';

/** A tally: each Counted event adds its amount; a Count command adds one unless the cap is reached. */
type Counted = Event<'Counted', { amount: number }>;
type Count = Command<'Count', { amount: number; cap: number }>;
const tally: Decider<Count, Counted, number> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.amount,
  decide: ({ data }, total) => (total + data.amount > data.cap ? [] : [{ type: 'Counted', data }]),
};
const registry = new EventRegistry({ Counted: { schemaVersion: 1 } });
const metadata = (): CommandMetadata => ({
  now: new Date('2026-11-27T10:00:00Z'),
  actor: { subject: 'admin-1', role: 'admin' },
  correlationId: 'corr-1',
  causationId: randomUUID(),
});
const count = (amount: number, cap = 1_000): Count => ({
  type: 'Count',
  data: { amount, cap },
  metadata: metadata(),
});

/** The in-memory store, recording the options of every stream read. */
function recordingStore(inner: EventStore = new InMemoryEventStore()) {
  const reads: Array<ReadStreamOptions | undefined> = [];
  const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
    readStream: (streamId: string, options?: ReadStreamOptions) => {
      reads.push(options);
      return inner.readStream(streamId, options);
    },
    appendToStream: inner.appendToStream.bind(inner),
  });
  return { store, reads };
}

describe('StreamStates', () => {
  it('reads a stream again from its remembered last event, to the same state as a whole read', async () => {
    const { store, reads } = recordingStore();
    const commands = new CommandHandler(store, registry);
    for (const amount of [1, 2, 3]) await commands.handle(tally, 'tally-1', count(amount));
    const states = new StreamStates(store, registry);

    expect(await states.read(tally, 'tally-1')).toMatchObject({ state: 6, revision: 2 });
    await commands.handle(tally, 'tally-1', count(10));
    reads.length = 0;
    const again = await states.read(tally, 'tally-1');

    expect(again).toMatchObject({ state: 16, revision: 3 });
    expect(reads).toEqual([{ fromRevision: 2 }]);
    expect(await new StreamStates(store, registry).read(tally, 'tally-1')).toEqual(again);
  });

  it('reads a stream whole again when its remembered last event is not where it was', async () => {
    let inner = new InMemoryEventStore();
    const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
      readStream: (streamId: string, options?: ReadStreamOptions) => inner.readStream(streamId, options),
      appendToStream: (...args: Parameters<EventStore['appendToStream']>) => inner.appendToStream(...args),
    });
    const commands = new CommandHandler(store, registry);
    const states = new StreamStates(store, registry);
    await commands.handle(tally, 'tally-1', count(5));
    expect((await states.read(tally, 'tally-1')).state).toBe(5);

    // Another database under the same process: other events at the same revisions and other positions.
    inner = new InMemoryEventStore();
    await inner.appendToStream(
      'other',
      [{ id: randomUUID(), type: 'Counted', data: { amount: 0 }, metadata: {} }],
      'any',
    );
    await commands.handle(tally, 'tally-1', count(7));
    await commands.handle(tally, 'tally-1', count(1));

    expect(await states.read(tally, 'tally-1')).toMatchObject({ state: 8, revision: 1 });
  });

  it('forgets the least recently read stream beyond its capacity', async () => {
    const { store, reads } = recordingStore();
    const commands = new CommandHandler(store, registry);
    for (const id of ['a', 'b', 'c']) await commands.handle(tally, `tally-${id}`, count(1));
    const states = new StreamStates(store, registry, 2);
    for (const id of ['a', 'b', 'a', 'c']) await states.read(tally, `tally-${id}`);
    reads.length = 0;

    await states.read(tally, 'tally-a');
    await states.read(tally, 'tally-b');

    expect(reads).toEqual([{ fromRevision: 0 }, undefined]);
  });
});

describe('CommandHandler with a stream already read', () => {
  it('decides on the read given without reading again, and answers the state after', async () => {
    const { store, reads } = recordingStore();
    const commands = new CommandHandler(store, registry);
    await commands.handle(tally, 'tally-1', count(4));
    const read = await commands.read(tally, 'tally-1');
    reads.length = 0;

    const handled = await commands.handleWithState(tally, 'tally-1', count(3), { read });

    expect(reads).toEqual([]);
    expect(handled).toMatchObject({ result: { revision: 1, written: 1 }, state: 7 });
  });

  it('decides again on a fresh read when the read given has gone stale, so the rule holds', async () => {
    const { store } = recordingStore();
    const commands = new CommandHandler(store, registry);
    await commands.handle(tally, 'tally-1', count(4));
    const stale = await commands.read(tally, 'tally-1');
    await commands.handle(tally, 'tally-1', count(5));

    // On the stale read (4) adding 3 stays under the cap of 10; on the stream as it is (9) it does not.
    const handled = await commands.handleWithState(tally, 'tally-1', count(3, 10), { read: stale });

    expect(handled).toMatchObject({ result: { revision: 1, written: 0 }, state: 9 });
    expect(await store.readStream('tally-1')).toHaveLength(2);
  });
});

describe('CommandHandler deciding on the remembered state (decideOnRemembered)', () => {
  const remembering = { decideOnRemembered: true } as const;

  it('appends without reading the stream it wrote last, and answers the state after', async () => {
    const { store, reads } = recordingStore();
    const commands = new CommandHandler(store, registry);
    await commands.handle(tally, 'tally-1', count(4), remembering);
    reads.length = 0;

    const handled = await commands.handleWithState(tally, 'tally-1', count(3), remembering);

    expect(reads).toEqual([]);
    expect(handled).toMatchObject({ result: { revision: 1, written: 1 }, state: 7 });
    expect(await new StreamStates(store, registry).read(tally, 'tally-1')).toMatchObject({ state: 7 });
  });

  it('reads and decides again when another writer moved the stream, without counting that as an attempt', async () => {
    const { store } = recordingStore();
    const commands = new CommandHandler(store, registry);
    await commands.handle(tally, 'tally-1', count(4), remembering);
    await new CommandHandler(store, registry).handle(tally, 'tally-1', count(5));

    // On the remembered 4, adding 3 stays under the cap of 10; on the stream as it is (9) it does not.
    const handled = await commands.handleWithState(tally, 'tally-1', count(3, 10), {
      ...remembering,
      maxAttempts: 1,
    });

    expect(handled).toMatchObject({ result: { revision: 1, written: 0 }, state: 9 });
    expect(await store.readStream('tally-1')).toHaveLength(2);
  });

  it('does not take a no-op decided on the remembered state for the answer: it reads and decides again', async () => {
    const { store } = recordingStore();
    const commands = new CommandHandler(store, registry);
    await commands.handle(tally, 'tally-1', count(9), remembering);
    await new CommandHandler(store, registry).handle(tally, 'tally-1', count(-5));

    // On the remembered 9, adding 3 would pass the cap of 10; on the stream as it is (4) it does not.
    const handled = await commands.handleWithState(tally, 'tally-1', count(3, 10), remembering);

    expect(handled).toMatchObject({ result: { revision: 2, written: 1 }, state: 7 });
  });
});
