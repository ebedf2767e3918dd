import { randomUUID } from 'node:crypto';
import { EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES, roundStreamId } from '@lle/domain';
import { PostgresEventStore, type JsonValue, type RecordedEvent } from '@lle/event-store';
import { projectEvent, type Projection } from '@lle/projections';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { roundsProjection } from './rounds.projection';
import { RoundsQuery } from './rounds.query';

const registry = new EventRegistry(EVENT_TYPES);
const projection: Projection = roundsProjection;
const dates = { opensOn: '2027-01-11', closesOn: '2027-02-12', decisionsBy: '2027-03-19' };

describe('rounds projection', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const a = randomUUID();
  const b = randomUUID();
  const c = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 2 });
    dataSource = await createDataSource(database.url).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  async function append(
    roundId: string,
    ...events: [type: string, data: object, version?: number][]
  ): Promise<void> {
    await store.appendToStream(
      roundStreamId(roundId),
      events.map(([type, data, version]) => ({
        id: randomUUID(),
        type,
        data: data as JsonValue,
        metadata: { schemaVersion: version ?? registry.schemaVersion(type) },
      })),
      'any',
    );
  }

  async function apply(events: readonly RecordedEvent[]): Promise<void> {
    await dataSource.transaction(async (db) => {
      for (const event of events) await projection.apply(projectEvent(registry, event), db);
    });
  }

  const allRows = (): Promise<unknown[]> => dataSource.query(`SELECT * FROM rounds ORDER BY round_id`);
  const query = (today: string): RoundsQuery =>
    new RoundsQuery(dataSource, () => new Date(`${today}T12:00:00Z`));

  it('turns the round events into one row per round, with its phase today in England', async () => {
    await append(
      a,
      [
        'RoundScheduled',
        { roundId: a, alliance: 'CATSA', ...dates, inductionDates: ['2027-05-01', '2027-04-20'] },
      ],
      ['RoundDatesAmended', { roundId: a, ...dates, closesOn: '2027-02-19', inductionDates: ['2027-04-27'] }],
    );
    // A round scheduled before induction dates became a list (RoundScheduled v1), then closed early.
    await append(
      b,
      ['RoundScheduled', { roundId: b, alliance: 'CASSA', ...dates, inductionDate: '2027-04-20' }, 1],
      ['RoundClosedEarly', { roundId: b, closedOn: '2027-01-20', reason: 'enough applicants' }],
    );
    // Once closed early, later amendments and closings change nothing (as in evolveRound).
    await append(
      c,
      [
        'RoundScheduled',
        { roundId: c, alliance: 'CASSA', ...dates, closesOn: '2027-03-01', inductionDates: [] },
      ],
      ['RoundClosedEarly', { roundId: c, closedOn: '2027-01-15', reason: 'panel unavailable' }],
      ['RoundDatesAmended', { roundId: c, ...dates, closesOn: '2027-03-05', inductionDates: [] }],
      ['RoundClosedEarly', { roundId: c, closedOn: '2027-01-16', reason: 'again' }],
    );
    const events = await store.readAll();
    await apply(events);

    const roundA = await query('2027-02-15').get(a);
    expect(roundA).toEqual({
      roundId: a,
      alliance: 'CATSA',
      ...dates,
      closesOn: '2027-02-19',
      inductionDates: ['2027-04-27'],
      closedEarlyOn: null,
      closeReason: null,
      phase: 'open',
      scheduledAt: events[0]!.recordedAt,
      updatedAt: events[1]!.recordedAt,
      revision: 1,
      position: events[1]!.position,
    });
    expect(await query('2027-02-15').get(b)).toMatchObject({
      alliance: 'CASSA',
      inductionDates: ['2027-04-20'],
      closedEarlyOn: '2027-01-20',
      closeReason: 'enough applicants',
      phase: 'closed',
    });
    expect(await query('2027-01-12').get(c)).toMatchObject({
      closesOn: '2027-03-01',
      closedEarlyOn: '2027-01-15',
      closeReason: 'panel unavailable',
      phase: 'open',
      revision: 1,
    });
    expect((await query('2027-01-10').list()).map((r) => [r.roundId, r.phase])).toEqual(
      [a, b, c].sort().map((id) => [id, 'upcoming']),
    );
  });

  it('leaves the rows unchanged when the events are applied twice, or an older one after a newer one', async () => {
    const events = await store.readAll();
    const before = await allRows();
    await apply(events);
    await apply([...events].reverse());
    expect(await allRows()).toEqual(before);
  });

  it('lists one alliance, and finds nothing for an unknown or malformed id', async () => {
    const rounds = query('2027-01-12');
    expect((await rounds.list({ alliance: 'CASSA' })).map((r) => r.roundId).sort()).toEqual([b, c].sort());
    expect(await rounds.list({ alliance: 'ANGLIAN_GATEWAY' })).toEqual([]);
    expect(await rounds.get(randomUUID())).toBeUndefined();
    expect(await rounds.get('not-a-round')).toBeUndefined();
  });
});
