import { placementStreamId, type Event, type PlacementEvent } from '@lle/domain';
import type { PostgresEventStore } from '@lle/event-store';
import { reconcileProjection, type Projection, type ProjectedEvent } from '@lle/projections';
import { appendAll, projectedScenario, type ProjectedScenario } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { ids } from '../../brokerage/brokerage-read-models.fixtures';
import { schoolsProjection } from '../../schools/schools.projection';
import { dashboardScenario, type Appended } from '../dashboards.fixtures';
import { deploymentDashboardProjection } from './deployment-dashboard.projection';

const placement = (n: number): string => `b0000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const P4 = placement(4);
const P5 = placement(5);
const P6 = placement(6);
const NOWHERE = placement(9);

function logged(placementId: string, dayId: string, date: string, halfDays: 1 | 2): PlacementEvent {
  return {
    type: 'SupportDayLogged',
    data: {
      placementId,
      dayId,
      personId: ids.lleA,
      deliveredAs: 'lle',
      date,
      halfDays,
      note: 'Folded',
      loggedOn: date,
    },
  };
}

function voided(placementId: string, dayId: string, date: string, halfDays: 1 | 2): PlacementEvent {
  const data = {
    placementId,
    dayId,
    personId: ids.lleA,
    date,
    halfDays,
    reason: 'Wrong day',
    voidedOn: date,
  };
  return { type: 'SupportDayVoided', data };
}

function transferred(placementId: string, transferId: string, halfDays: number): PlacementEvent {
  const data = {
    placementId,
    transferId,
    lleId: ids.lleA,
    toPersonId: ids.deputy,
    role: 'deputy head',
    halfDays,
    transferredOn: '2027-11-01',
  };
  return { type: 'DaysTransferred', data };
}

/**
 * Days and transfers on P1 (in progress, 16 half-days agreed, days 1 to 6 logged before, day 3 voided) that
 * a rebuild folds into one run: a day logged before logged again, a new day logged twice, voided, then
 * logged again; a day kept before voided twice; a day voided before voided again; the known transfer again
 * and a new one changed; a day in a new academic year logged and voided, another kept there, one in another
 * year logged and voided; enough days
 * to go past the days agreed (remaining stops at none), and one of them voided.
 */
function p1Run(): PlacementEvent[] {
  return [
    logged(ids.p1, ids.day(5), '2027-10-05', 2),
    logged(ids.p1, 'day-x', '2027-11-02', 2),
    logged(ids.p1, 'day-x', '2027-11-02', 2),
    voided(ids.p1, 'day-x', '2027-11-02', 2),
    logged(ids.p1, 'day-x', '2027-11-02', 2),
    voided(ids.p1, ids.day(6), '2027-10-20', 1),
    voided(ids.p1, ids.day(6), '2027-10-20', 1),
    voided(ids.p1, ids.day(3), '2027-09-15', 1),
    transferred(ids.p1, ids.transfer, 4),
    transferred(ids.p1, 'transfer-2', 2),
    transferred(ids.p1, 'transfer-2', 3),
    logged(ids.p1, 'day-y', '2028-09-05', 1),
    voided(ids.p1, 'day-y', '2028-09-05', 1),
    logged(ids.p1, 'day-z', '2028-09-06', 2),
    // Nothing else in 2029/30: its rows come and go.
    logged(ids.p1, 'day-w', '2029-09-05', 1),
    voided(ids.p1, 'day-w', '2029-09-05', 1),
    // From 6 half-days delivered to 22 of the 16 agreed, then back to 20.
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => logged(ids.p1, `day-over-${n}`, `2027-12-0${n}`, 2)),
    voided(ids.p1, 'day-over-3', '2027-12-03', 2),
  ];
}

/** A copy of P1's opening, as another placement of the same LLE, school and year. */
function openedLike(opening: Event, placementId: string): PlacementEvent {
  const data = opening.data as Record<string, unknown>;
  return {
    ...opening,
    data: { ...data, placementId, requestId: `${placementId}-request` },
  } as PlacementEvent;
}

function tail(opening: Event): Appended[] {
  const completed = (placementId: string): PlacementEvent => ({
    type: 'PlacementCompleted',
    data: {
      placementId,
      lleId: ids.lleA,
      halfDaysAgreed: 16,
      halfDaysDelivered: 5,
      completedOn: '2028-03-01',
    },
  });
  return [
    { streamId: placementStreamId(ids.p1), events: p1Run() },
    // A whole story, recomputed once: opened, days (one twice, one in the next year), transfers, completed.
    {
      streamId: placementStreamId(P4),
      events: [
        openedLike(opening, P4),
        logged(P4, 'p4-1', '2027-10-01', 2),
        logged(P4, 'p4-2', '2027-10-08', 1),
        // The same day id again with other figures: the first counts.
        logged(P4, 'p4-1', '2027-10-09', 1),
        transferred(P4, 'p4-t', 2),
        logged(P4, 'p4-3', '2028-09-10', 2),
        transferred(P4, 'p4-t', 1),
        completed(P4),
        logged(P4, 'p4-4', '2028-03-02', 1),
      ],
    },
    // A transfer before the placement is opened counts nothing; a day does (the recompute finds it).
    {
      streamId: placementStreamId(P5),
      events: [
        transferred(P5, 'p5-t', 2),
        logged(P5, 'p5-1', '2027-10-01', 2),
        openedLike(opening, P5),
        logged(P5, 'p5-2', '2027-10-02', 1),
      ],
    },
    // A void among a story's events.
    {
      streamId: placementStreamId(P6),
      events: [
        openedLike(opening, P6),
        logged(P6, 'p6-1', '2028-09-01', 2),
        voided(P6, 'p6-1', '2028-09-01', 2),
        logged(P6, 'p6-2', '2027-10-02', 1),
        completed(P6),
      ],
    },
    // Days of a placement the dashboard has not seen: kept, counted nowhere.
    {
      streamId: placementStreamId(NOWHERE),
      events: [logged(NOWHERE, 'n-1', '2027-10-01', 1), voided(NOWHERE, 'n-1', '2027-10-01', 1)],
    },
    // All of P1's run again, after other events: every event already applied changes nothing.
    { streamId: placementStreamId(ids.p1), events: p1Run() },
  ];
}

/** The dashboards' scenario, then the runs above after it (they copy P1's opening). */
async function appendScenarioThenTail(store: PostgresEventStore): Promise<void> {
  await appendAll(store, dashboardScenario());
  const opening = (await store.readAll()).find(
    (event) =>
      event.type === 'PlacementOpened' && (event.data as { placementId: string }).placementId === ids.p1,
  );
  await appendAll(store, tail(opening!));
}

describe('deployment dashboard: a rebuild folding runs of a placement’s events', () => {
  let projected: ProjectedScenario;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    // The live runner applies every event one by one.
    projected = await projectedScenario(
      [schoolsProjection, deploymentDashboardProjection],
      appendScenarioThenTail,
    );
    ({ store, dataSource } = projected);
    await projected.runner.stop();
  });

  afterAll(() => projected?.close());

  it('gives the same tables as applying the events one by one', async () => {
    const runs: string[][] = [];
    const failures: unknown[] = [];
    const folding: Projection = {
      ...(deploymentDashboardProjection as unknown as Projection),
      async applyRun(events: readonly ProjectedEvent[], db) {
        runs.push(events.map((event) => event.type));
        try {
          await deploymentDashboardProjection.applyRun!(events as never, db);
        } catch (error) {
          failures.push(error);
          throw error;
        }
      },
    };
    const report = await reconcileProjection({ dataSource, store }, folding);
    // A run that failed would have been applied again one by one: the folding must not have failed.
    expect(failures).toEqual([]);
    // Every path was taken: P1's days alone (twice), P4's whole story, P5's and P6's one by one.
    expect(runs.filter((run) => run.length === p1Run().length)).toHaveLength(2);
    expect(runs).toContainEqual([
      'PlacementOpened',
      ...Array<string>(2).fill('SupportDayLogged'),
      'SupportDayLogged',
      'DaysTransferred',
      'SupportDayLogged',
      'DaysTransferred',
      'PlacementCompleted',
      'SupportDayLogged',
    ]);
    expect(runs).toContainEqual(['SupportDayLogged', 'SupportDayVoided']);
    expect(report.tables.filter((t) => t.onlyLive > 0 || t.onlyRebuilt > 0)).toEqual([]);
    expect(report.identical).toBe(true);
  });

  it('folding the same runs again changes nothing', async () => {
    const before = await dataSource.query<unknown[]>(
      `SELECT p.*, (SELECT json_agg(y ORDER BY academic_year) FROM dashboard_placement_years y
                     WHERE y.placement_id = p.placement_id) AS years
         FROM dashboard_placements p ORDER BY placement_id`,
    );
    const rows = await dataSource.query<unknown[]>(`SELECT * FROM dashboard_rows ORDER BY row_key`);
    // (P5's transfer is left out: applied before P5 was opened, it counted nothing; again now, it would.)
    const events = (await store.readAll()).filter(
      (event) =>
        ['SupportDayLogged', 'SupportDayVoided', 'DaysTransferred'].includes(event.type) &&
        (event.data as { placementId: string }).placementId !== P5,
    );
    await dataSource.transaction(async (db) => {
      await deploymentDashboardProjection.applyRun!(events as never, db);
      expect(
        await db.query(
          `SELECT p.*, (SELECT json_agg(y ORDER BY academic_year) FROM dashboard_placement_years y
                         WHERE y.placement_id = p.placement_id) AS years
             FROM dashboard_placements p ORDER BY placement_id`,
        ),
      ).toEqual(before);
      expect(await db.query(`SELECT * FROM dashboard_rows ORDER BY row_key`)).toEqual(rows);
    });
  });
});
