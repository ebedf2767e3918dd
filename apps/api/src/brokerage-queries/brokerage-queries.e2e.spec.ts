import { randomUUID } from 'node:crypto';
import { createDataSource } from '@lle/database';
import { lleDesignationStreamId, type AllianceCode, type LLEDesignated } from '@lle/domain';
import { ProjectionRunner } from '@lle/projections';
import { READ_MODEL_PROJECTIONS } from '@lle/read-models';
import type { DataSource } from 'typeorm';
import { startApiTestApp, type ApiTestApp } from '../../../../test/support/api-test-app';
import { appendAll } from '../../../../test/support/read-models';
import {
  brokerageScenario,
  FEN_DITTON,
  ids,
} from '../../../../libs/read-models/src/brokerage/brokerage-read-models.fixtures';

/**
 * The brokerage queries over HTTP. The events are appended straight to the store (the command endpoints are
 * tested on their own), and only the projections run beside the API: no reactors acting on them.
 */
describe('brokerage queries over HTTP', () => {
  let api: ApiTestApp;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  let atLeast: string;

  const designated = (lleId: string, alliance: AllianceCode, schoolUrn: number): LLEDesignated => ({
    type: 'LLEDesignated',
    data: {
      lleId,
      applicationId: randomUUID(),
      alliance,
      schoolUrn,
      from: '2027-04-01',
      reviewOn: '2030-03-31',
      daysPerAcademicYear: 12,
      designatedOn: '2027-03-20',
    },
  });

  beforeAll(async () => {
    api = await startApiTestApp({ worker: false, env: { READ_YOUR_WRITES_TIMEOUT_MS: '20000' } });
    for (const event of [designated(ids.lleA, 'CATSA', 136512), designated(ids.lleB, 'CASSA', 136600)]) {
      await api.store.appendToStream(
        lleDesignationStreamId(event.data.lleId),
        [{ id: randomUUID(), type: event.type, data: event.data, metadata: {} }],
        'no_stream',
      );
    }
    await appendAll(api.store, brokerageScenario());
    atLeast = (await api.store.headPosition())!.toString();
    dataSource = await createDataSource(api.database.url).initialize();
    runner = new ProjectionRunner({
      store: api.store,
      dataSource,
      projections: READ_MODEL_PROJECTIONS,
      options: { batchIdleMs: 5 },
    });
    runner.start();
  });

  afterAll(async () => {
    await runner?.stop();
    await dataSource?.destroy();
    await api?.close();
  });

  const get = async (
    path: string,
    role: Parameters<ApiTestApp['token']>[0],
    alliance?: string,
    subject?: string,
  ) => api.request('GET', path, { token: await api.token(role, alliance, subject) });

  it("gives a broker their own alliance's queue, oldest first, and nothing of another's", async () => {
    const queue = await get(`/support-requests?atLeast=${atLeast}`, 'broker', 'CATSA');
    expect(queue.status).toBe(200);
    expect(queue.body.map((r: any) => [r.requestId, r.status])).toEqual([
      [ids.r2, 'brokered'],
      [ids.r1, 'brokered'],
      [ids.r3, 'waiting'],
      [ids.r5, 'withdrawn'],
    ]);
    expect(queue.body[2]).toMatchObject({
      recipient: { urn: FEN_DITTON, name: 'Fen Ditton Primary School' },
      requestingBodyName: 'Diocese of Ely',
      position: expect.stringMatching(/^\d+$/),
      waitingDays: expect.any(Number),
      lle: null,
    });
    expect(queue.body[1].lle).toEqual({ personId: ids.lleA, name: null, erased: false });
    expect((await get('/support-requests?alliance=CASSA', 'broker', 'CATSA')).body).toEqual([]);
    expect(
      (await get('/support-requests?status=declined', 'auditor')).body.map((r: any) => r.requestId),
    ).toEqual([ids.r4]);
    const other = await get(`/support-requests/${ids.r4}`, 'broker', 'CATSA');
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('REQUEST_NOT_FOUND');
    expect((await get(`/support-requests/${ids.r4}`, 'broker', 'CASSA')).body).toMatchObject({
      status: 'declined',
      reason: 'No LLE of the phase is free this term',
    });
    expect((await get('/support-requests', 'lle', undefined, ids.lleA)).status).toBe(403);
  });

  it('lists placements by academic year and shows one with its days and transfers, within its alliance', async () => {
    const year = await get('/placements?academicYear=2027/28', 'auditor');
    expect(year.body.map((p: any) => p.placementId)).toEqual([ids.p1, ids.p3]);
    expect(
      (await get('/placements?academicYear=2027/28', 'broker', 'CATSA')).body.map((p: any) => p.placementId),
    ).toEqual([ids.p1]);
    expect((await get('/placements?academicYear=2027/29', 'auditor')).status).toBe(400);

    const p1 = await get(`/placements/${ids.p1}`, 'broker', 'CATSA');
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({
      halfDaysAgreed: 16,
      halfDaysDelivered: 5,
      halfDaysTransferred: 4,
      halfDaysRemaining: 11,
      overGuideline: true,
      position: expect.stringMatching(/^\d+$/),
      transfers: [{ toPersonId: ids.deputy, halfDays: 4, toPerson: { personId: ids.deputy, name: null } }],
    });
    expect(p1.body.days.map((d: any) => [d.dayId, d.voided, d.note])).toEqual([
      [ids.day(2), false, 'Worked with the head on 2027-09-01'],
      [ids.day(3), true, 'Worked with the head on 2027-09-15'],
      [ids.day(5), false, 'Worked with the head on 2027-10-05'],
      [ids.day(6), false, 'Worked with the head on 2027-10-20'],
    ]);
    expect((await get(`/placements/${ids.p1}`, 'broker', 'CASSA')).body.code).toBe('PLACEMENT_NOT_FOUND');
    // The LLE and the deputy given days see it; another LLE does not.
    expect((await get(`/placements/${ids.p1}`, 'lle', undefined, ids.lleA)).status).toBe(200);
    expect((await get(`/placements/${ids.p1}`, 'lle', undefined, ids.deputy)).status).toBe(200);
    expect((await get(`/placements/${ids.p1}`, 'lle', undefined, ids.lleB)).status).toBe(404);
    expect(
      (await get('/placements', 'lle', undefined, ids.lleB)).body.map((p: any) => p.placementId),
    ).toEqual([ids.p3]);
  });

  it("gives an LLE's load per academic year and diary, and a school's support history", async () => {
    const load = await get(`/lles/${ids.lleA}/load?academicYear=2026/27`, 'broker', 'CATSA');
    expect(load.body).toEqual([
      expect.objectContaining({ academicYear: '2026/27', committedHalfDays: 4, deliveredHalfDays: 4 }),
    ]);
    expect((await get(`/lles/${ids.lleA}/load`, 'broker', 'CASSA')).body.code).toBe('LLE_NOT_FOUND');
    expect((await get(`/lles/${ids.lleA}/load`, 'lle', undefined, ids.lleB)).status).toBe(404);

    const diary = await get(
      `/lles/${ids.lleA}/diary?from=2027-09-01&to=2027-09-30`,
      'lle',
      undefined,
      ids.lleA,
    );
    expect(diary.body.map((d: any) => [d.date, d.placementId])).toEqual([
      ['2027-09-01', ids.p1],
      ['2027-09-07', ids.p2],
    ]);
    expect((await get(`/lles/${ids.lleA}/diary?from=2027-09-30&to=2027-09-01`, 'auditor')).status).toBe(400);

    const history = await get(`/schools/${FEN_DITTON}/support-history`, 'broker', 'CATSA');
    expect(history.body.placements.map((p: any) => [p.placementId, p.lle.personId])).toEqual([
      [ids.p1, ids.lleA],
    ]);
    expect((await get(`/schools/${FEN_DITTON}/support-history`, 'auditor')).body.placements).toHaveLength(2);
    expect((await get('/schools/999999/support-history', 'auditor')).body.code).toBe('SCHOOL_NOT_FOUND');
  });
});
