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
  LLE_A_SCHOOL,
  P1_BROKERED,
} from '../brokerage-read-models.fixtures';
import { RecipientSupportQuery } from '../recipient-support/recipient-support.query';
import { supportRequestsProjection } from '../support-requests/support-requests.projection';
import { placementsProjection } from './placements.projection';
import { PlacementsQuery } from './placements.query';

const projections: Projection[] = [schoolsProjection, supportRequestsProjection, placementsProjection];

describe('placements projection', () => {
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

  const streamOf = (placementId: string): RecordedEvent[] =>
    events.filter((e) => e.streamId === `placement-${placementId}`);

  it('counts the days of a placement: logged, voided, delivered, transferred and remaining', async () => {
    const placement = await new PlacementsQuery(dataSource).get(ids.p1);
    const stream = streamOf(ids.p1);
    expect(placement).toMatchObject({
      placementId: ids.p1,
      requestId: ids.r1,
      alliance: 'CATSA',
      lleId: ids.lleA,
      lleSchoolUrn: LLE_A_SCHOOL,
      recipient: { urn: FEN_DITTON, name: 'Fen Ditton Primary School', laName: 'Cambridgeshire' },
      requestingBody: { kind: 'local_authority', laCode: '873' },
      requestingBodyName: 'Cambridgeshire',
      status: 'in_progress',
      startDate: '2027-09-01',
      academicYear: '2027/28',
      // Amended: 12 half-days raised to 16, over the guideline of 12 with an override; end point moved.
      endPoint: { date: '2028-05-22', description: 'The head leads observations without support' },
      halfDaysAgreed: 16,
      halfDaysLogged: 6,
      halfDaysVoided: 1,
      halfDaysDelivered: 5,
      halfDaysTransferred: 4,
      halfDaysRemaining: 11,
      dayRatePence: 45_000,
      lleSchoolShareBps: 6_000,
      guidelineHalfDays: 12,
      overGuideline: true,
      guidelineOverrideReason: 'The LA asked for two more days after the monitoring visit',
      brokeredOn: '2027-08-28',
      endedOn: null,
      impact: null,
      openedAt: stream[0]!.recordedAt,
      updatedAt: stream.at(-1)!.recordedAt,
      revision: 7,
      position: stream.at(-1)!.position,
      objectives: P1_BROKERED.data.objectives,
    });
    expect(
      placement!.days.map((d) => [
        d.date,
        d.dayId,
        d.halfDays,
        d.personId,
        d.deliveredAs,
        d.voided,
        d.voidReason,
      ]),
    ).toEqual([
      ['2027-09-01', ids.day(2), 2, ids.lleA, 'lle', false, null],
      ['2027-09-15', ids.day(3), 1, ids.lleA, 'lle', true, 'Logged against the wrong school'],
      ['2027-10-05', ids.day(5), 2, ids.deputy, 'staff', false, null],
      ['2027-10-20', ids.day(6), 1, ids.lleA, 'lle', false, null],
    ]);
    expect(placement!.days[1]).toMatchObject({
      note: 'Worked with the head on 2027-09-15',
      loggedOn: '2027-09-15',
      voidedOn: '2027-09-20',
      voidedAt: stream[3]!.recordedAt,
    });
    expect(placement!.transfers).toEqual([
      {
        transferId: ids.transfer,
        toPersonId: ids.deputy,
        role: 'deputy head',
        halfDays: 4,
        transferredOn: '2027-09-25',
        recordedAt: stream[4]!.recordedAt,
      },
    ]);
    expect(placement!.amendments).toEqual([
      {
        amendmentId: ids.amendUp,
        halfDaysBefore: 12,
        halfDaysAgreed: 16,
        endPointBefore: { date: '2028-03-31', description: 'The head leads observations without support' },
        endPoint: { date: '2028-05-22', description: 'The head leads observations without support' },
        agreement: {
          lle: { agreedBy: ids.lleA, agreedOn: '2027-10-25' },
          recipient: { agreedBy: 'head-of-fen-ditton', agreedOn: '2027-10-25' },
          alliance: { agreedBy: 'broker-1', agreedOn: '2027-10-26' },
        },
        guidelineHalfDays: 12,
        guidelineOverrideReason: 'The LA asked for two more days after the monitoring visit',
        amendedOn: '2027-10-26',
        by: 'broker-1',
        recordedAt: stream[7]!.recordedAt,
      },
    ]);
    expect(placement!.impactEvaluation).toBeNull();
  });

  it('ends a placement once: completed with its impact, or ended early with its reason', async () => {
    const query = new PlacementsQuery(dataSource);
    const completed = await query.get(ids.p2);
    expect(completed).toMatchObject({
      status: 'completed',
      endedOn: '2027-12-15',
      // Starts on 31 August 2027: the last day of academic year 2026/27.
      startDate: '2027-08-31',
      academicYear: '2026/27',
      halfDaysAgreed: 8,
      halfDaysDelivered: 4,
      halfDaysRemaining: 4,
      requestingBodyName: 'Swavesey Village College',
      impact: { evaluatedOn: '2028-01-10', objectives: 2, met: 1, partlyMet: 1, notMet: 0 },
    });
    expect(completed!.impactEvaluation).toEqual({
      clusterId: 'cluster-1',
      objectives: [
        {
          objectiveId: 'obj-1',
          outcome: 'met',
          evidence: 'Observations led by the head since November',
          ratings: [{ competencyId: 'coaching', rating: 4 }],
        },
        {
          objectiveId: 'obj-2',
          outcome: 'partly_met',
          evidence: 'The plan is reviewed termly',
          ratings: [{ competencyId: 'impact', rating: 3 }],
        },
      ],
      recipientView: 'The head is more confident',
      lleView: 'Good progress; governors to follow up',
      evaluatedBy: 'broker-1',
      evaluatedOn: '2028-01-10',
    });
    // Amended down to 6, ended early; the completion that came after changed nothing.
    const endedEarly = streamOf(ids.p3)[3]!;
    expect(await query.get(ids.p3)).toMatchObject({
      status: 'ended_early',
      endedOn: '2027-11-01',
      endReason: 'The head left the school',
      halfDaysAgreed: 6,
      halfDaysDelivered: 1,
      halfDaysRemaining: 5,
      overGuideline: false,
      guidelineOverrideReason: null,
      revision: 3,
      position: endedEarly.position,
      amendments: [
        expect.objectContaining({ amendmentId: ids.amendDown, halfDaysBefore: 10, halfDaysAgreed: 6 }),
      ],
    });
    expect(await query.get('no-such-placement')).toBeUndefined();
  });

  it('lists placements by start date, by alliance, status, LLE, recipient and academic year', async () => {
    const query = new PlacementsQuery(dataSource);
    const list = async (filter: Parameters<PlacementsQuery['list']>[0]): Promise<string[]> =>
      (await query.list(filter)).map((p) => p.placementId);
    expect(await list({})).toEqual([ids.p2, ids.p1, ids.p3]);
    expect(await list({ alliance: 'CATSA' })).toEqual([ids.p2, ids.p1]);
    expect(await list({ status: 'in_progress' })).toEqual([ids.p1]);
    expect(await list({ status: 'ended_early', alliance: 'CASSA' })).toEqual([ids.p3]);
    expect(await list({ lleId: ids.lleB })).toEqual([ids.p3]);
    expect(await list({ recipientUrn: FEN_DITTON })).toEqual([ids.p1, ids.p3]);
    // 31 August is in the year before; 1 September starts the next.
    expect(await list({ academicYear: '2026/27' })).toEqual([ids.p2]);
    expect(await list({ academicYear: '2027/28' })).toEqual([ids.p1, ids.p3]);
    expect(await list({ academicYear: '2027/28', lleId: ids.lleA })).toEqual([ids.p1]);
  });

  it("gives a recipient school's support history: placements by year with their impact, and requests", async () => {
    const history = new RecipientSupportQuery(dataSource);
    const fenDitton = await history.history(FEN_DITTON);
    expect(fenDitton.recipient).toEqual({
      urn: FEN_DITTON,
      name: 'Fen Ditton Primary School',
      laCode: '873',
      laName: 'Cambridgeshire',
      phase: 'Primary',
    });
    expect(fenDitton.years).toEqual([
      { academicYear: '2027/28', placements: 2, halfDaysAgreed: 22, halfDaysDelivered: 6 },
    ]);
    expect(fenDitton.placements.map((p) => [p.placementId, p.lleId, p.status, p.halfDaysDelivered])).toEqual([
      [ids.p1, ids.lleA, 'in_progress', 5],
      [ids.p3, ids.lleB, 'ended_early', 1],
    ]);
    expect(fenDitton.requests.map((r) => [r.requestId, r.status, r.placementId])).toEqual([
      [ids.r1, 'brokered', ids.p1],
      [ids.r3, 'waiting', null],
      [ids.r6, 'brokered', ids.p3],
    ]);

    const catsaOnly = await history.history(FEN_DITTON, { alliance: 'CATSA' });
    expect(catsaOnly.placements.map((p) => p.placementId)).toEqual([ids.p1]);
    expect(catsaOnly.requests.map((r) => r.requestId)).toEqual([ids.r1, ids.r3]);

    const bottisham = await history.history(BOTTISHAM);
    expect(bottisham.years).toEqual([
      { academicYear: '2026/27', placements: 1, halfDaysAgreed: 8, halfDaysDelivered: 4 },
    ]);
    expect(bottisham.placements).toEqual([
      expect.objectContaining({
        placementId: ids.p2,
        academicYear: '2026/27',
        status: 'completed',
        endedOn: '2027-12-15',
        impact: { evaluatedOn: '2028-01-10', objectives: 2, met: 1, partlyMet: 1, notMet: 0 },
      }),
    ]);
    expect(bottisham.requests.map((r) => [r.requestId, r.status, r.reason])).toEqual([
      [ids.r2, 'brokered', null],
      [ids.r4, 'declined', 'No LLE of the phase is free this term'],
      [ids.r5, 'withdrawn', null],
    ]);

    expect(await history.history(999999)).toEqual({
      recipient: { urn: 999999, name: null, laCode: null, laName: null, phase: null },
      years: [],
      placements: [],
      requests: [],
    });
  });

  it('leaves the rows unchanged when the events are applied twice, or older ones after newer ones', async () => {
    const tables = placementsProjection.tables;
    const before = await allRows(dataSource, tables);
    await applyEvents(dataSource, projections, events);
    await applyEvents(dataSource, projections, [...events].reverse());
    expect(await allRows(dataSource, tables)).toEqual(before);
  });
});
