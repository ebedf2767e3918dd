import { randomUUID } from 'node:crypto';
import { billingJobId } from '@lle/billing';
import { dayChargeStreamId, placementStreamId } from '@lle/domain';
import { appendAll } from '@lle/test-support';
import {
  placementOpened,
  supportDayLogged,
  supportDayVoided,
} from '../../libs/domain/src/billing/billing.fixtures';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * Billing as the API and the in-process worker run it: days logged and voided become charges and
 * reversals; finance sets a body's VAT treatment; a job that keeps failing waits in the failed set, seen and
 * retried on Bull Board (admin and finance only), and the queue shows in /metrics.
 */
describe('billing jobs, operated', () => {
  let api: ApiTestApp;
  let finance: string;

  beforeAll(async () => {
    api = await startApiTestApp({
      env: { BILLING_ENABLED: 'true', BILLING_JOB_ATTEMPTS: '2', BILLING_JOB_BACKOFF_MS: '50' },
    });
    finance = await api.token('finance');
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  /** 45,001p a day (odd: a half day rounds down), 60% to the LLE's school, billed to a local authority. */
  const opened = (placementId: string, laCode: string) =>
    placementOpened(placementId, {
      dayRatePence: 45_001,
      lleSchoolShareBps: 6_000,
      requestingBody: { kind: 'local_authority', laCode },
    });
  const logged = supportDayLogged;

  async function dayCharge(dayId: string, events: number): Promise<{ type: string; data: any }[]> {
    for (let waited = 0; ; waited += 50) {
      const stream = await api.store.readStream(dayChargeStreamId(dayId));
      if (stream.length >= events) return stream.map(({ type, data }) => ({ type, data: data as any }));
      if (waited > 20_000) throw new Error(`day-charge-${dayId} has ${stream.length} events, not ${events}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('charges a logged day from the event log, and reverses it once voided', async () => {
    const placementId = randomUUID();
    const dayId = randomUUID();
    await appendAll(api.store, [
      {
        streamId: placementStreamId(placementId),
        events: [opened(placementId, '873'), logged(placementId, dayId, 1)],
      },
    ]);
    const charged = await dayCharge(dayId, 2);
    expect(charged.map((event) => event.type)).toEqual(['DayCharged', 'ShareCredited']);
    // Half of 45,001p rounds down; 20% VAT (a local authority's default); the share is 60% to the penny.
    expect(charged[0]!.data).toMatchObject({
      dayId,
      netPence: 22_500,
      vat: { treatment: 'standard', rateBps: 2_000, vatPence: 4_500 },
    });
    expect(charged[1]!.data).toMatchObject({ sharePence: 13_500, allianceIncomePence: 9_000 });

    const voided = supportDayVoided(placementId, dayId, 1, 'Logged twice by mistake');
    await appendAll(api.store, [{ streamId: placementStreamId(placementId), events: [voided] }]);
    const reversed = await dayCharge(dayId, 4);
    expect(reversed.map((event) => event.type)).toEqual([
      'DayCharged',
      'ShareCredited',
      'DayChargeReversed',
      'ShareReversed',
    ]);
    expect(reversed[2]!.data).toMatchObject({
      netPence: 22_500,
      vat: { vatPence: 4_500 },
      reason: 'Logged twice by mistake',
    });
    expect(reversed[3]!.data).toMatchObject({ sharePence: 13_500, allianceIncomePence: 9_000 });
  });

  it("lets finance set a body's VAT treatment, used by later charges; others are refused, bad input named", async () => {
    const path = '/billing/vat-treatments/local_authority/935';
    const body = { treatment: 'exempt', reason: 'Certificate 2027-14' };
    const broker = await api.token('broker', 'CATSA');
    const auditor = await api.token('auditor');
    expect((await api.request('PUT', path, { token: broker, body })).status).toBe(403);
    expect((await api.request('PUT', path, { token: auditor, body })).status).toBe(403);
    expect((await api.request('PUT', path, { body })).status).toBe(401);

    const badKind = await api.request('PUT', '/billing/vat-treatments/charity/935', { token: finance, body });
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors.map((error: any) => error.field)).toEqual(['bodyKind']);
    const badId = await api.request('PUT', '/billing/vat-treatments/local_authority/93', {
      token: finance,
      body,
    });
    expect(badId.status).toBe(400);
    expect(badId.body.errors.map((error: any) => error.field)).toEqual(['bodyId']);
    const badTreatment = await api.request('PUT', path, {
      token: finance,
      body: { ...body, treatment: 'half' },
    });
    expect(badTreatment.status).toBe(400);
    expect(badTreatment.body.errors.map((error: any) => error.field)).toEqual(['treatment']);
    expect(await api.store.readStream('vat-treatment-local_authority-935')).toEqual([]);

    const set = await api.request('PUT', path, { token: finance, body });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      streamId: 'vat-treatment-local_authority-935',
      revision: 0,
      written: 1,
    });
    expect((await api.request('PUT', path, { token: finance, body })).body.written).toBe(0);

    const placementId = randomUUID();
    const dayId = randomUUID();
    await appendAll(api.store, [
      {
        streamId: placementStreamId(placementId),
        events: [opened(placementId, '935'), logged(placementId, dayId, 2)],
      },
    ]);
    const [charge] = await dayCharge(dayId, 2);
    expect(charge!.data).toMatchObject({
      netPence: 45_001,
      vat: { treatment: 'exempt', rateBps: 0, vatPence: 0 },
    });
  });

  it('keeps a job that keeps failing in the failed set, on the board and in /metrics, until retried there', async () => {
    // A day on a placement whose opening is not there yet: the job fails its 2 attempts.
    const placementId = randomUUID();
    const dayId = randomUUID();
    await appendAll(api.store, [
      { streamId: placementStreamId(placementId), events: [logged(placementId, dayId, 2)] },
    ]);
    const [logEvent] = await api.store.readStream(placementStreamId(placementId));
    const jobId = billingJobId(logEvent!.id);
    const board = (path: string, token?: string, method = 'GET') =>
      api.request(method, `/admin/queues/api/queues${path}`, { token });

    let failed: any;
    for (let waited = 0; !failed; waited += 100) {
      const { body } = await board('?activeQueue=billing&status=failed&page=1', finance);
      const billing = body.queues.find((queue: any) => queue.name === 'billing');
      failed = billing.jobs.find((job: any) => job.id === jobId);
      if (waited > 20_000) throw new Error('The job never reached the failed set');
      if (!failed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(failed.attempts).toBe(2);
    expect(failed.failedReason).toContain(`No placement ${placementId} to bill`);
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/billing_queue_jobs\{state="failed"\} [1-9]/);
    expect(metrics).toMatch(/billing_jobs_completed_total [1-9]/);
    expect(await api.store.readStream(dayChargeStreamId(dayId))).toEqual([]);

    // Who may look: admin and finance, by header or by the board's cookie; nobody may add or remove jobs.
    expect((await board('')).status).toBe(401);
    expect((await board('', await api.token('broker', 'CATSA'))).status).toBe(403);
    expect((await board('', await api.token('auditor'))).status).toBe(403);
    expect((await board('', await api.token('admin'))).status).toBe(200);
    expect((await board('/billing/empty', finance, 'PUT')).body.code).toBe(
      'BILLING_BOARD_ACTION_NOT_ALLOWED',
    );
    const session = await api.request('POST', '/admin/queues-session', { token: finance });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lle_queues_token=.+; Path=\/admin\/queues; HttpOnly; SameSite=Strict/);
    const page = await fetch(`${api.baseUrl}/admin/queues`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect((await fetch(`${api.baseUrl}/admin/queues-login`)).status).toBe(200);

    // The cause is fixed (the placement's opening arrives), and finance retries the job from the board.
    await appendAll(api.store, [
      { streamId: placementStreamId(placementId), events: [opened(placementId, '873')] },
    ]);
    expect((await board(`/billing/${jobId}/retry`, finance, 'PUT')).status).toBe(204);
    const charged = await dayCharge(dayId, 2);
    expect(charged.map((event) => event.type)).toEqual(['DayCharged', 'ShareCredited']);
    expect(charged[0]!.data).toMatchObject({ netPence: 45_001, sourceEventId: logEvent!.id });
  });
});
