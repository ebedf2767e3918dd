import { createDataSource } from '@lle/database';
import { PostgresEventStore, type RecordedEvent } from '@lle/event-store';
import type { Projection } from '@lle/projections';
import { appendAll, createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { schoolsProjection } from '../../schools/schools.projection';
import type { SchoolRef } from '../brokerage-columns';
import {
  allRows,
  applyEvents,
  BOTTISHAM,
  brokerageScenario,
  FEN_DITTON,
  ids,
} from '../brokerage-read-models.fixtures';
import { placementsProjection } from '../placements/placements.projection';
import { LleDiaryQuery } from './lle-diary.query';
import { lleLoadProjection } from './lle-load.projection';

const projections: Projection[] = [schoolsProjection, placementsProjection, lleLoadProjection];
const school = (urn: number, name: string): SchoolRef => ({
  urn,
  name,
  laCode: '873',
  laName: 'Cambridgeshire',
  phase: 'Primary',
});

describe("an LLE's load per academic year and diary", () => {
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

  it('counts each year the placements starting in it: 31 August in one year, 1 September in the next', async () => {
    const load = await new LleDiaryQuery(dataSource).load(ids.lleA);
    expect(load).toEqual([
      {
        lleId: ids.lleA,
        academicYear: '2026/27',
        capacityHalfDays: 24,
        // Completed with 4 of its 8 half-days delivered: the commitment closed at 4, the rest released.
        committedHalfDays: 4,
        agreedHalfDays: 8,
        deliveredHalfDays: 4,
        remainingHalfDays: 0,
        availableHalfDays: 20,
        placements: [
          {
            placementId: ids.p2,
            recipient: school(BOTTISHAM, 'Bottisham Primary School'),
            startDate: '2027-08-31',
            status: 'completed',
            committedHalfDays: 4,
            agreedHalfDays: 8,
            deliveredHalfDays: 4,
            remainingHalfDays: 0,
          },
        ],
      },
      {
        lleId: ids.lleA,
        academicYear: '2027/28',
        capacityHalfDays: 24,
        // 12 brokered and 4 reserved by the amendment that raised the days to 16.
        committedHalfDays: 16,
        agreedHalfDays: 16,
        // The day voided does not count; the deputy's do (transferred days are some of the agreed).
        deliveredHalfDays: 5,
        remainingHalfDays: 11,
        availableHalfDays: 8,
        placements: [
          {
            placementId: ids.p1,
            recipient: school(FEN_DITTON, 'Fen Ditton Primary School'),
            startDate: '2027-09-01',
            status: 'in_progress',
            committedHalfDays: 16,
            agreedHalfDays: 16,
            deliveredHalfDays: 5,
            remainingHalfDays: 11,
          },
        ],
      },
    ]);
  });

  it('releases the days an amendment lowered and those not delivered when a placement ends early', async () => {
    const query = new LleDiaryQuery(dataSource);
    expect(await query.load(ids.lleB, '2027/28')).toEqual([
      expect.objectContaining({
        academicYear: '2027/28',
        capacityHalfDays: 20,
        // 10 brokered, 4 released when amended down to 6, closed at the 1 delivered when it ended early.
        committedHalfDays: 1,
        agreedHalfDays: 6,
        deliveredHalfDays: 1,
        remainingHalfDays: 0,
        availableHalfDays: 19,
      }),
    ]);
    const [row] = await dataSource.query<Array<Record<string, unknown>>>(
      `SELECT reservations, releases, open, closed_outcome, to_char(closed_on, 'YYYY-MM-DD') AS closed_on
         FROM lle_commitments WHERE placement_id = $1`,
      [ids.p3],
    );
    expect(row).toEqual({
      reservations: {},
      releases: { [`amended_down:${ids.amendDown}`]: 4 },
      open: false,
      closed_outcome: 'ended_early',
      closed_on: '2027-11-01',
    });
    // A year with nothing committed.
    expect(await query.load(ids.lleA, '2025/26')).toEqual([
      {
        lleId: ids.lleA,
        academicYear: '2025/26',
        capacityHalfDays: null,
        committedHalfDays: 0,
        agreedHalfDays: 0,
        deliveredHalfDays: 0,
        remainingHalfDays: 0,
        availableHalfDays: null,
        placements: [],
      },
    ]);
    expect(await query.load('nobody')).toEqual([]);
  });

  it("keeps the LLE's diary by date across placements, voided days left out unless asked for", async () => {
    const query = new LleDiaryQuery(dataSource);
    const diary = await query.diary(ids.lleA);
    expect(diary.map((d) => [d.date, d.placementId, d.halfDays, d.personId, d.deliveredAs])).toEqual([
      ['2027-08-31', ids.p2, 2, ids.lleA, 'lle'],
      ['2027-09-01', ids.p1, 2, ids.lleA, 'lle'],
      ['2027-09-07', ids.p2, 2, ids.lleA, 'lle'],
      ['2027-10-05', ids.p1, 2, ids.deputy, 'staff'],
      ['2027-10-20', ids.p1, 1, ids.lleA, 'lle'],
    ]);
    expect(diary[0]).toEqual({
      date: '2027-08-31',
      dayId: ids.day(1),
      placementId: ids.p2,
      alliance: 'CATSA',
      recipient: school(BOTTISHAM, 'Bottisham Primary School'),
      halfDays: 2,
      personId: ids.lleA,
      deliveredAs: 'lle',
      note: 'Worked with the head on 2027-08-31',
      voided: false,
      voidReason: null,
    });
    const september = await query.diary(ids.lleA, {
      from: '2027-09-01',
      to: '2027-09-30',
      includeVoided: true,
    });
    expect(september.map((d) => [d.date, d.dayId, d.voided, d.voidReason])).toEqual([
      ['2027-09-01', ids.day(2), false, null],
      ['2027-09-07', ids.day(4), false, null],
      ['2027-09-15', ids.day(3), true, 'Logged against the wrong school'],
    ]);
    // The deputy's own diary: the days they delivered on the LLE's placement.
    expect((await query.diary(ids.deputy)).map((d) => d.dayId)).toEqual([ids.day(5)]);
    expect(await query.diary(ids.lleA, { from: '2028-01-01' })).toEqual([]);
  });

  it('leaves the rows unchanged when the events are applied twice, or older ones after newer ones', async () => {
    const tables = lleLoadProjection.tables;
    const before = await allRows(dataSource, tables);
    await applyEvents(dataSource, projections, events);
    await applyEvents(dataSource, projections, [...events].reverse());
    expect(await allRows(dataSource, tables)).toEqual(before);
  });
});
