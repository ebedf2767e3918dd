import { placementStreamId, schoolStreamId, type Event } from '@lle/domain';
import type { PostgresEventStore, RecordedEvent } from '@lle/event-store';
import type { Projection } from '@lle/projections';
import {
  appendAll,
  projectedScenario,
  projectionsDifferingFromRebuild,
  type ProjectedScenario,
  type TestDatabase,
} from '@lle/test-support';
import type { DataSource } from 'typeorm';
import {
  allRows,
  applyEvents,
  BOTTISHAM,
  FEN_DITTON,
  ids,
} from '../../brokerage/brokerage-read-models.fixtures';
import { schoolsProjection } from '../../schools/schools.projection';
import { dashboardScenario } from '../dashboards.fixtures';
import { impactEvaluationProjection } from './impact-evaluation.projection';
import { ImpactEvaluationQuery, type ImpactFilter } from './impact-evaluation.query';

const projections: Projection[] = [schoolsProjection, impactEvaluationProjection];

/** A school no event has recorded yet when its placement opens. */
const UNKNOWN_SCHOOL = 110999;
const LATE_PLACEMENT = 'placement-before-its-school';

/**
 * The sums the impact projection keeps per row (`impact_rows`) and per cluster and competency
 * (`impact_competency_rows`), on the dashboards' scenario: against the placements' own figures, as days are
 * voided, as a school changes local authority, applied twice and rebuilt from zero.
 */
describe('impact evaluation projection: the sums per row', () => {
  let projected: ProjectedScenario;
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let query: ImpactEvaluationQuery;

  const caughtUp = (): Promise<void> => projected.caughtUp();

  const append = async (streamId: string, ...events: Event[]): Promise<void> => {
    await appendAll(store, [{ streamId, events }]);
    await caughtUp();
  };

  /** The summary as the rows' sums give it, and as adding up the placements themselves gives it. */
  async function bothWays(filter: ImpactFilter) {
    const fromRows = await query.summary(filter);
    const placements = await query.placements(filter);
    const byHand = placements.reduce(
      (sum, p) => ({
        placements: sum.placements + 1,
        inProgress: sum.inProgress + Number(p.status === 'in_progress'),
        completed: sum.completed + Number(p.status === 'completed'),
        endedEarly: sum.endedEarly + Number(p.status === 'ended_early'),
        evaluated: sum.evaluated + Number(p.outcome !== null),
        met: sum.met + Number(p.outcome === 'met'),
        partlyMet: sum.partlyMet + Number(p.outcome === 'partly_met'),
        notMet: sum.notMet + Number(p.outcome === 'not_met'),
        halfDaysAgreed: sum.halfDaysAgreed + p.halfDaysAgreed,
        halfDaysDelivered: sum.halfDaysDelivered + p.halfDaysDelivered,
      }),
      {
        placements: 0,
        inProgress: 0,
        completed: 0,
        endedEarly: 0,
        evaluated: 0,
        met: 0,
        partlyMet: 0,
        notMet: 0,
        halfDaysAgreed: 0,
        halfDaysDelivered: 0,
      },
    );
    return { fromRows, byHand };
  }

  beforeAll(async () => {
    projected = await projectedScenario(projections, dashboardScenario());
    ({ database, store, dataSource } = projected);
    query = new ImpactEvaluationQuery(dataSource);
  });

  afterAll(() => projected?.close());

  it('one row per year, alliance, local authority and phase, adding up to its placements', async () => {
    const { rows, totals } = await query.summary({});
    expect(rows).toEqual([
      // P2: completed and evaluated; its days on 31 August and 7 September both count for it.
      expect.objectContaining({
        academicYear: '2026/27',
        alliance: 'CATSA',
        laCode: '873',
        laName: 'Cambridgeshire',
        phase: 'Primary',
        placements: 1,
        completed: 1,
        evaluated: 1,
        partlyMet: 1,
        halfDaysAgreed: 8,
        halfDaysDelivered: 4,
      }),
      // P3: ended early after one half-day.
      expect.objectContaining({
        academicYear: '2027/28',
        alliance: 'CASSA',
        laCode: '873',
        placements: 1,
        endedEarly: 1,
        halfDaysAgreed: 6,
        halfDaysDelivered: 1,
      }),
      // P1: amended to 16; of its four days, the voided one (1 half-day) does not count.
      expect.objectContaining({
        academicYear: '2027/28',
        alliance: 'CATSA',
        laCode: '873',
        placements: 1,
        inProgress: 1,
        evaluated: 0,
        halfDaysAgreed: 16,
        halfDaysDelivered: 5,
      }),
    ]);
    for (const filter of [{}, { alliance: 'CATSA' }, { academicYear: '2027/28' }, { laCode: '873' }]) {
      const { fromRows, byHand } = await bothWays(filter);
      expect([filter, fromRows.totals]).toEqual([filter, byHand]);
    }
    expect(totals.placements).toBe(3);
    // One recipient: added up from its placements, the same figures as its row.
    const bottisham = await query.summary({ recipientUrn: BOTTISHAM });
    expect(bottisham.rows).toEqual([rows[0]]);
  });

  it('a day voided comes off its row once, however often it is voided or logged again', async () => {
    const before = (await query.summary({ alliance: 'CATSA', academicYear: '2027/28' })).totals;
    const voided: Event = {
      type: 'SupportDayVoided',
      data: {
        placementId: ids.p1,
        dayId: ids.day(2),
        personId: ids.lleA,
        date: '2027-09-01',
        halfDays: 2,
        reason: 'Logged twice',
        voidedOn: '2027-11-02',
      },
    };
    await append(placementStreamId(ids.p1), voided, voided, {
      type: 'SupportDayLogged',
      data: {
        placementId: ids.p1,
        dayId: ids.day(2),
        personId: ids.lleA,
        deliveredAs: 'lle',
        date: '2027-09-01',
        halfDays: 2,
        note: 'Logged again',
        loggedOn: '2027-11-03',
      },
    });
    const after = (await query.summary({ alliance: 'CATSA', academicYear: '2027/28' })).totals;
    expect(after).toEqual({ ...before, halfDaysDelivered: before.halfDaysDelivered - 2 });
    const { fromRows, byHand } = await bothWays({ alliance: 'CATSA' });
    expect(fromRows.totals).toEqual(byHand);
  });

  it("a school's new local authority moves its placements and their competencies to the new rows", async () => {
    const competenciesBefore = await query.competencies({ laCode: '873' });
    expect(competenciesBefore.map((c) => [c.competencyId, c.evaluated, c.partlyMet])).toEqual([
      ['coaching', 1, 1],
      ['impact', 1, 1],
    ]);
    await append(schoolStreamId(BOTTISHAM), {
      type: 'SchoolRecordChanged',
      data: {
        urn: BOTTISHAM,
        name: 'Bottisham Primary School',
        laCode: '874',
        laName: 'Peterborough',
        phase: 'Primary',
        status: 'Open',
        changed: ['laCode', 'laName'],
      },
    });
    const peterborough = await query.summary({ laCode: '874' });
    expect(peterborough.rows).toEqual([
      expect.objectContaining({
        academicYear: '2026/27',
        laCode: '874',
        laName: 'Peterborough',
        placements: 1,
        completed: 1,
        partlyMet: 1,
        halfDaysDelivered: 4,
      }),
    ]);
    // Cambridgeshire keeps P1 and P3 only; the row P2 left, now empty, is not shown.
    const cambridgeshire = await query.summary({ laCode: '873' });
    expect(cambridgeshire.totals).toMatchObject({ placements: 2, evaluated: 0 });
    expect(cambridgeshire.rows.map((r) => r.academicYear)).toEqual(['2027/28', '2027/28']);
    expect(await query.competencies({ laCode: '873' })).toEqual([]);
    expect(
      (await query.competencies({ laCode: '874' })).map((c) => [c.competencyId, c.evaluated, c.meanRating]),
    ).toEqual([
      ['coaching', 1, 4],
      ['impact', 1, 3],
    ]);
    const [p2] = await query.placements({ recipientUrn: BOTTISHAM });
    expect(p2).toMatchObject({ laCode: '874', laName: 'Peterborough' });
    expect(await query.placements({ laCode: '874' })).toEqual([p2]);
    for (const filter of [{}, { laCode: '873' }, { laCode: '874' }]) {
      const { fromRows, byHand } = await bothWays(filter);
      expect([filter, fromRows.totals]).toEqual([filter, byHand]);
    }
  });

  it('a placement opened before its school is known counts without an LA until the school is recorded', async () => {
    const events = await store.readAll();
    const p2Opened = events.find(
      (e: RecordedEvent) =>
        e.type === 'PlacementOpened' && (e.data as { placementId: string }).placementId === ids.p2,
    )!;
    await append(placementStreamId(LATE_PLACEMENT), {
      type: 'PlacementOpened',
      data: { ...(p2Opened.data as object), placementId: LATE_PLACEMENT, recipientUrn: UNKNOWN_SCHOOL },
    });
    const unknown = await query.summary({ alliance: 'CATSA', academicYear: '2026/27' });
    expect(unknown.rows.map((r) => [r.laCode, r.placements, r.inProgress])).toEqual([
      ['874', 1, 0],
      [null, 1, 1],
    ]);
    await append(schoolStreamId(UNKNOWN_SCHOOL), {
      type: 'SchoolRecorded',
      data: {
        urn: UNKNOWN_SCHOOL,
        name: 'A school recorded late',
        laCode: '935',
        laName: 'Suffolk',
        phase: 'Primary',
        status: 'Open',
      },
    });
    const known = await query.summary({ alliance: 'CATSA', academicYear: '2026/27' });
    expect(known.rows.map((r) => [r.laCode, r.laName, r.placements])).toEqual([
      ['874', 'Peterborough', 1],
      ['935', 'Suffolk', 1],
    ]);
    // Fen Ditton's placements never moved.
    expect((await query.summary({ recipientUrn: FEN_DITTON })).totals.placements).toBe(2);
  });

  it('every event applied twice changes nothing; rebuilt from zero, identical', async () => {
    const events = await store.readAll();
    const tables = impactEvaluationProjection.tables;
    const before = await allRows(dataSource, tables);
    // The scenario forms no cluster; every other table has rows to compare.
    expect(tables.filter((table, k) => (before[k] as unknown[]).length === 0)).toEqual(['impact_clusters']);
    await applyEvents(dataSource, [impactEvaluationProjection], events);
    expect(await allRows(dataSource, tables)).toEqual(before);
    expect(await projectionsDifferingFromRebuild(database.url, store, [impactEvaluationProjection])).toEqual(
      [],
    );
  });
});
