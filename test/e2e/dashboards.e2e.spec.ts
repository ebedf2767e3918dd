import { parse } from 'csv-parse/sync';
import { createDataSource } from '@lle/database';
import { deploymentDashboardProjection, impactEvaluationProjection } from '@lle/read-models';
import { ids } from '../../libs/read-models/src/brokerage/brokerage-read-models.fixtures';
import { dashboardScenario } from '../../libs/read-models/src/dashboards/dashboards.fixtures';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { appendAll, waitForProjections } from '../support/read-models';

/**
 * The dashboards over real HTTP with real tokens, on the brokerage scenario with two LLEs designated (see
 * libs/read-models/src/dashboards/dashboards.fixtures.ts), projected by the worker beside the API: the JSON
 * views, their CSV with the same figures, the drill-down, who may read what, and every malformed filter.
 */
describe('dashboards', () => {
  let api: ApiTestApp;
  let head: string;
  let tokens: Record<'admin' | 'broker' | 'auditor' | 'finance' | 'lle', string>;
  const asOf = '2027-09-10';

  beforeAll(async () => {
    api = await startApiTestApp();
    await appendAll(api.store, dashboardScenario());
    head = (await api.store.headPosition())!.toString();
    // The worker projects the scenario before the first query (?atLeast= alone waits two seconds at most).
    const dataSource = await createDataSource(api.database.url).initialize();
    try {
      const names = [deploymentDashboardProjection.name, impactEvaluationProjection.name, 'schools'];
      await waitForProjections(dataSource, api.store, names, 60_000);
    } finally {
      await dataSource.destroy();
    }
    tokens = {
      admin: await api.token('admin'),
      broker: await api.token('broker', 'CATSA'),
      auditor: await api.token('auditor'),
      finance: await api.token('finance'),
      lle: await api.token('lle', undefined, ids.lleA),
    };
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = (path: string, token = tokens.admin) => api.request('GET', path, { token });

  async function csv(path: string, token = tokens.admin): Promise<{ type: string; lines: string[][] }> {
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const lines: string[][] = parse(await response.text());
    return { type: response.headers.get('content-type') ?? '', lines };
  }

  /** The CSV's lines as objects keyed by their header. */
  const records = (lines: string[][]): Array<Record<string, string>> =>
    lines.slice(1).map((line) => Object.fromEntries(lines[0]!.map((header, k) => [header, line[k] ?? ''])));

  const days = (halfDays: number): string => (halfDays / 2).toFixed(1);

  it('rows per alliance, LA, phase and year with totals, and the CSV with the same figures', async () => {
    const answer = await get(`/dashboards/deployment?asOf=${asOf}&atLeast=${head}`);
    expect(answer.status).toBe(200);
    const { rows, totals } = answer.body;
    expect(rows).toContainEqual(
      expect.objectContaining({
        alliance: 'CATSA',
        laCode: '873',
        laName: 'Cambridgeshire',
        phase: 'Primary',
        academicYear: '2027/28',
        placements: 1,
        halfDaysAgreed: 16,
        halfDaysDelivered: 7,
        halfDaysTransferred: 4,
        halfDaysRemaining: 11,
        placementsOverGuideline: 1,
        requestsWaiting: 1,
        waitingDaysLongest: 8,
      }),
    );
    expect(totals).toMatchObject({
      placements: 3,
      halfDaysAgreed: 30,
      halfDaysDelivered: 10,
      llesDesignated: 2,
    });

    const { type, lines } = await csv(`/dashboards/deployment?asOf=${asOf}&format=csv`);
    expect(type).toMatch(/^text\/csv/);
    expect(lines[0]!.slice(0, 8)).toEqual([
      'Academic year',
      'Alliance',
      'LA code',
      'Local authority',
      'Phase',
      'LLEs designated',
      'LLEs active',
      'LLEs deployed',
    ]);
    const csvRows = records(lines);
    expect(csvRows).toHaveLength(rows.length + 1);
    for (const [k, row] of [...rows, { ...totals, academicYear: 'Total' }].entries()) {
      expect(csvRows[k]).toMatchObject({
        'Academic year': row.academicYear,
        Placements: String(row.placements),
        'Placements completed': String(row.placementsCompleted),
        'Placements over guideline': String(row.placementsOverGuideline),
        'Days agreed': days(row.halfDaysAgreed),
        'Days delivered': days(row.halfDaysDelivered),
        'Days transferred': days(row.halfDaysTransferred),
        'Days remaining': days(row.halfDaysRemaining),
        'Requests waiting': String(row.requestsWaiting),
        'Longest wait (days)': String(row.waitingDaysLongest),
        'LLEs designated': String(row.llesDesignated),
        'LLEs active': String(row.llesActive),
      });
    }
    expect(csvRows.find((r) => r['Alliance'] === 'CATSA' && r['Academic year'] === '2027/28')).toMatchObject({
      'Days delivered': '3.5',
      'Override reasons': 'The LA asked for two more days after the monitoring visit (1)',
    });
  });

  it('opens a figure down to the placements behind it, as JSON and CSV, adding up to it', async () => {
    const row = 'alliance=CATSA&la=873&phase=Primary&academicYear=2027/28';
    const [dashboard] = (await get(`/dashboards/deployment?${row}&asOf=${asOf}`)).body.rows;
    const behind = await get(`/dashboards/deployment/placements?${row}&figure=halfDaysDelivered`);
    expect(behind.status).toBe(200);
    expect(behind.body.next).toBeNull();
    expect(behind.body.placements.map((p: { placementId: string }) => p.placementId)).toEqual([
      ids.p2,
      ids.p1,
    ]);
    const sum = behind.body.placements.reduce(
      (s: number, p: { halfDaysDelivered: number }) => s + p.halfDaysDelivered,
      0,
    );
    expect(sum).toBe(dashboard.halfDaysDelivered);
    const { lines } = await csv(
      `/dashboards/deployment/placements?${row}&figure=halfDaysDelivered&format=csv`,
    );
    expect(records(lines).map((r) => [r['Placement id'], r['Days delivered'], r['Day rate (£)']])).toEqual([
      [ids.p2, '1.0', '450.00'],
      [ids.p1, '2.5', '450.00'],
    ]);
    // A page at a time: the first, then from its `next` the rest, the same placements in the same order.
    const first = await get(`/dashboards/deployment/placements?${row}&figure=halfDaysDelivered&limit=1`);
    expect(first.body.placements.map((p: { placementId: string }) => p.placementId)).toEqual([ids.p2]);
    expect(typeof first.body.next).toBe('string');
    const second = await get(
      `/dashboards/deployment/placements?${row}&figure=halfDaysDelivered&limit=1&after=${first.body.next}`,
    );
    expect(second.body).toEqual({ placements: [behind.body.placements[1]], next: null });
    const waiting = await get(`/dashboards/deployment/requests?${row}&asOf=${asOf}`);
    expect(waiting.body).toEqual([expect.objectContaining({ requestId: ids.r3, waitingDays: 8 })]);
    const active = await get(
      `/dashboards/deployment/lles?academicYear=2026/27&figure=llesActive&asOf=${asOf}`,
    );
    expect(active.body.map((l: { lleId: string }) => l.lleId)).toEqual([ids.lleA]);
    const loads = await get(`/dashboards/deployment/lle-loads?alliance=CATSA&asOf=${asOf}`);
    expect(
      loads.body.map((l: { academicYear: string; loadPercent: number }) => [l.academicYear, l.loadPercent]),
    ).toEqual([
      ['2026/27', 33],
      ['2027/28', 67],
    ]);
  });

  it('brokers see their own alliance only; auditors and finance read everything; LLEs and strangers nothing', async () => {
    const own = await get(`/dashboards/deployment?asOf=${asOf}`, tokens.broker);
    expect(new Set(own.body.rows.map((r: { alliance: string }) => r.alliance))).toEqual(new Set(['CATSA']));
    expect(own.body.totals).toMatchObject({ placements: 2, halfDaysAgreed: 24 });
    const other = await get(`/dashboards/deployment?alliance=CASSA&asOf=${asOf}`, tokens.broker);
    expect(other.body).toMatchObject({ rows: [], totals: { placements: 0, halfDaysAgreed: 0 } });
    expect((await get('/dashboards/deployment/placements?alliance=CASSA', tokens.broker)).body).toEqual({
      placements: [],
      next: null,
    });
    expect((await get('/dashboards/impact/placements?alliance=CASSA', tokens.broker)).body).toEqual([]);
    const impactOwn = await get('/dashboards/impact/placements', tokens.broker);
    expect(impactOwn.body.map((p: { alliance: string }) => p.alliance)).toEqual(['CATSA', 'CATSA']);
    for (const token of [tokens.auditor, tokens.finance]) {
      expect((await get(`/dashboards/deployment?asOf=${asOf}`, token)).body.totals.placements).toBe(3);
    }
    for (const path of ['/dashboards/deployment', '/dashboards/impact', '/dashboards/deployment/lle-loads']) {
      expect((await get(path, tokens.lle)).status).toBe(403);
      expect((await api.request('GET', path)).status).toBe(401);
    }
  });

  it('a malformed filter is a 400 naming it', async () => {
    const cases: Array<[string, string]> = [
      ['/dashboards/deployment?la=Cambridgeshire', 'la'],
      ['/dashboards/deployment?academicYear=2027/29', 'academicYear'],
      ['/dashboards/deployment?asOf=2027-02-30', 'asOf'],
      ['/dashboards/deployment?alliance=NOPE', 'alliance'],
      ['/dashboards/deployment?format=xlsx', 'format'],
      ['/dashboards/deployment?colour=blue', 'colour'],
      ['/dashboards/deployment/placements?figure=everything', 'figure'],
      ['/dashboards/deployment/placements?limit=0', 'limit'],
      ['/dashboards/deployment/placements?limit=1001', 'limit'],
      ['/dashboards/deployment/placements?limit=ten', 'limit'],
      ['/dashboards/deployment/placements?after=not-a-cursor', 'after'],
      ['/dashboards/deployment/placements?after=WyIyMDI3LTAyLTMwIiwicCIsIjIwMjcvMjgiXQ', 'after'],
      ['/dashboards/deployment/placements?format=csv&limit=10', 'limit'],
      ['/dashboards/deployment/lles', 'figure'],
      ['/dashboards/impact?recipientUrn=abc', 'recipientUrn'],
    ];
    for (const [path, field] of cases) {
      const answer = await get(path);
      expect(`${path}: ${answer.status} ${answer.body.code}`).toBe(`${path}: 400 VALIDATION_FAILED`);
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
    }
  });

  it('impact: outcomes per placement, cluster and competency, completion, and recipients, as JSON and CSV', async () => {
    const summary = await get(`/dashboards/impact?atLeast=${head}`);
    expect(summary.body.totals).toMatchObject({ completed: 1, endedEarly: 1, inProgress: 1, partlyMet: 1 });
    const { lines } = await csv('/dashboards/impact?format=csv');
    const total = records(lines).at(-1)!;
    expect(total).toMatchObject({
      'Academic year': 'Total',
      Completed: '1',
      'Ended early': '1',
      'Days agreed': days(summary.body.totals.halfDaysAgreed),
      'Days delivered': days(summary.body.totals.halfDaysDelivered),
    });
    const competencies = await get('/dashboards/impact/competencies');
    expect(
      competencies.body.map((c: { competencyId: string; partlyMet: number }) => [
        c.competencyId,
        c.partlyMet,
      ]),
    ).toEqual([
      ['coaching', 1],
      ['impact', 1],
    ]);
    const objectives = records(
      (await csv(`/dashboards/impact/placements?recipientUrn=110200&format=csv`)).lines,
    );
    expect(objectives.map((o) => [o['Objective id'], o['Outcome'], o['Evidence'], o['Ratings']])).toEqual([
      ['obj-1', 'met', 'Observations led by the head since November', 'coaching: 4'],
      ['obj-2', 'partly_met', 'The plan is reviewed termly', 'impact: 3'],
    ]);
    const recipients = await get('/dashboards/impact/recipients?recipientUrn=110200');
    expect(recipients.body).toEqual([
      expect.objectContaining({
        recipientUrn: 110200,
        academicYear: '2026/27',
        completed: 1,
        halfDaysDelivered: 4,
      }),
    ]);
  });

  it('OpenAPI documents every view, its roles and its CSV', async () => {
    const { body } = await api.request('GET', '/docs-json');
    for (const path of [
      '/dashboards/deployment',
      '/dashboards/deployment/placements',
      '/dashboards/deployment/requests',
      '/dashboards/deployment/lles',
      '/dashboards/deployment/lle-loads',
      '/dashboards/impact',
      '/dashboards/impact/competencies',
      '/dashboards/impact/placements',
      '/dashboards/impact/recipients',
    ]) {
      const operation = body.paths[path]?.get;
      expect([path, operation?.['x-roles']]).toEqual([path, ['admin', 'broker', 'finance', 'auditor']]);
      expect([path, Object.keys(operation.responses['200'].content)]).toEqual([
        path,
        ['application/json', 'text/csv'],
      ]);
      expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['alliance', 'la', 'phase', 'academicYear', 'format']),
      );
    }
  });
});
