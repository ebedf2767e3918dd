import {
  EVENT_TYPES,
  roundDecider,
  roundStreamId,
  type CommandMetadata,
  type ScheduleRound,
} from '@lle/domain';
import { InMemoryEventStore, WrongExpectedRevisionError, type EventStore } from '@lle/event-store';
import { CommandConflictError, CommandHandler } from './command-handler';
import { EventRegistry } from './event-registry';

const registry = new EventRegistry(EVENT_TYPES);
const roundId = '0b8f6c1e-7d2a-4f3b-8c9d-1e2f3a4b5c6d';
const metadata: CommandMetadata = {
  now: new Date('2026-11-27T10:00:00Z'),
  actor: { subject: 'admin-1', role: 'admin' },
  correlationId: 'corr-1',
  causationId: 'cmd-1',
};
const schedule: ScheduleRound = {
  type: 'ScheduleRound',
  data: {
    roundId,
    alliance: 'CATSA',
    opensOn: '2027-01-11',
    closesOn: '2027-02-12',
    decisionsBy: '2027-03-19',
    inductionDates: [],
  },
  metadata,
};

describe('CommandHandler', () => {
  it('appends what the decider decides, with the metadata the pipeline owes every event', async () => {
    const store = new InMemoryEventStore();
    const result = await new CommandHandler(store, registry).handle(
      roundDecider,
      roundStreamId(roundId),
      schedule,
    );

    expect(result).toMatchObject({ streamId: `round-${roundId}`, revision: 0, written: 1 });
    const [stored] = await store.readStream(`round-${roundId}`);
    expect(stored!.metadata).toEqual({
      actor: metadata.actor,
      command: 'ScheduleRound',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      schemaVersion: 2,
      occurredAt: '2026-11-27T10:00:00.000Z',
    });
    expect(result.position).toBe(stored!.position);
  });

  it('writes nothing for a command that changes nothing, and says so', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, registry);
    await handler.handle(roundDecider, roundStreamId(roundId), schedule);
    const again = await handler.handle(roundDecider, roundStreamId(roundId), {
      ...schedule,
      metadata: { ...metadata, causationId: 'cmd-2' },
    });
    expect(again).toMatchObject({ revision: 0, written: 0 });
    expect(await store.readStream(roundStreamId(roundId))).toHaveLength(1);
  });

  it('retries once on a concurrent write, then reports the conflict', async () => {
    const inner = new InMemoryEventStore();
    let appends = 0;
    const alwaysLosing: EventStore = Object.assign(Object.create(inner) as EventStore, {
      readStream: inner.readStream.bind(inner),
      appendToStream: async () => {
        appends++;
        throw new WrongExpectedRevisionError('round-x', 'no_stream', 0);
      },
    });
    const error = await new CommandHandler(alwaysLosing, registry)
      .handle(roundDecider, roundStreamId(roundId), schedule)
      .catch((e: unknown) => e);
    expect(appends).toBe(2);
    expect(error).toBeInstanceOf(CommandConflictError);
    expect((error as CommandConflictError).cause.actual).toBe(0);

    appends = 0;
    await new CommandHandler(alwaysLosing, registry)
      .handle(roundDecider, roundStreamId(roundId), schedule, { maxAttempts: 5 })
      .catch(() => undefined);
    expect(appends).toBe(5);
  });

  it('gives the same event ids to the same command, so a replay appends nothing twice', async () => {
    const idsFor = async (causationId: string): Promise<string[]> => {
      const store = new InMemoryEventStore();
      await new CommandHandler(store, registry).handle(roundDecider, roundStreamId(roundId), {
        ...schedule,
        metadata: { ...metadata, causationId },
      });
      return (await store.readStream(roundStreamId(roundId))).map((e) => e.id);
    };
    expect(await idsFor('cmd-1')).toEqual(await idsFor('cmd-1'));
    expect(await idsFor('cmd-1')).not.toEqual(await idsFor('cmd-2'));
  });
});

describe('EventRegistry', () => {
  it('reads a stored v1 RoundScheduled as v2', () => {
    const v1 = {
      type: 'RoundScheduled',
      data: {
        roundId,
        alliance: 'CATSA',
        opensOn: '2016-04-18',
        closesOn: '2016-05-20',
        decisionsBy: '2016-06-24',
        inductionDate: '2016-07-05',
      },
      metadata: { schemaVersion: 1 },
    };
    expect(registry.upcast(v1).data).toEqual({
      roundId,
      alliance: 'CATSA',
      opensOn: '2016-04-18',
      closesOn: '2016-05-20',
      decisionsBy: '2016-06-24',
      inductionDates: ['2016-07-05'],
    });
  });

  it('refuses an unknown type and a version newer than it knows', () => {
    expect(() => registry.upcast({ type: 'Mystery', data: {}, metadata: {} })).toThrow(/not registered/);
    expect(() =>
      registry.upcast({ type: 'RoundClosedEarly', data: {}, metadata: { schemaVersion: 9 } }),
    ).toThrow(/newer/);
  });

  it('refuses a definition whose upcaster chain has a hole', () => {
    expect(() => new EventRegistry({ X: { schemaVersion: 3, upcasters: { 1: (d) => d } } })).toThrow(
      /no upcaster from v2/,
    );
  });
});
