import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandHandler, EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES } from '@lle/domain';
import type { RecordedEvent } from '@lle/event-store';
import { deploymentDashboardProjection, impactEvaluationProjection } from '@lle/read-models';
import type { DataSource } from 'typeorm';
import { planDemo } from '../../apps/cli/src/demo/plan';
import { DemoSeeder } from '../../apps/cli/src/demo/seed';
import { demoUseCases } from '../../apps/cli/src/demo/use-cases';
import { importSchools } from '../../apps/cli/src/schools/import-schools';
import { parseSchoolsCsv } from '../../apps/cli/src/schools/parse-schools-csv';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { projectionsDifferingFromRebuild, waitForProjections } from '../support/read-models';

/**
 * The dashboards against totals computed here, independently, from the raw events of a demo history (half
 * the small demo, planned and written through the same use cases the API runs, as `npm run seed:demo` does),
 * with two more requests left waiting: plain loops over the store's events, none of the projections' code.
 */

type Data = Record<string, any>;

interface Expected {
  llesDesignated: Set<string>;
  llesActive: Set<string>;
  llesDeployed: Set<string>;
  placements: number;
  placementsInProgress: number;
  placementsCompleted: number;
  placementsEndedEarly: number;
  placementsOverGuideline: number;
  halfDaysAgreed: number;
  halfDaysDelivered: number;
  halfDaysTransferred: number;
  halfDaysRemaining: number;
  requestsWaiting: number;
  waitingDaysTotal: number;
  waitingDaysLongest: number;
}

/** 1 September to 31 August, written out again here on purpose. */
function yearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const first = Number(date.slice(5, 7)) >= 9 ? year : year - 1;
  return `${first}/${String((first + 1) % 100).padStart(2, '0')}`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The whole deployment dashboard, by row and in total, from the events alone. */
function expectedDashboard(events: readonly RecordedEvent[], asOf: string) {
  const schools = new Map<number, Data>();
  const placements = new Map<string, Data>();
  const days = new Map<string, Data>();
  const requests = new Map<string, Data>();
  const lles = new Map<string, Data>();
  for (const { type, data: raw } of events) {
    const d = raw as Data;
    if (type === 'SchoolRecorded' || type === 'SchoolRecordChanged') schools.set(d.urn, d);
    if (type === 'LLEDesignated') lles.set(d.lleId, { ...d, statuses: [['active', d.from]] });
    if (type === 'LLEDesignationSuspended') lles.get(d.lleId)!.statuses.push(['suspended', d.suspendedOn]);
    if (type === 'LLEDesignationReinstated') lles.get(d.lleId)!.statuses.push(['active', d.reinstatedOn]);
    if (type === 'LLEDesignationEnded') lles.get(d.lleId)!.statuses.push(['ended', d.endedOn]);
    if (type === 'SupportRequested') requests.set(d.requestId, { ...d, decidedOn: null });
    for (const [decided, on] of [
      ['SupportRequestBrokered', 'brokeredOn'],
      ['SupportRequestDeclined', 'declinedOn'],
      ['SupportRequestWithdrawn', 'withdrawnOn'],
    ]) {
      if (type === decided && requests.get(d.requestId)!.decidedOn === null)
        requests.get(d.requestId)!.decidedOn = d[on!];
    }
    if (type === 'PlacementOpened') {
      placements.set(d.placementId, { ...d, status: 'in_progress', transferred: 0 });
    }
    const placement = placements.get(d.placementId);
    if (type === 'PlacementAmended') {
      Object.assign(placement!, { halfDaysAgreed: d.halfDaysAgreed, guidelineHalfDays: d.guidelineHalfDays });
    }
    if (type === 'PlacementCompleted' && placement!.status === 'in_progress') placement!.status = 'completed';
    if (type === 'PlacementEndedEarly' && placement!.status === 'in_progress')
      placement!.status = 'ended_early';
    if (type === 'DaysTransferred') placement!.transferred += d.halfDays;
    if (type === 'SupportDayLogged') days.set(`${d.placementId}/${d.dayId}`, { ...d, voided: false });
    if (type === 'SupportDayVoided') days.get(`${d.placementId}/${d.dayId}`)!.voided = true;
  }

  const rows = new Map<string, Expected>();
  const row = (alliance: string, laCode: string, phase: string, year: string): Expected => {
    const key = [alliance, laCode, phase, year].join('|');
    if (!rows.has(key)) {
      rows.set(key, {
        llesDesignated: new Set(),
        llesActive: new Set(),
        llesDeployed: new Set(),
        placements: 0,
        placementsInProgress: 0,
        placementsCompleted: 0,
        placementsEndedEarly: 0,
        placementsOverGuideline: 0,
        halfDaysAgreed: 0,
        halfDaysDelivered: 0,
        halfDaysTransferred: 0,
        halfDaysRemaining: 0,
        requestsWaiting: 0,
        waitingDaysTotal: 0,
        waitingDaysLongest: 0,
      });
    }
    return rows.get(key)!;
  };
  const deliveredIn = new Map<string, number>();
  for (const day of days.values()) {
    if (day.voided) continue;
    const placement = placements.get(day.placementId)!;
    const la = schools.get(placement.recipientUrn)!.laCode;
    row(placement.alliance, la, placement.phase, yearOf(day.date)).halfDaysDelivered += day.halfDays;
    deliveredIn.set(day.placementId, (deliveredIn.get(day.placementId) ?? 0) + day.halfDays);
  }
  for (const p of placements.values()) {
    const r = row(p.alliance, schools.get(p.recipientUrn)!.laCode, p.phase, p.academicYear);
    r.placements++;
    if (p.status === 'in_progress') {
      r.placementsInProgress++;
      r.llesDeployed.add(p.lleId);
      r.halfDaysRemaining += Math.max(0, p.halfDaysAgreed - (deliveredIn.get(p.placementId) ?? 0));
    }
    if (p.status === 'completed') r.placementsCompleted++;
    if (p.status === 'ended_early') r.placementsEndedEarly++;
    if (p.halfDaysAgreed > p.guidelineHalfDays) r.placementsOverGuideline++;
    r.halfDaysAgreed += p.halfDaysAgreed;
    r.halfDaysTransferred += p.transferred;
  }
  for (const q of requests.values()) {
    const waiting = q.requestedOn <= asOf && (q.decidedOn === null || q.decidedOn > asOf);
    if (!waiting) continue;
    const r = row(q.alliance, schools.get(q.recipientUrn)!.laCode, q.phase, yearOf(q.requestedOn));
    const waited = daysBetween(q.requestedOn, asOf);
    r.requestsWaiting++;
    r.waitingDaysTotal += waited;
    r.waitingDaysLongest = Math.max(r.waitingDaysLongest, waited);
  }
  // LLEs: in every year that has a row, by their own school, on the year's last day or asOf if sooner.
  const years = new Set([...rows.keys()].map((key) => key.split('|')[3]!));
  years.add(yearOf(asOf));
  for (const year of years) {
    const end = `${Number(year.slice(0, 4)) + 1}-08-31`;
    const on = end < asOf ? end : asOf;
    for (const lle of lles.values()) {
      const then = lle.statuses.filter(([, since]: [string, string]) => since <= on);
      const status = then.sort((a: string[], b: string[]) => a[1]!.localeCompare(b[1]!)).at(-1)?.[0];
      if (status !== 'active' && status !== 'suspended') continue;
      const school = schools.get(lle.schoolUrn)!;
      const r = row(lle.alliance, school.laCode, school.phase, year);
      r.llesDesignated.add(lle.lleId);
      if (status === 'active') r.llesActive.add(lle.lleId);
    }
  }
  return rows;
}

/** As the API answers them: a set counted by its size. */
function figures(expected: Expected): Data {
  return {
    ...expected,
    llesDesignated: expected.llesDesignated.size,
    llesActive: expected.llesActive.size,
    llesDeployed: expected.llesDeployed.size,
  };
}

describe('the dashboards on the demo history, against totals computed from the events', () => {
  let api: ApiTestApp;
  let dataSource: DataSource;
  let events: RecordedEvent[];
  const FIGURES: readonly (keyof Expected)[] = [
    'llesDesignated',
    'llesActive',
    'llesDeployed',
    'placements',
    'placementsInProgress',
    'placementsCompleted',
    'placementsEndedEarly',
    'placementsOverGuideline',
    'halfDaysAgreed',
    'halfDaysDelivered',
    'halfDaysTransferred',
    'halfDaysRemaining',
    'requestsWaiting',
    'waitingDaysTotal',
    'waitingDaysLongest',
  ];

  beforeAll(async () => {
    api = await startApiTestApp();
    dataSource = await createDataSource(api.database.url).initialize();
    const rows = parseSchoolsCsv(
      readFileSync(join(__dirname, '../fixtures/schools-sample.csv'), 'utf8'),
    ).rows;
    await importSchools(new CommandHandler(api.store, new EventRegistry(EVENT_TYPES)), rows, {
      importId: 'schools',
      actor: { subject: 'schools-import', role: 'admin' },
    });
    // Half the small demo's size (two years, four alliances, every kind of event): under a minute here.
    const plan = planDemo(
      rows.map((row) => row.record),
      { lles: 20, placements: 40, days: 250 },
    );
    await new DemoSeeder(demoUseCases(api.store, dataSource), plan).run();
    // Two requests left waiting, through the API.
    const broker = await api.token('broker', 'CATSA');
    for (const recipient of plan.placements.slice(0, 2)) {
      const answer = await api.request('POST', '/support-requests', {
        token: broker,
        body: {
          alliance: 'CATSA',
          recipientUrn: recipient.recipientUrn,
          requestingBody: { kind: 'local_authority', laCode: '873' },
          need: 'A new head needs coaching',
          phase: recipient.phase,
          preferredStart: '2026-12-01',
          halfDaysHopedFor: 4,
        },
      });
      expect(answer.status).toBe(201);
    }
    events = await api.store.readAll();
    const names = [deploymentDashboardProjection.name, impactEvaluationProjection.name, 'schools'];
    await waitForProjections(dataSource, api.store, names, 60_000);
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await api?.close();
  });

  it.each(['2024-10-15', '2025-08-31', '2025-09-01', 'today'])(
    'every row and the totals equal the events’ own sums, asOf %s',
    async (asOfGiven) => {
      const admin = await api.token('admin');
      const head = events.at(-1)!.position.toString();
      const query = asOfGiven === 'today' ? '' : `&asOf=${asOfGiven}`;
      const answer = await api.request('GET', `/dashboards/deployment?atLeast=${head}${query}`, {
        token: admin,
      });
      expect(answer.status).toBe(200);
      const expected = expectedDashboard(events, answer.body.asOf);
      const got = new Map<string, Data>(
        answer.body.rows.map((r: Data) => [[r.alliance, r.laCode, r.phase, r.academicYear].join('|'), r]),
      );
      expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, want] of expected) {
        const pick = (from: Data) => Object.fromEntries(FIGURES.map((f) => [f, from[f]]));
        expect([key, pick(got.get(key)!)]).toEqual([key, pick(figures(want))]);
      }
      const all = [...expected.values()];
      const sum = (f: keyof Expected) => all.reduce((s, r) => s + (r[f] as number), 0);
      const union = (f: 'llesDesignated' | 'llesActive' | 'llesDeployed') =>
        new Set(all.flatMap((r) => [...r[f]])).size;
      expect(answer.body.totals).toMatchObject({
        placements: sum('placements'),
        halfDaysAgreed: sum('halfDaysAgreed'),
        halfDaysDelivered: sum('halfDaysDelivered'),
        halfDaysTransferred: sum('halfDaysTransferred'),
        halfDaysRemaining: sum('halfDaysRemaining'),
        placementsOverGuideline: sum('placementsOverGuideline'),
        requestsWaiting: sum('requestsWaiting'),
        waitingDaysTotal: sum('waitingDaysTotal'),
        llesDesignated: union('llesDesignated'),
        llesActive: union('llesActive'),
        llesDeployed: union('llesDeployed'),
      });
      // The demo history has real figures to compare: days delivered, overrides, early ends, waits.
      expect(answer.body.totals.halfDaysDelivered).toBeGreaterThan(0);
      if (asOfGiven === 'today') expect(answer.body.totals.requestsWaiting).toBe(2);
    },
  );

  it('impact outcomes per cluster and competency, and completion, equal the events’ own counts', async () => {
    const admin = await api.token('admin');
    const outcomes = new Map<string, { evaluated: number; met: number; partlyMet: number; notMet: number }>();
    let completed = 0;
    let endedEarly = 0;
    for (const { type, data: raw } of events) {
      const d = raw as Data;
      if (type === 'PlacementCompleted') completed++;
      if (type === 'PlacementEndedEarly') endedEarly++;
      if (type !== 'ImpactEvaluationRecorded') continue;
      const results: string[] = d.objectives.map((o: Data) => o.outcome);
      const outcome = results.every((o) => o === 'met')
        ? 'met'
        : results.every((o) => o === 'not_met')
          ? 'notMet'
          : 'partlyMet';
      const competencies = new Set<string>(
        d.objectives.flatMap((o: Data) => o.ratings.map((r: Data) => r.competencyId)),
      );
      for (const competency of competencies) {
        const key = `${d.clusterId}|${competency}`;
        const counts = outcomes.get(key) ?? { evaluated: 0, met: 0, partlyMet: 0, notMet: 0 };
        counts.evaluated++;
        counts[outcome]++;
        outcomes.set(key, counts);
      }
    }
    const answer = await api.request('GET', '/dashboards/impact/competencies', { token: admin });
    const got = new Map(
      answer.body.map((c: Data) => [
        `${c.clusterId}|${c.competencyId}`,
        { evaluated: c.evaluated, met: c.met, partlyMet: c.partlyMet, notMet: c.notMet },
      ]),
    );
    expect(outcomes.size).toBeGreaterThan(0);
    expect(got).toEqual(outcomes);
    const summary = await api.request('GET', '/dashboards/impact', { token: admin });
    expect(summary.body.totals).toMatchObject({ completed, endedEarly });
    expect(completed + endedEarly).toBeGreaterThan(0);
  });

  it('impact summary: every row and the totals equal the events’ own sums', async () => {
    const admin = await api.token('admin');
    const schools = new Map<number, Data>();
    const placements = new Map<string, Data>();
    const days = new Map<string, Data>();
    for (const { type, data: raw } of events) {
      const d = raw as Data;
      if (type === 'SchoolRecorded' || type === 'SchoolRecordChanged') schools.set(d.urn, d);
      if (type === 'PlacementOpened')
        placements.set(d.placementId, { ...d, status: 'in_progress', outcome: null });
      const placement = placements.get(d.placementId);
      if (type === 'PlacementAmended') placement!.halfDaysAgreed = d.halfDaysAgreed;
      if (type === 'PlacementCompleted' && placement!.status === 'in_progress')
        placement!.status = 'completed';
      if (type === 'PlacementEndedEarly' && placement!.status === 'in_progress')
        placement!.status = 'ended_early';
      if (type === 'ImpactEvaluationRecorded' && placement!.outcome === null) {
        const results: string[] = d.objectives.map((o: Data) => o.outcome);
        placement!.outcome = results.every((o) => o === 'met')
          ? 'met'
          : results.every((o) => o === 'not_met')
            ? 'notMet'
            : 'partlyMet';
      }
      if (type === 'SupportDayLogged') days.set(`${d.placementId}/${d.dayId}`, { ...d, voided: false });
      if (type === 'SupportDayVoided') days.get(`${d.placementId}/${d.dayId}`)!.voided = true;
    }
    const delivered = new Map<string, number>();
    for (const day of days.values()) {
      if (!day.voided) delivered.set(day.placementId, (delivered.get(day.placementId) ?? 0) + day.halfDays);
    }
    const rows = new Map<string, Data>();
    for (const p of placements.values()) {
      const key = [p.academicYear, p.alliance, schools.get(p.recipientUrn)!.laCode, p.phase].join('|');
      const row = rows.get(key) ?? {
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
      };
      row.placements++;
      if (p.status === 'in_progress') row.inProgress++;
      if (p.status === 'completed') row.completed++;
      if (p.status === 'ended_early') row.endedEarly++;
      if (p.outcome !== null) {
        row.evaluated++;
        row[p.outcome]++;
      }
      row.halfDaysAgreed += p.halfDaysAgreed;
      row.halfDaysDelivered += delivered.get(p.placementId) ?? 0;
      rows.set(key, row);
    }
    const head = events.at(-1)!.position.toString();
    const answer = await api.request('GET', `/dashboards/impact?atLeast=${head}`, { token: admin });
    expect(answer.status).toBe(200);
    const got = new Map<string, Data>(
      answer.body.rows.map(({ academicYear, alliance, laCode, phase, laName: _name, ...figures }: Data) => [
        [academicYear, alliance, laCode, phase].join('|'),
        figures,
      ]),
    );
    expect(got).toEqual(rows);
    const totals = [...rows.values()].reduce((sum, row) =>
      Object.fromEntries(Object.keys(row).map((k) => [k, (sum[k] ?? 0) + row[k]])),
    );
    expect(answer.body.totals).toEqual(totals);
    expect(totals.evaluated).toBeGreaterThan(0);
    // The same rows, one local authority at a time (the filter reads the rows the projection keeps).
    for (const laCode of new Set([...rows.keys()].map((key) => key.split('|')[2]!))) {
      const one = await api.request('GET', `/dashboards/impact?la=${laCode}`, { token: admin });
      expect(one.body.rows.every((r: Data) => r.laCode === laCode)).toBe(true);
      const want = [...rows].filter(([key]) => key.split('|')[2] === laCode);
      expect(one.body.totals.placements).toBe(want.reduce((n, [, row]) => n + row.placements, 0));
    }
  });

  it('both projections rebuild from zero to identical tables', async () => {
    expect(
      await projectionsDifferingFromRebuild(api.database.url, api.store, [
        deploymentDashboardProjection,
        impactEvaluationProjection,
      ]),
    ).toEqual([]);
  });
});
