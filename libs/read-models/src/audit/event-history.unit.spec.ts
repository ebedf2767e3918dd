import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@lle/event-store';
import { positionAt } from '@lle/projections';
import { EventHistory } from './event-history';

/**
 * History through the port alone (the in-memory adapter here): streams in order, a correlation id across
 * streams, and filtered pages whose `next` cursor visits every match exactly once, however the pages fall.
 */
describe('EventHistory', () => {
  const start = Date.parse('2027-03-01T09:00:00Z');
  let tick = 0;
  const store = new InMemoryEventStore(() => new Date(start + tick++ * 60_000));
  const history = new EventHistory(store);
  const actors = ['broker-CATSA', 'finance-1', 'auditor-1'];

  beforeAll(async () => {
    for (let i = 0; i < 30; i++) {
      await store.appendToStream(
        `stream-${i % 4}`,
        [
          {
            id: randomUUID(),
            type: i % 3 === 0 ? 'PlacementOpened' : 'SupportDayLogged',
            data: { i, note: 'pd1:sealed-text' },
            metadata: {
              actor: { subject: actors[i % 3]!, role: 'broker' },
              correlationId: `correlation-${i % 5}`,
              causationId: `cause-${i}`,
              command: 'LogSupportDay',
            },
          },
        ],
        'any',
      );
    }
  });

  it('reads a stream in order, with its metadata and the payload as stored', async () => {
    const events = await history.stream('stream-1');
    expect(events.map((e) => e.data)).toEqual(
      [1, 5, 9, 13, 17, 21, 25, 29].map((i) => ({ i, note: 'pd1:sealed-text' })),
    );
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(events[0]).toMatchObject({
      correlationId: 'correlation-1',
      causationId: 'cause-1',
      command: 'LogSupportDay',
    });
    expect(await history.stream('no-such-stream')).toEqual([]);
  });

  it('follows a correlation id across streams', async () => {
    const events = await history.correlation('correlation-2');
    expect(events.map((e) => (e.data as { i: number }).i)).toEqual([2, 7, 12, 17, 22, 27]);
    expect(new Set(events.map((e) => e.streamId)).size).toBe(4);
  });

  it('pages every match exactly once, by actor, type and time', async () => {
    const all = await store.readAll();
    const wanted = all
      .filter((e) => e.metadata.actor?.subject === 'finance-1' && e.type === 'SupportDayLogged')
      .filter(
        (e) => e.recordedAt.getTime() >= start + 5 * 60_000 && e.recordedAt.getTime() <= start + 25 * 60_000,
      )
      .map((e) => e.position.toString());
    expect(wanted.length).toBeGreaterThan(3);

    for (const [limit, scanLimit] of [
      [2, 50_000],
      [1, 3],
      [100, 7],
    ] as const) {
      const seen: string[] = [];
      let after: bigint | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await history.search(
          {
            actor: 'finance-1',
            type: 'SupportDayLogged',
            from: new Date(start + 5 * 60_000),
            to: new Date(start + 25 * 60_000),
          },
          { after, limit, scanLimit },
        );
        expect(page.events.length).toBeLessThanOrEqual(limit);
        expect(page.scanned).toBeLessThanOrEqual(scanLimit);
        seen.push(...page.events.map((e) => e.position));
        if (page.next === null) break;
        after = BigInt(page.next);
      }
      expect(seen).toEqual(wanted);
    }
  });

  it('finds the position of the last event recorded at or before a time', async () => {
    const all = await store.readAll();
    expect(await positionAt(store, new Date(start + 10 * 60_000))).toBe(all[10]!.position);
    expect(await positionAt(store, new Date(start + 10 * 60_000 + 30_000), 4)).toBe(all[10]!.position);
    expect(await positionAt(store, new Date(start - 1))).toBe(0n);
    expect(await positionAt(store, new Date(start + 999 * 60_000))).toBe(all.at(-1)!.position);
  });
});
