import { holdsDayEvent, type PlacementEventAt } from '@lle/domain';
import { placementOpened, supportDayLogged } from '../../domain/src/billing/billing.fixtures';
import { PlacementFactsCache } from './placement-facts-cache';

const terms = {
  dayRatePence: 40_000,
  lleSchoolShareBps: 2_500,
  requestingBody: { kind: 'school', urn: 1 },
} as const;

/** An in-memory placement stream, recording every read as [placement, fromRevision]. */
class Streams {
  readonly events = new Map<string, PlacementEventAt[]>();
  readonly reads: Array<[string, number]> = [];
  failNext = false;
  private appended = 0;

  open(placementId: string): void {
    this.append(placementId, placementOpened(placementId, terms));
  }

  log(placementId: string, dayId: string): { dayId: string; eventId: string; type: 'SupportDayLogged' } {
    const event = this.append(placementId, supportDayLogged(placementId, dayId, 2));
    return { dayId, eventId: event.id, type: 'SupportDayLogged' };
  }

  read = async (placementId: string, fromRevision: number): Promise<PlacementEventAt[]> => {
    this.reads.push([placementId, fromRevision]);
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      throw new Error('connection lost');
    }
    return (this.events.get(placementId) ?? []).filter((event) => event.revision >= fromRevision);
  };

  private append(placementId: string, event: Omit<PlacementEventAt, 'id' | 'revision'>): PlacementEventAt {
    const stream = this.events.get(placementId) ?? [];
    const recorded = { ...event, id: `event-${++this.appended}`, revision: stream.length };
    this.events.set(placementId, [...stream, recorded]);
    return recorded;
  }
}

describe('PlacementFactsCache', () => {
  let streams: Streams;
  let cache: PlacementFactsCache;

  beforeEach(() => {
    streams = new Streams();
    cache = new PlacementFactsCache(streams.read, 2);
    streams.open('p1');
  });

  it('reads a placement once for the days it already holds, then only what follows for a later day', async () => {
    const day1 = streams.log('p1', 'day-1');
    const day2 = streams.log('p1', 'day-2');
    const first = await cache.factsFor('p1', (facts) => holdsDayEvent(facts, day1));
    const second = await cache.factsFor('p1', (facts) => holdsDayEvent(facts, day2));
    expect(second).toBe(first);
    expect(streams.reads).toEqual([['p1', 0]]);

    const day3 = streams.log('p1', 'day-3');
    const third = await cache.factsFor('p1', (facts) => holdsDayEvent(facts, day3));
    // From the last event kept (revision 2), itself included, to check it is still there.
    expect(streams.reads).toEqual([
      ['p1', 0],
      ['p1', 2],
    ]);
    expect(third.revision).toBe(3);
    expect([...third.logged.keys()]).toEqual(['day-1', 'day-2', 'day-3']);
    expect(third.terms?.dayRatePence).toBe(40_000);
  });

  it('reads further a placement whose terms it has not seen yet (a day recorded before them)', async () => {
    streams.events.delete('p1');
    const day1 = streams.log('p1', 'day-1');
    const before = await cache.factsFor('p1', (facts) => holdsDayEvent(facts, day1));
    expect(before.terms).toBeUndefined();
    streams.open('p1');
    const after = await cache.factsFor('p1', (facts) => holdsDayEvent(facts, day1));
    expect(after.terms?.dayRatePence).toBe(40_000);
    expect(streams.reads).toEqual([
      ['p1', 0],
      ['p1', 0],
    ]);
  });

  it('lets jobs of one placement arriving together share one read', async () => {
    const days = ['day-1', 'day-2', 'day-3'].map((dayId) => streams.log('p1', dayId));
    const facts = await Promise.all(
      days.map((day) => cache.factsFor('p1', (kept) => holdsDayEvent(kept, day))),
    );
    expect(streams.reads).toEqual([['p1', 0]]);
    expect(facts.every((kept) => kept.logged.size === 3)).toBe(true);
  });

  it('keeps no failed read: the next job reads again from the facts read before', async () => {
    const day1 = streams.log('p1', 'day-1');
    await cache.factsFor('p1', (facts) => holdsDayEvent(facts, day1));
    const day2 = streams.log('p1', 'day-2');
    streams.failNext = true;
    await expect(cache.factsFor('p1', (facts) => holdsDayEvent(facts, day2))).rejects.toThrow(
      'connection lost',
    );
    const facts = await cache.factsFor('p1', (kept) => holdsDayEvent(kept, day2));
    expect(facts.logged.has('day-2')).toBe(true);
    expect(streams.reads).toEqual([
      ['p1', 0],
      ['p1', 1],
      ['p1', 1],
    ]);
  });

  it('reads a stream whole again when the last event it kept is no longer there', async () => {
    const day1 = streams.log('p1', 'day-1');
    await cache.factsFor('p1', (facts) => holdsDayEvent(facts, day1));
    // The database recreated under the worker: other events at the same revisions.
    streams.events.delete('p1');
    streams.open('p1');
    streams.log('p1', 'day-9');
    const day10 = streams.log('p1', 'day-10');
    const facts = await cache.factsFor('p1', (kept) => holdsDayEvent(kept, day10));
    expect([...facts.logged.keys()]).toEqual(['day-9', 'day-10']);
    expect(streams.reads).toEqual([
      ['p1', 0],
      ['p1', 1],
      ['p1', 0],
    ]);
  });

  it('forgets the placement used least recently beyond its capacity', async () => {
    for (const placementId of ['p2', 'p3']) streams.open(placementId);
    const days = ['p1', 'p2', 'p3'].map((placementId) => streams.log(placementId, `day-of-${placementId}`));
    const [p1, p2, p3] = days.map(
      (day, index) => () => cache.factsFor(`p${index + 1}`, (kept) => holdsDayEvent(kept, day)),
    );
    await p1!();
    await p2!();
    await p1!(); // p1 used again: p2 is now the least recent
    await p3!();
    expect(cache.size).toBe(2);
    await p1!();
    await p2!();
    expect(streams.reads.map(([placementId]) => placementId)).toEqual(['p1', 'p2', 'p3', 'p2']);
  });
});
