import { createDataSource } from '@lle/database';
import { PostgresEventStore, type RecordedEvent } from '@lle/event-store';
import type { Projection } from '@lle/projections';
import { appendAll, createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { schoolsProjection } from '../../schools/schools.projection';
import {
  allRows,
  applyEvents,
  BOTTISHAM,
  brokerageScenario,
  FEN_DITTON,
  ids,
  REQUESTING_SCHOOL,
} from '../brokerage-read-models.fixtures';
import { supportRequestsProjection } from './support-requests.projection';
import { SupportRequestsQuery } from './support-requests.query';

const projections: Projection[] = [schoolsProjection, supportRequestsProjection];

describe('support requests projection', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let events: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 2 });
    dataSource = await createDataSource(database.url).initialize();
    await appendAll(store, brokerageScenario());
    events = await store.readAll();
    await applyEvents(dataSource, projections, events);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  /** The queries as they answer on a day in England (noon UTC is the same date there). */
  const on = (today: string): SupportRequestsQuery =>
    new SupportRequestsQuery(dataSource, () => new Date(`${today}T12:00:00Z`));
  const last = (requestId: string): RecordedEvent =>
    events.filter((e) => e.streamId === `support-request-${requestId}`).at(-1)!;

  it('lists the queue oldest first, with how long each waited and the schools named', async () => {
    const queue = await on('2027-09-30').list();
    expect(queue.map((r) => [r.requestId, r.status, r.waitingDays])).toEqual([
      [ids.r2, 'brokered', 12],
      [ids.r1, 'brokered', 8],
      [ids.r3, 'waiting', 28],
      [ids.r4, 'declined', 10],
      [ids.r5, 'withdrawn', 1],
      [ids.r6, 'brokered', 10],
    ]);
    // Waiting time of a request still waiting grows with the date it is asked on.
    expect((await on('2027-10-02').get(ids.r3))?.waitingDays).toBe(30);
    expect((await on('2027-10-02').get(ids.r1))?.waitingDays).toBe(8);
  });

  it("filters one alliance's queue by status", async () => {
    const waiting = await on('2027-09-30').list({ alliance: 'CATSA', status: 'waiting' });
    expect(waiting).toEqual([
      {
        requestId: ids.r3,
        alliance: 'CATSA',
        recipient: {
          urn: FEN_DITTON,
          name: 'Fen Ditton Primary School',
          laCode: '873',
          laName: 'Cambridgeshire',
          phase: 'Primary',
        },
        requestingBody: { kind: 'diocese', diocese: 'Diocese of Ely' },
        requestingBodyName: 'Diocese of Ely',
        need: `Coaching for the new head of ${FEN_DITTON}`,
        phase: 'Primary',
        preferredStart: '2027-09-01',
        halfDaysHopedFor: 12,
        status: 'waiting',
        requestedOn: '2027-09-02',
        requestedAt: last(ids.r3).recordedAt,
        requestedBy: 'broker-1',
        waitingDays: 28,
        decidedOn: null,
        decidedAt: null,
        decidedBy: null,
        reason: null,
        placementId: null,
        lleId: null,
        updatedAt: last(ids.r3).recordedAt,
        revision: 0,
        position: last(ids.r3).position,
      },
    ]);
    expect((await on('2027-09-30').list({ alliance: 'CASSA' })).map((r) => r.requestId)).toEqual([
      ids.r4,
      ids.r6,
    ]);
    expect((await on('2027-09-30').list({ recipientUrn: BOTTISHAM })).map((r) => r.requestId)).toEqual([
      ids.r2,
      ids.r4,
      ids.r5,
    ]);
  });

  it('records each decision once: brokered with its placement, declined with its reason, withdrawn', async () => {
    const query = on('2027-09-30');
    expect(await query.get(ids.r2)).toMatchObject({
      status: 'brokered',
      placementId: ids.p2,
      lleId: ids.lleA,
      decidedOn: '2027-08-30',
      decidedBy: 'broker-1',
      requestingBody: { kind: 'school', urn: REQUESTING_SCHOOL },
      requestingBodyName: 'Swavesey Village College',
      revision: 1,
    });
    expect(await query.get(ids.r1)).toMatchObject({
      requestingBody: { kind: 'local_authority', laCode: '873' },
      requestingBodyName: 'Cambridgeshire',
    });
    expect(await query.get(ids.r4)).toMatchObject({
      status: 'declined',
      reason: 'No LLE of the phase is free this term',
      decidedOn: '2027-09-13',
      decidedBy: 'broker-2',
      // An authority no school on record belongs to is not named.
      requestingBodyName: null,
    });
    // Withdrawn first; the later decline changed nothing.
    const withdrawn = events.filter((e) => e.streamId === `support-request-${ids.r5}`)[1]!;
    expect(await query.get(ids.r5)).toMatchObject({
      status: 'withdrawn',
      reason: null,
      decidedOn: '2027-09-06',
      decidedAt: withdrawn.recordedAt,
      revision: 1,
      position: withdrawn.position,
    });
    expect(await query.get('no-such-request')).toBeUndefined();
  });

  it('leaves the rows unchanged when the events are applied twice, or older ones after newer ones', async () => {
    const tables = supportRequestsProjection.tables;
    const before = await allRows(dataSource, tables);
    await applyEvents(dataSource, projections, events);
    await applyEvents(dataSource, projections, [...events].reverse());
    expect(await allRows(dataSource, tables)).toEqual(before);
  });
});
