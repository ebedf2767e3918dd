import { schoolStreamId } from '@lle/domain';
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
import { allRows, applyEvents, BOTTISHAM, ids } from '../../brokerage/brokerage-read-models.fixtures';
import { schoolsProjection } from '../../schools/schools.projection';
import { dashboardScenario } from '../dashboards.fixtures';
import { impactEvaluationProjection } from '../impact/impact-evaluation.projection';
import { ImpactEvaluationQuery } from '../impact/impact-evaluation.query';
import { deploymentDashboardProjection } from './deployment-dashboard.projection';
import { DeploymentDashboardQuery, type DeploymentRow } from './deployment-dashboard.query';

const projections: Projection[] = [
  schoolsProjection,
  deploymentDashboardProjection,
  impactEvaluationProjection,
];

describe('deployment dashboard projection', () => {
  let projected: ProjectedScenario;
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let events: RecordedEvent[];
  let query: DeploymentDashboardQuery;

  const caughtUp = (): Promise<void> => projected.caughtUp();

  beforeAll(async () => {
    projected = await projectedScenario(projections, dashboardScenario());
    ({ database, store, dataSource } = projected);
    // The scenario's events only: the projections append none.
    events = await store.readAll();
    query = new DeploymentDashboardQuery(dataSource);
  });

  afterAll(() => projected?.close());

  const row = (rows: readonly DeploymentRow[], alliance: string, year: string): DeploymentRow | undefined =>
    rows.find((r) => r.alliance === alliance && r.academicYear === year && r.laCode === '873');

  it('counts days agreed in the placement’s year and days delivered in the year of their date', async () => {
    const { rows, totals } = await query.dashboard({ asOf: '2027-09-10' });
    // P2 starts on 31 August 2027: its 8 half-days agreed are 2026/27's; its day on 31 August too.
    expect(row(rows, 'CATSA', '2026/27')).toMatchObject({
      laName: 'Cambridgeshire',
      phase: 'Primary',
      placements: 1,
      placementsCompleted: 1,
      halfDaysAgreed: 8,
      halfDaysDelivered: 2,
      halfDaysRemaining: 0,
      llesDeployed: 0,
    });
    // P1 starts on 1 September 2027: 2027/28; P2's day on 7 September is delivered in 2027/28 as well.
    expect(row(rows, 'CATSA', '2027/28')).toMatchObject({
      placements: 1,
      placementsInProgress: 1,
      placementsOverGuideline: 1,
      overrideReasons: [
        { reason: 'The LA asked for two more days after the monitoring visit', placements: 1 },
      ],
      halfDaysAgreed: 16,
      halfDaysDelivered: 5 + 2,
      halfDaysTransferred: 4,
      halfDaysRemaining: 11,
      llesDeployed: 1,
      // R3 requested on 2 September, waiting on the 10th.
      requestsWaiting: 1,
      waitingDaysTotal: 8,
      waitingDaysLongest: 8,
    });
    // P3 ended early; R4 (declined on the 13th) and R6 (made on the 10th) are both waiting on the 10th.
    expect(row(rows, 'CASSA', '2027/28')).toMatchObject({
      placements: 1,
      placementsEndedEarly: 1,
      halfDaysAgreed: 6,
      halfDaysDelivered: 1,
      halfDaysRemaining: 0,
      requestsWaiting: 2,
      waitingDaysTotal: 7,
      waitingDaysLongest: 7,
    });
    expect(totals).toMatchObject({
      placements: 3,
      halfDaysAgreed: 8 + 16 + 6,
      halfDaysDelivered: 2 + 7 + 1,
      halfDaysTransferred: 4,
      halfDaysRemaining: 11,
      requestsWaiting: 3,
      waitingDaysLongest: 8,
      llesDesignated: 2,
    });
    const sum = (pick: (r: DeploymentRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
    expect(sum((r) => r.halfDaysDelivered)).toBe(totals.halfDaysDelivered);
    expect(sum((r) => r.halfDaysAgreed)).toBe(totals.halfDaysAgreed);
  });

  it('a day on 31 August and a placement starting on 31 August belong to the year that ends then', async () => {
    const year = await query.dashboard({ asOf: '2027-09-10', academicYear: '2026/27' });
    expect(year.rows.map((r) => [r.alliance, r.academicYear])).toEqual([
      ['CASSA', '2026/27'],
      ['CATSA', '2026/27'],
    ]);
    expect(year.totals).toMatchObject({ placements: 1, halfDaysAgreed: 8, halfDaysDelivered: 2 });
    const { placements: delivered, next } = await query.placements(
      { asOf: '2027-09-10', academicYear: '2027/28' },
      'halfDaysDelivered',
    );
    expect(next).toBeNull();
    expect(delivered.map((p) => [p.placementId, p.halfDaysDelivered, p.placementAcademicYear])).toEqual([
      [ids.p2, 2, '2026/27'],
      [ids.p1, 5, '2027/28'],
      [ids.p3, 1, '2027/28'],
    ]);
  });

  it('filters by alliance, local authority and phase; LLEs by their own school', async () => {
    const catsa = await query.dashboard({ asOf: '2027-09-10', alliance: 'CATSA' });
    expect(new Set(catsa.rows.map((r) => r.alliance))).toEqual(new Set(['CATSA']));
    expect(catsa.totals).toMatchObject({ placements: 2, halfDaysAgreed: 24, llesDesignated: 1 });
    const suffolk = await query.dashboard({ asOf: '2027-09-10', laCode: '935' });
    // Only LLE B's school is in Suffolk: no placement, but the LLE counts there.
    expect(suffolk.totals).toMatchObject({ placements: 0, llesDesignated: 1, llesActive: 1 });
    expect(suffolk.rows.every((r) => r.laCode === '935' && r.phase === 'Secondary')).toBe(true);
    const secondary = await query.dashboard({ asOf: '2027-09-10', phase: 'Secondary' });
    expect(secondary.totals.placements).toBe(0);
  });

  it('LLEs designated and active on the last day of each year, or on asOf when sooner', async () => {
    // Suspended on 31 August 2027: designated but not active at the end of 2026/27.
    const lastYear = await query.dashboard({ asOf: '2028-01-01', academicYear: '2026/27' });
    expect(lastYear.totals).toMatchObject({ llesDesignated: 2, llesActive: 1 });
    const suspendedLles = await query.lles({ asOf: '2028-01-01', academicYear: '2026/27' }, 'llesActive');
    expect(suspendedLles.map((l) => l.lleId)).toEqual([ids.lleA]);
    // Reinstated on 1 September: active again in 2027/28.
    const thisYear = await query.dashboard({ asOf: '2028-01-01', academicYear: '2027/28' });
    expect(thisYear.totals).toMatchObject({ llesDesignated: 2, llesActive: 2 });
    // On 31 August 2027 itself (asOf), 2027/28 counts the LLEs of that day.
    const early = await query.dashboard({ asOf: '2027-08-31', academicYear: '2027/28' });
    expect(early.totals).toMatchObject({ llesDesignated: 2, llesActive: 1 });
  });

  it('opens every figure down to the placements and requests behind it, adding up to it', async () => {
    const filter = {
      asOf: '2027-09-10',
      alliance: 'CATSA',
      laCode: '873',
      phase: 'Primary',
      academicYear: '2027/28',
    };
    const [dashboard] = [await query.dashboard(filter)];
    const figures = dashboard.rows[0]!;
    const behind = async (figure: Parameters<DeploymentDashboardQuery['placements']>[1]) =>
      (await query.placements(filter, figure)).placements;
    expect((await behind('halfDaysAgreed')).reduce((s, p) => s + p.halfDaysAgreed, 0)).toBe(
      figures.halfDaysAgreed,
    );
    expect((await behind('halfDaysDelivered')).reduce((s, p) => s + p.halfDaysDelivered, 0)).toBe(
      figures.halfDaysDelivered,
    );
    expect((await behind('placementsOverGuideline')).map((p) => p.guidelineOverrideReason)).toEqual([
      'The LA asked for two more days after the monitoring visit',
    ]);
    expect((await behind('placementsInProgress')).map((p) => p.placementId)).toEqual([ids.p1]);
    expect(await behind('placementsCompleted')).toEqual([]);
    const waiting = await query.waitingRequests(filter);
    expect(waiting.map((r) => [r.requestId, r.waitingDays])).toEqual([[ids.r3, 8]]);
  });

  it('pages the placements behind a figure by start date, each page from where the last ended', async () => {
    const filter = { asOf: '2027-09-10' };
    const whole = await query.everyPlacement(filter);
    // P2's two years, then P1, then P3: by start date, then placement, then academic year.
    expect(whole.map((p) => [p.placementId, p.academicYear])).toEqual([
      [ids.p2, '2026/27'],
      [ids.p2, '2027/28'],
      [ids.p1, '2027/28'],
      [ids.p3, '2027/28'],
    ]);
    const paged: string[][] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await query.placements(filter, undefined, { limit: 1, after });
      expect(page.placements).toHaveLength(1);
      paged.push(...page.placements.map((p) => [p.placementId, p.academicYear]));
      after = page.next ?? undefined;
      pages++;
    } while (after !== undefined && pages < 10);
    expect(paged).toEqual(whole.map((p) => [p.placementId, p.academicYear]));
    expect(pages).toBe(4);
    // A page that ends exactly at the last placement says so: no next page.
    expect((await query.placements(filter, undefined, { limit: 4 })).next).toBeNull();
    const firstThree = await query.placements(filter, undefined, { limit: 3 });
    expect(firstThree.next).not.toBeNull();
    const rest = await query.placements(filter, undefined, { after: firstThree.next! });
    expect(rest).toEqual({ placements: [whole[3]], next: null });
    await expect(query.placements(filter, undefined, { after: 'not-a-cursor' })).rejects.toThrow(
      'Not a placement cursor',
    );
    await expect(query.placements(filter, undefined, { limit: 1001 })).rejects.toThrow('1 to 1000');
  });

  it("each LLE's load in a year against the capacity applied", async () => {
    const loads = await query.lleLoads({ asOf: '2027-09-10' });
    expect(
      loads.map((l) => [l.lleId, l.academicYear, l.halfDaysAgreed, l.capacityHalfDays, l.loadPercent]),
    ).toEqual([
      [ids.lleA, '2026/27', 8, 24, 33],
      [ids.lleB, '2027/28', 6, 20, 30],
      [ids.lleA, '2027/28', 16, 24, 67],
    ]);
  });

  it('impact: completed against ended early, outcomes per cluster and competency, per recipient', async () => {
    const impact = new ImpactEvaluationQuery(dataSource);
    const summary = await impact.summary({});
    expect(summary.totals).toMatchObject({
      placements: 3,
      inProgress: 1,
      completed: 1,
      endedEarly: 1,
      evaluated: 1,
      partlyMet: 1,
      halfDaysAgreed: 30,
      halfDaysDelivered: 10,
    });
    expect(await impact.competencies({})).toEqual([
      expect.objectContaining({
        clusterId: 'cluster-1',
        competencyId: 'coaching',
        evaluated: 1,
        partlyMet: 1,
      }),
      expect.objectContaining({
        clusterId: 'cluster-1',
        competencyId: 'impact',
        evaluated: 1,
        meanRating: 3,
      }),
    ]);
    const [p2] = await impact.placements({ recipientUrn: BOTTISHAM });
    expect(p2).toMatchObject({
      placementId: ids.p2,
      outcome: 'partly_met',
      objectives: [
        { objectiveId: 'obj-1', outcome: 'met', evidence: 'Observations led by the head since November' },
        { objectiveId: 'obj-2', outcome: 'partly_met', evidence: 'The plan is reviewed termly' },
      ],
    });
    const recipients = await impact.recipients({ recipientUrn: BOTTISHAM });
    expect(recipients).toEqual([
      expect.objectContaining({ academicYear: '2026/27', placements: 1, completed: 1, halfDaysDelivered: 4 }),
    ]);
  });

  it('applied twice, unchanged; rebuilt from zero, identical', async () => {
    const tables = [...deploymentDashboardProjection.tables, ...impactEvaluationProjection.tables];
    const before = await allRows(dataSource, tables);
    await applyEvents(dataSource, projections, events);
    expect(await allRows(dataSource, tables)).toEqual(before);
    expect(
      await projectionsDifferingFromRebuild(database.url, store, [
        deploymentDashboardProjection,
        impactEvaluationProjection,
      ]),
    ).toEqual([]);
  });

  it("a school's new local authority moves its placements and requests to the new row", async () => {
    await appendAll(store, [
      {
        streamId: schoolStreamId(BOTTISHAM),
        events: [
          {
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
          },
        ],
      },
    ]);
    await caughtUp();
    const peterborough = await query.dashboard({ asOf: '2027-09-10', laCode: '874' });
    expect(peterborough.totals).toMatchObject({ placements: 1, halfDaysAgreed: 8, halfDaysDelivered: 4 });
    expect(
      await projectionsDifferingFromRebuild(database.url, store, [deploymentDashboardProjection]),
    ).toEqual([]);
  });
});
