import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { validateEnvironment } from '@lle/config';
import { createDataSource } from '@lle/database';
import { applicationStreamId, personStreamId, placementStreamId, type SchoolRecord } from '@lle/domain';
import type { RecordedEvent } from '@lle/event-store';
import {
  DeploymentDashboardQuery,
  InvoicesQuery,
  LleDirectoryQuery,
  PlacementsQuery,
  ShareStatementsQuery,
} from '@lle/read-models';
import { runAudit } from '../../apps/cli/src/audit/run-audit';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { waitForProjections } from '../support/read-models';
import { daysFromToday, RecruitmentJourney } from '../support/recruitment-journey';

/**
 * Issue 9 over real HTTP (the worker beside the API): any stream's history with its metadata and payload
 * as stored, one correlation id across streams, all events by actor, type and time page by page; an LLE
 * and a placement as they stood at a position or a time; the auditors' own trail, insert-only, with an
 * erasure recorded without the data erased; and `npm run audit` (history, reconcile) as a function.
 */
describe('audit', () => {
  let api: ApiTestApp;
  let db: Client;
  let dataSource: DataSource;
  let journey: RecruitmentJourney;
  let tokens: Record<'admin' | 'broker' | 'auditor', string>;
  let lleId: string;
  let applicationId: string;
  let placementId: string;
  const correlationId = `audit-e2e-${randomUUID()}`;
  const today = daysFromToday(0);

  const RECIPIENT: SchoolRecord = {
    urn: 110002,
    name: 'Fenland Primary School',
    laCode: '873',
    laName: 'Cambridgeshire',
    phase: 'Secondary',
    status: 'Open',
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    db = new Client({ connectionString: api.database.url });
    await db.connect();
    dataSource = await createDataSource(api.database.url).initialize();
    tokens = {
      admin: await api.token('admin'),
      broker: await api.token('broker', 'CATSA'),
      auditor: await api.token('auditor'),
    };
    journey = await RecruitmentJourney.start(api);
    await journey.recordSchool(RECIPIENT);
    const submitted = await journey.submit();
    applicationId = submitted.applicationId;
    await journey.assessFully(applicationId, 'designate');
    const designated = await api.request('POST', '/lles', {
      token: tokens.admin,
      body: { applicationId, from: today, reviewOn: daysFromToday(3 * 365) },
    });
    expect(designated.status).toBe(201);
    lleId = designated.body.lleId;

    const requested = await api.request('POST', '/support-requests', {
      token: tokens.broker,
      body: {
        alliance: 'CATSA',
        recipientUrn: RECIPIENT.urn,
        requestingBody: { kind: 'local_authority', laCode: '873' },
        need: 'Leadership of maths after a weak inspection',
        phase: 'Secondary',
        preferredStart: today,
        halfDaysHopedFor: 4,
      },
    });
    expect(requested.status).toBe(201);
    const brokered = await api.request('POST', '/placements', {
      token: tokens.broker,
      headers: { 'X-Correlation-Id': correlationId },
      body: {
        requestId: requested.body.requestId,
        lleId,
        halfDaysAgreed: 4,
        startDate: today,
        endPoint: { date: daysFromToday(60), description: 'A maths curriculum map the staff own' },
        dayRatePence: 45_000,
        lleSchoolShareBps: 5_000,
        objectives: [{ objectiveId: 'maths', description: 'A maths lead who leads' }],
      },
    });
    expect(brokered.status).toBe(201);
    placementId = brokered.body.placementId;
    const logged = await api.request('POST', `/placements/${placementId}/days`, {
      token: await api.token('lle', undefined, lleId),
      body: { dayId: randomUUID(), date: today, length: 'half', note: 'Coached the maths lead' },
    });
    expect(logged.status).toBe(201);
    await caughtUp();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.end();
    await api?.close();
  });

  const get = (path: string, token = tokens.auditor) => api.request('GET', path, { token });

  /** The read models and reactors this test depends on have dealt with every event so far. */
  async function caughtUp(): Promise<void> {
    await waitForProjections(dataSource, api.store, [
      'schools',
      'applications',
      'lle_directory',
      'support_requests',
      'placements',
      'lle_load',
      'deployment_dashboard',
      'finance_charges',
      'finance_ledger',
      'placement_brokering_reactor',
      'placement_follow_ups_reactor',
    ]);
  }

  async function allEvents(): Promise<RecordedEvent[]> {
    return api.store.readAll({ maxCount: 100_000 });
  }

  async function trail(actor: string): Promise<any[]> {
    const answer = await get(`/audit/trail?actor=${encodeURIComponent(actor)}&limit=1000`, tokens.admin);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it("reads a stream's every event in order with its metadata, payloads as stored (sealed stays sealed)", async () => {
    const streamId = placementStreamId(placementId);
    const answer = await get(`/audit/streams/${streamId}/events`);
    expect(answer.status).toBe(200);
    const stored = await api.store.readStream(streamId);
    expect(answer.body.map((e: any) => [e.revision, e.type, e.eventId])).toEqual(
      stored.map((e) => [e.revision, e.type, e.id]),
    );
    expect(answer.body.map((e: any) => e.type)).toEqual(['PlacementOpened', 'SupportDayLogged']);
    const [first] = answer.body;
    expect(first).toMatchObject({
      streamId,
      position: stored[0]!.position.toString(),
      actor: { subject: 'broker-CATSA', role: 'broker' },
      command: stored[0]!.metadata.command,
      correlationId,
      metadata: stored[0]!.metadata,
      data: stored[0]!.data,
    });
    expect(first.command).toEqual(expect.any(String));
    expect(first.causationId).toEqual(expect.any(String));
    expect(Date.parse(first.recordedAt)).not.toBeNaN();

    // The application's free text was sealed with the applicant's key before it reached the event: history
    // shows it sealed, exactly as stored.
    const application = await get(`/audit/streams/${applicationStreamId(applicationId)}/events`);
    expect(application.status).toBe(200);
    const text = JSON.stringify(application.body);
    expect(text).not.toContain('EVIDENCE headship');
    expect(text).toContain('pd1:');
    expect(application.body[0].data).toEqual(
      (await api.store.readStream(applicationStreamId(applicationId)))[0]!.data,
    );

    expect((await get(`/audit/streams/placement-${randomUUID()}/events`)).body.code).toBe('STREAM_NOT_FOUND');
    expect((await get(`/audit/streams/${streamId}/events`, tokens.broker)).status).toBe(403);
    expect((await get(`/audit/streams/${streamId}/events`, tokens.admin)).status).toBe(200);
  });

  it('follows one correlation id across every stream it touched', async () => {
    const expected = (await allEvents()).filter((e) => e.metadata.correlationId === correlationId);
    expect(new Set(expected.map((e) => e.streamId)).size).toBeGreaterThan(1);
    const answer = await get(`/audit/correlations/${correlationId}/events`);
    expect(answer.status).toBe(200);
    expect(answer.body.map((e: any) => e.position)).toEqual(expected.map((e) => e.position.toString()));
    expect((await get(`/audit/correlations/no-such-${randomUUID()}/events`)).status).toBe(404);
  });

  it('filters all events by actor, type and time, paged by global position', async () => {
    const events = await allEvents();
    const byBroker = events.filter((e) => e.metadata.actor?.subject === 'broker-CATSA');
    expect(byBroker.length).toBeGreaterThan(2);

    const pages: string[][] = [];
    let after: string | null = '0';
    while (after !== null && pages.length < 20) {
      const page: any = await get(`/audit/events?actor=broker-CATSA&limit=2&after=${after}`);
      expect(page.status).toBe(200);
      if (page.body.events.length > 0) pages.push(page.body.events.map((e: any) => e.position));
      after = page.body.next;
    }
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(pages.flat()).toEqual(byBroker.map((e) => e.position.toString()));

    const typed = await get('/audit/events?type=SupportDayLogged');
    expect(typed.body.events.map((e: any) => e.type)).toEqual(['SupportDayLogged']);
    expect(typed.body.next).toBeNull();

    const brokeredAt = events.find((e) => e.type === 'PlacementBrokered')!.recordedAt;
    const since = await get(`/audit/events?from=${brokeredAt.toISOString()}&limit=1000`);
    expect(since.body.events.map((e: any) => e.position)).toEqual(
      events.filter((e) => e.recordedAt >= brokeredAt).map((e) => e.position.toString()),
    );
    const until = await get(
      `/audit/events?to=${new Date(brokeredAt.getTime() - 1).toISOString()}&limit=1000`,
    );
    expect(until.body.events.every((e: any) => Date.parse(e.recordedAt) < brokeredAt.getTime())).toBe(true);

    const bad = await get('/audit/events?limit=0&after=x&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['after', 'from', 'limit']);
  });

  it('answers an LLE and a placement as they stood at a position or a time, never touching the live tables', async () => {
    const lles = new LleDirectoryQuery(dataSource);
    const placements = new PlacementsQuery(dataSource);
    const json = (value: unknown) =>
      JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    const lleThen = json(await lles.get(lleId));
    const placementThen = json(await placements.get(placementId));
    const dashboardThen = json(
      await new DeploymentDashboardQuery(dataSource).dashboard({ alliance: 'CATSA', asOf: today }),
    );
    const balancesThen = json({
      receivables: await new InvoicesQuery(dataSource).receivables(today, 'CATSA'),
      schoolShares: await new ShareStatementsQuery(dataSource).balances({ alliance: 'CATSA' }),
    });
    const capturedAt = (await api.store.headPosition())!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const capturedTime = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));

    // More happens: the LLE is suspended, another day is logged.
    expect(
      (
        await api.request('POST', `/lles/${lleId}/suspension`, {
          token: tokens.broker,
          body: { reason: 'under_review' },
        })
      ).status,
    ).toBe(200);
    const logged = await api.request('POST', `/placements/${placementId}/days`, {
      token: await api.token('lle', undefined, lleId),
      body: { dayId: randomUUID(), date: today, length: 'half', note: 'Observed a lesson' },
    });
    expect([logged.status, logged.body.code]).toEqual([201, undefined]);
    await caughtUp();
    const liveBefore = await db.query('SELECT * FROM lle_directory ORDER BY lle_id');

    const lleAtPosition = await get(`/audit/as-at/lle/${lleId}?position=${capturedAt}`);
    expect(lleAtPosition.status).toBe(200);
    expect(lleAtPosition.body).toEqual({
      view: 'lle',
      key: lleId,
      position: capturedAt.toString(),
      lle: lleThen,
    });
    const lleAtTime = await get(`/audit/as-at/lle/${lleId}?at=${capturedTime}`);
    expect(lleAtTime.body.lle).toEqual(lleThen);
    expect(lleAtTime.body.position).toBe(capturedAt.toString());
    const lleNow = await get(`/audit/as-at/lle/${lleId}?position=${(await api.store.headPosition())!}`);
    expect(lleNow.body.lle.status).toBe('suspended');
    expect(lleNow.body.lle).toEqual(json(await lles.get(lleId)));
    expect(lleThen.status).toBe('active');

    const placementAt = await get(`/audit/as-at/placement/${placementId}?at=${capturedTime}`);
    expect(placementAt.status).toBe(200);
    expect(placementAt.body.placement).toEqual(placementThen);
    expect(placementThen.halfDaysDelivered).toBe(1);
    expect(json(await placements.get(placementId)).halfDaysDelivered).toBe(2);

    // The deployment dashboard and the finance balances, through their own queries.
    const dashboardAt = await get(`/audit/as-at/dashboard/CATSA?at=${capturedTime}`);
    expect(dashboardAt.status).toBe(200);
    expect(dashboardAt.body.dashboard).toEqual(dashboardThen);
    const dashboardNow = await get('/audit/as-at/dashboard/CATSA');
    expect(dashboardNow.body.dashboard).not.toEqual(dashboardThen);
    const balancesAt = await get(`/audit/as-at/balances/CATSA?at=${capturedTime}`);
    expect(balancesAt.body.balances).toEqual(balancesThen);
    const nowhere = await get(`/audit/as-at/dashboard/NOWHERE?at=${capturedTime}`);
    expect([nowhere.status, nowhere.body.errors]).toEqual([
      400,
      [
        {
          field: 'key',
          messages: ['key of dashboard must be all or one of CATSA, CATTSA, CASSA, ANGLIAN_GATEWAY'],
        },
      ],
    ]);
    expect((await get('/audit/as-at/lle/not-a-uuid')).body.errors[0].field).toBe('key');

    // Before the placement was brokered there was none.
    const brokered = (await api.store.readStream(placementStreamId(placementId)))[0]!.position;
    const before = await get(`/audit/as-at/placement/${placementId}?position=${brokered - 1n}`);
    expect(before.status).toBe(404);
    expect(before.body.code).toBe('AS_AT_NOT_FOUND');

    // The live read models were not touched, and no temporary schema is left behind.
    expect((await db.query('SELECT * FROM lle_directory ORDER BY lle_id')).rows).toEqual(liveBefore.rows);
    const { rows: leftovers } = await db.query(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'projection_as_at_%'",
    );
    expect(leftovers).toEqual([]);

    expect((await get(`/audit/as-at/lle/${lleId}`)).body.lle).toEqual(json(await lles.get(lleId)));
    expect((await get(`/audit/as-at/lle/${lleId}?position=1&at=${capturedTime}`)).status).toBe(400);
    expect((await get(`/audit/as-at/nothing/${lleId}?position=1`)).body.code).toBe('AS_AT_VIEW_NOT_FOUND');
    const ahead = await get(`/audit/as-at/lle/${lleId}?position=999999999`);
    expect([ahead.status, ahead.body.code]).toEqual([422, 'AS_AT_POSITION_AHEAD']);
    expect((await get(`/audit/as-at/lle/${lleId}?position=1`, tokens.broker)).status).toBe(403);
  });

  it("records every auditor query in an insert-only trail, and nobody else's reads", async () => {
    const subject = `auditor-${randomUUID()}`;
    const auditor = await api.token('auditor', undefined, subject);
    const correlation = `trail-${randomUUID()}`;
    const placement = await api.request('GET', `/placements/${placementId}`, {
      token: auditor,
      headers: { 'X-Correlation-Id': correlation },
    });
    expect(placement.status).toBe(200);
    expect((await api.request('GET', `/lles/${randomUUID()}`, { token: auditor })).status).toBe(404);
    expect((await api.request('GET', `/placements/${placementId}`, { token: tokens.broker })).status).toBe(
      200,
    );

    const entries = await trail(subject);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['GET /placements/:placementId', 'ok'],
      ['GET /lles/:lleId', '404'],
    ]);
    expect(entries[0]).toMatchObject({
      channel: 'api',
      actor: { subject, role: 'auditor' },
      target: { path: `/placements/${placementId}`, params: { placementId } },
      correlationId: correlation,
    });
    expect((await trail('broker-CATSA')).filter((e) => e.action === 'GET /placements/:placementId')).toEqual(
      [],
    );

    await expect(db.query('UPDATE audit_trail SET outcome = $1', ['tampered'])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM audit_trail')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_trail')).rejects.toThrow(/append-only/);
    expect((await get('/audit/trail', tokens.broker)).status).toBe(403);
  });

  it('records an erasure with who asked and why, never the data erased', async () => {
    const applicant = journey.newApplicant();
    const { applicantId } = await journey.submit(journey.applicationBody(applicant));
    const reason = 'Erasure requested by the applicant in writing';
    const erased = await api.request('POST', `/people/${applicantId}/erasure`, {
      token: tokens.admin,
      body: { reason },
    });
    expect(erased.status).toBe(200);

    const entries = (await trail('admin-all')).filter((e) => e.action === 'ErasePersonalData');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { subject: 'admin-all', role: 'admin' },
      reason,
      outcome: 'erased',
      target: { personId: applicantId, streamId: personStreamId(applicantId) },
    });
    const { rows } = await db.query('SELECT to_jsonb(t) AS row FROM audit_trail t');
    const everything = JSON.stringify(rows);
    for (const datum of [applicant.fullName, applicant.email, applicant.phone]) {
      expect(everything).not.toContain(datum);
    }
  });

  it('npm run audit: history and reconcile (a live row altered is reported, exit 1), each run on the trail', async () => {
    const settings = validateEnvironment({ ...process.env, DATABASE_URL: api.database.url });
    const lines: string[] = [];
    const out = (line: string) => lines.push(line);
    const actor = `cli-${randomUUID()}`;
    // The read models this test writes (others, still being built beside this one, are left to their own).
    const MODELS = ['schools', 'lle_directory', 'placements', 'lle_load'];

    expect(await runAudit(['history', placementStreamId(placementId)], settings, { out, actor })).toBe(0);
    expect(lines.filter((line) => line.startsWith('#')).map((line) => line.split(' ')[2])).toEqual([
      'PlacementOpened',
      'SupportDayLogged',
      'SupportDayLogged',
    ]);

    await caughtUp();
    lines.length = 0;
    expect(await runAudit(['reconcile', ...MODELS], settings, { out, actor })).toBe(0);
    expect(lines.at(-1)).toMatch(/0 different\.$/);
    expect(lines.some((line) => line.startsWith('[1/') && line.includes('...'))).toBe(true);

    await db.query('UPDATE placements SET half_days_agreed = half_days_agreed + 2 WHERE placement_id = $1', [
      placementId,
    ]);
    lines.length = 0;
    expect(await runAudit(['reconcile', ...MODELS], settings, { out, actor })).toBe(1);
    expect(
      lines.some((line) => line.includes('DIFFERENT: placements: 1 row(s) only in the live table')),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(/1 different \(placements\)\.$/);

    lines.length = 0;
    expect(await runAudit(['reconcile', 'no_such_model'], settings, { out, actor })).toBe(2);
    expect(lines[0]).toContain('There is no read model named no_such_model');

    const runs = await trail(actor);
    expect(runs.map((e) => [e.channel, e.action, e.outcome])).toEqual([
      ['cli', 'audit history', 'exit 0'],
      ['cli', 'audit reconcile', 'exit 0'],
      ['cli', 'audit reconcile', 'exit 1'],
      ['cli', 'audit reconcile', 'exit 2'],
    ]);
  });
});
