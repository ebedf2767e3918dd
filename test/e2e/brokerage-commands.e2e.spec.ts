import { READ_MODEL_PROJECTIONS } from '@lle/read-models';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { uuidV5Of } from '@lle/application';
import {
  lleCommitmentsStreamId,
  personDaysStreamId,
  placementStreamId,
  supportRequestStreamId,
  type SchoolRecord,
} from '@lle/domain';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { projectionsDifferingFromRebuild } from '../support/read-models';
import { daysFromToday, RecruitmentJourney, SCHOOL_URN } from '../support/recruitment-journey';

/**
 * The brokerage commands over real HTTP with real tokens (the worker and its reactors running beside the
 * API): a request and its ranked matches, a placement, days logged by the LLE and by a deputy after a
 * transfer, an amendment, completion and the impact; every refusal with its code and nothing written; the
 * reach of brokers and auditors; and the LLE's commitments under 50 brokers at once, and a day sent 100
 * times at once.
 */
describe('brokerage commands', () => {
  let api: ApiTestApp;
  let db: Client;
  let journey: RecruitmentJourney;
  let tokens: Record<'admin' | 'broker' | 'otherBroker' | 'auditor', string>;
  let clusterId: string;

  const PRIMARY_LLE_SCHOOL: SchoolRecord = {
    urn: 110001,
    name: 'Histon and Impington Junior School',
    laCode: '873',
    laName: 'Cambridgeshire',
    phase: 'Primary',
    status: 'Open',
  };
  const RECIPIENT: SchoolRecord = {
    urn: 110002,
    name: 'Fenland Primary School',
    laCode: '873',
    laName: 'Cambridgeshire',
    phase: 'Primary',
    status: 'Open',
  };
  const today = daysFromToday(0);
  const agreement = {
    lle: { agreedBy: 'the LLE', agreedOn: today },
    recipient: { agreedBy: 'head@fenland.example.sch.uk', agreedOn: today },
    alliance: { agreedBy: 'broker-CATSA', agreedOn: today },
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    db = new Client({ connectionString: api.database.url });
    await db.connect();
    tokens = {
      admin: await api.token('admin'),
      broker: await api.token('broker', 'CATSA'),
      otherBroker: await api.token('broker', 'CASSA'),
      auditor: await api.token('auditor'),
    };
    journey = await RecruitmentJourney.start(api);
    await journey.recordSchool(PRIMARY_LLE_SCHOOL);
    await journey.recordSchool(RECIPIENT);

    // A cluster with a competency framework, for impact evaluations.
    const nle = await post('/system-leaders', tokens.admin, {
      person: { fullName: 'Nia NLE', email: 'nia.nle@example.sch.uk' },
      role: 'NLE',
      schoolUrn: SCHOOL_URN,
      alliance: 'CATSA',
      designatedOn: '2020-09-01',
    });
    const cluster = await post('/clusters', tokens.broker, {
      alliance: 'CATSA',
      name: 'Fens cluster',
      nleId: nle.body.personId,
      competencies: [
        { competencyId: 'coaching', name: 'Coaching and mentoring heads' },
        { competencyId: 'curriculum', name: 'Curriculum leadership' },
      ],
    });
    expect(cluster.status).toBe(201);
    clusterId = cluster.body.clusterId;
  });

  afterAll(async () => {
    await db?.end();
    await api?.close();
  });

  function post(path: string, token: string, body?: unknown, headers?: Record<string, string>) {
    return api.request('POST', path, { token, body, ...(headers ? { headers } : {}) });
  }

  async function expectNothingWritten(action: () => Promise<unknown>): Promise<void> {
    const before = await api.store.headPosition();
    await action();
    expect(await api.store.headPosition()).toBe(before);
  }

  async function types(streamId: string): Promise<string[]> {
    return (await api.store.readStream(streamId)).map((event) => event.type);
  }

  async function requestSupport(overrides: Record<string, unknown> = {}): Promise<string> {
    const answer = await post('/support-requests', tokens.broker, {
      alliance: 'CATSA',
      recipientUrn: RECIPIENT.urn,
      requestingBody: { kind: 'local_authority', laCode: '873' },
      need: 'Leadership of maths after a weak inspection',
      phase: 'Primary',
      preferredStart: today,
      halfDaysHopedFor: 4,
      ...overrides,
    });
    expect(answer.status).toBe(201);
    return answer.body.requestId;
  }

  function placementBody(requestId: string, lleId: string, overrides: Record<string, unknown> = {}) {
    return {
      requestId,
      lleId,
      halfDaysAgreed: 4,
      startDate: today,
      endPoint: { date: today, description: 'A maths curriculum map the staff own' },
      dayRatePence: 45_000,
      lleSchoolShareBps: 5_000,
      objectives: [{ objectiveId: 'maths', description: 'A maths lead who leads' }],
      ...overrides,
    };
  }

  async function broker(requestId: string, lleId: string, overrides: Record<string, unknown> = {}) {
    const answer = await post('/placements', tokens.broker, placementBody(requestId, lleId, overrides));
    expect(answer.status).toBe(201);
    return answer.body.placementId as string;
  }

  function day(overrides: Record<string, unknown> = {}) {
    return { dayId: randomUUID(), date: today, length: 'full', note: 'Coached the maths lead', ...overrides };
  }

  /** Waits until both reactors have dealt with every event so far. */
  async function reactorsCaughtUp(): Promise<void> {
    const head = await api.store.headPosition();
    for (let waited = 0; waited < 15_000; waited += 100) {
      const { rows } = await db.query<{ position: string }>(
        `SELECT position FROM projection_checkpoints
          WHERE name IN ('placement_brokering_reactor', 'placement_follow_ups_reactor')`,
      );
      if (rows.length === 2 && rows.every((row) => BigInt(row.position) >= (head ?? 0n))) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('The reactors did not catch up');
  }

  it('a request, its matches, a placement, days by the LLE and a deputy, an amendment, completion and impact', async () => {
    const lleId = await journey.designatedLLE({ daysPerAcademicYear: 12 });
    const primaryLle = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
    const suspendedLle = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
    expect(
      (await post(`/lles/${suspendedLle}/suspension`, tokens.broker, { reason: 'under_review' })).status,
    ).toBe(200);
    expect((await post(`/lles/${lleId}/cluster`, tokens.broker, { clusterId })).status).toBe(200);

    // The request waits in the alliance's queue.
    const requested = await post('/support-requests', tokens.broker, {
      alliance: 'CATSA',
      recipientUrn: RECIPIENT.urn,
      requestingBody: { kind: 'local_authority', laCode: '873' },
      need: 'Leadership of maths after a weak inspection',
      phase: 'Primary',
      preferredStart: today,
      halfDaysHopedFor: 4,
    });
    expect(requested.status).toBe(201);
    const { requestId } = requested.body;
    expect(requested.body).toMatchObject({ streamId: supportRequestStreamId(requestId), written: 1 });

    // Matching: the active LLEs of the alliance, ranked, with the reasons; the suspended one is not offered.
    const matched = await api.request(
      'GET',
      `/support-requests/${requestId}/matches?atLeast=${requested.body.position}`,
      { token: tokens.broker },
    );
    expect(matched.status).toBe(200);
    const matches: Array<{ lleId: string; rank?: number; reasons: Array<{ code: string }> }> =
      matched.body.matches;
    const byId = (id: string) => matches.find((match) => match.lleId === id);
    expect(byId(suspendedLle)).toBeUndefined();
    expect(byId(primaryLle)).toMatchObject({ included: true, capacityHalfDays: 24, committedHalfDays: 0 });
    expect(byId(primaryLle)!.reasons.map((reason) => reason.code)).toEqual([
      'ACTIVE_IN_ALLIANCE',
      'PHASE_EXPERIENCE',
      'CAPACITY_FOR_ALL_DAYS',
      'NEW_TO_RECIPIENT',
    ]);
    expect(byId(lleId)!.reasons.map((reason) => reason.code)).toContain('NO_PHASE_EXPERIENCE');
    expect(byId(primaryLle)!.rank).toBeLessThan(byId(lleId)!.rank!);
    expect(matches.map((match) => match.rank)).toEqual(matches.map((_, index) => index + 1));

    // Brokered: decided on the LLE's commitments, the placement opened, the request marked brokered.
    const brokered = await post('/placements', tokens.broker, placementBody(requestId, lleId));
    expect(brokered.status).toBe(201);
    const { placementId } = brokered.body;
    expect(brokered.body).toMatchObject({ streamId: placementStreamId(placementId), written: 3 });
    const [commitment] = await api.store.readStream(lleCommitmentsStreamId(lleId));
    expect(commitment).toMatchObject({
      type: 'PlacementBrokered',
      data: {
        placementId,
        requestId,
        alliance: 'CATSA',
        lleSchoolUrn: SCHOOL_URN,
        recipientUrn: RECIPIENT.urn,
        requestingBody: { kind: 'local_authority', laCode: '873' },
        halfDaysAgreed: 4,
        capacityHalfDays: 24,
        committedHalfDaysBefore: 0,
      },
      metadata: { actor: { role: 'broker', alliance: 'CATSA' }, command: 'BrokerPlacement' },
    });
    expect(await types(placementStreamId(placementId))).toEqual(['PlacementOpened']);
    expect(await types(supportRequestStreamId(requestId))).toEqual([
      'SupportRequested',
      'SupportRequestBrokered',
    ]);

    // The same request again: no longer waiting, nothing written.
    await expectNothingWritten(async () => {
      const again = await post('/placements', tokens.broker, placementBody(requestId, primaryLle));
      expect(again.status).toBe(422);
      expect(again.body).toMatchObject({ code: 'REQUEST_NOT_WAITING', currentStatus: 'brokered' });
    });

    // The LLE logs a full day with their own token; the same day id again is a no-op.
    const lleToken = await api.token('lle', undefined, lleId);
    const lleDay = day();
    const logged = await post(`/placements/${placementId}/days`, lleToken, lleDay);
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ streamId: placementStreamId(placementId), written: 2 });
    await expectNothingWritten(async () => {
      const again = await post(`/placements/${placementId}/days`, lleToken, lleDay);
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ written: 0 });
    });

    // Two half-days go to the deputy head, a person in the person store; the deputy logs them.
    const transferred = await post(`/placements/${placementId}/transfers`, lleToken, {
      staff: { fullName: 'Dana Deputy', email: 'dana.deputy@example.sch.uk', jobTitle: 'Deputy head' },
      role: 'deputy head',
      halfDays: 2,
    });
    expect(transferred.status).toBe(201);
    const deputyId = transferred.body.personId;
    const person = await db.query('SELECT kind, full_name FROM people WHERE person_id = $1', [deputyId]);
    expect(person.rows).toEqual([{ kind: 'staff', full_name: 'Dana Deputy' }]);
    const deputyToken = await api.token('lle', undefined, deputyId);
    const deputyDay = day({ note: 'Worked with the partner school’s deputy' });
    expect((await post(`/placements/${placementId}/days`, deputyToken, deputyDay)).status).toBe(201);

    // Amended up by a day, as the three parties agreed: reserved on the commitments first.
    const amended = await api.request('PUT', `/placements/${placementId}`, {
      token: tokens.broker,
      body: { halfDaysAgreed: 6, agreement },
    });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ written: 2 });

    // Completed at its end point (today), then its impact recorded against the cluster's framework.
    const completed = await post(`/placements/${placementId}/completion`, tokens.broker);
    expect(completed.status).toBe(200);
    const evaluated = await post(`/placements/${placementId}/impact-evaluation`, tokens.broker, {
      objectives: [
        {
          objectiveId: 'maths',
          outcome: 'met',
          evidence: 'Book scrutiny and the governors’ minutes',
          ratings: [{ competencyId: 'coaching', rating: 3 }],
        },
      ],
      recipientView: 'The maths lead now leads',
      lleView: 'A strong team to work with',
    });
    expect(evaluated.status).toBe(201);

    // A day found wrong later is voided: the person's date is freed.
    const voided = await post(`/placements/${placementId}/days/${deputyDay.dayId}/void`, tokens.broker, {
      reason: 'Logged against the wrong placement',
    });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ written: 2 });

    await reactorsCaughtUp();
    const placementEvents = await api.store.readStream(placementStreamId(placementId));
    expect(placementEvents.map((event) => event.type)).toEqual([
      'PlacementOpened',
      'SupportDayLogged',
      'DaysTransferred',
      'SupportDayLogged',
      'PlacementAmended',
      'PlacementCompleted',
      'ImpactEvaluationRecorded',
      'SupportDayVoided',
    ]);
    expect(placementEvents.map((event) => event.data)).toEqual([
      expect.anything(),
      expect.objectContaining({ personId: lleId, deliveredAs: 'lle', halfDays: 2 }),
      expect.objectContaining({ lleId, toPersonId: deputyId, role: 'deputy head', halfDays: 2 }),
      expect.objectContaining({ personId: deputyId, deliveredAs: 'staff', halfDays: 2 }),
      expect.objectContaining({ halfDaysBefore: 4, halfDaysAgreed: 6, halfDaysReserved: 2, agreement }),
      expect.objectContaining({ halfDaysAgreed: 6, halfDaysDelivered: 4 }),
      expect.objectContaining({ clusterId, lleId }),
      expect.objectContaining({ dayId: deputyDay.dayId, reason: 'Logged against the wrong placement' }),
    ]);
    // Each follow-up once, whoever sent it (the API, or the reactors after it).
    expect(await api.store.readStream(lleCommitmentsStreamId(lleId))).toEqual([
      expect.objectContaining({ type: 'PlacementBrokered' }),
      expect.objectContaining({
        type: 'PlacementDaysReserved',
        data: expect.objectContaining({ halfDays: 2 }),
      }),
      expect.objectContaining({
        type: 'PlacementCommitmentClosed',
        data: expect.objectContaining({ outcome: 'completed', halfDaysBefore: 6, halfDaysDelivered: 4 }),
      }),
    ]);
    expect(await types(personDaysStreamId(lleId))).toEqual(['PersonDayReserved']);
    expect(await types(personDaysStreamId(deputyId))).toEqual(['PersonDayReserved', 'PersonDayReleased']);

    // The read models agree with those events.
    const head = (await api.store.headPosition())!.toString();
    const seen = await api.request('GET', `/placements/${placementId}?atLeast=${head}`, {
      token: tokens.broker,
    });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      status: 'completed',
      halfDaysAgreed: 6,
      halfDaysDelivered: 2,
      halfDaysTransferred: 2,
      halfDaysRemaining: 4,
      lleId,
    });
    expect(seen.body.days.filter((d: { voided: boolean }) => !d.voided)).toHaveLength(1);
    const queue = await api.request('GET', `/support-requests/${requestId}?atLeast=${head}`, {
      token: tokens.broker,
    });
    expect(queue.body).toMatchObject({ status: 'brokered', placementId });
    const history = await api.request('GET', `/schools/${RECIPIENT.urn}/support-history?atLeast=${head}`, {
      token: tokens.broker,
    });
    expect(history.body.placements.map((p: { placementId: string }) => p.placementId)).toContain(placementId);
    expect(
      await projectionsDifferingFromRebuild(api.database.url, api.store, READ_MODEL_PROJECTIONS),
    ).toEqual([]);
  });

  it('each refusal of a placement: its 422 code, and nothing written', async () => {
    const lleId = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
    const suspended = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
    expect(
      (await post(`/lles/${suspended}/suspension`, tokens.admin, { reason: 'under_review' })).status,
    ).toBe(200);
    const requestId = await requestSupport();
    const ownSchool = await requestSupport({ recipientUrn: PRIMARY_LLE_SCHOOL.urn });

    const refusals: Array<[string, string, Record<string, unknown>, string]> = [
      ['an LLE not active (suspended)', requestId, placementBody(requestId, suspended), 'LLE_NOT_ACTIVE'],
      ["the LLE's own school", ownSchool, placementBody(ownSchool, lleId), 'RECIPIENT_IS_LLE_SCHOOL'],
      [
        'an end point before the start',
        requestId,
        placementBody(requestId, lleId, { endPoint: { date: daysFromToday(-1), description: 'Done' } }),
        'END_POINT_BEFORE_START',
      ],
      [
        'an end point that says nothing',
        requestId,
        placementBody(requestId, lleId, { endPoint: { date: today, description: ' ' } }),
        'END_POINT_REQUIRED',
      ],
      [
        'seven days, above the six-day guideline, without an override',
        requestId,
        placementBody(requestId, lleId, { halfDaysAgreed: 14 }),
        'OVER_GUIDELINE_NEEDS_OVERRIDE',
      ],
      [
        'more than the capacity',
        requestId,
        placementBody(requestId, lleId, {
          halfDaysAgreed: 26,
          guidelineOverride: { reason: 'A federation of two schools' },
        }),
        'CAPACITY_EXCEEDED',
      ],
    ];
    await expectNothingWritten(async () => {
      for (const [what, , body, code] of refusals) {
        const answer = await post('/placements', tokens.broker, body);
        expect(`${what}: ${answer.status} ${answer.body.code}`).toBe(`${what}: 422 ${code}`);
      }
      // No end point at all: the rule refuses it (422), as the issue asks; a malformed one is a 400.
      const { endPoint: _, ...noEndPoint } = placementBody(requestId, lleId);
      const missing = await post('/placements', tokens.broker, noEndPoint);
      expect(missing.status).toBe(422);
      expect(missing.body.code).toBe('END_POINT_REQUIRED');
      const malformed = await post('/placements', tokens.broker, {
        ...placementBody(requestId, lleId),
        endPoint: { date: 'soon', description: 'done' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors.map((error: { field: string }) => error.field)).toEqual(['endPoint.date']);
    });

    // With an override and its reason: accepted, the reason kept in the event for auditors.
    const reason = 'A new head in a school in special measures needs a longer placement';
    const placementId = await broker(requestId, lleId, { halfDaysAgreed: 14, guidelineOverride: { reason } });
    const [event] = await api.store.readStream(lleCommitmentsStreamId(lleId));
    expect(event!.data).toMatchObject({
      placementId,
      halfDaysAgreed: 14,
      guidelineHalfDays: 12,
      guidelineOverride: { reason },
    });
  });

  it('each refusal of a support day or a transfer: its 422 code, and nothing written', async () => {
    const lleId = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
    const lleToken = await api.token('lle', undefined, lleId);
    const first = await broker(await requestSupport(), lleId, { halfDaysAgreed: 4 });
    const second = await broker(await requestSupport(), lleId, { halfDaysAgreed: 2 });
    const ended = await broker(await requestSupport(), lleId, { halfDaysAgreed: 2 });
    expect(
      (await post(`/placements/${ended}/early-end`, tokens.broker, { reason: 'The head left' })).status,
    ).toBe(200);
    // Three of the four half-days go to the deputy: one is left for the LLE.
    const transfer = await post(`/placements/${first}/transfers`, tokens.broker, {
      staff: { fullName: 'Dev Deputy', email: 'dev.deputy@example.sch.uk' },
      role: 'deputy head',
      halfDays: 3,
    });
    expect(transfer.status).toBe(201);
    expect((await post(`/placements/${first}/days`, lleToken, day({ length: 'half' }))).status).toBe(201);

    const refusals: Array<[string, string, unknown, string]> = [
      ['a day before the start', first, day({ date: daysFromToday(-1) }), 'DAY_BEFORE_START'],
      ['a day after the end point', first, day({ date: daysFromToday(1) }), 'DAY_AFTER_END_POINT'],
      ['beyond the days agreed, counting transfers', first, day({ length: 'half' }), 'BEYOND_DAYS_AGREED'],
      ['a placement not in progress', ended, day({ length: 'half' }), 'PLACEMENT_NOT_IN_PROGRESS'],
      // A half day logged today on the first, a full day more on the second: more than a full day on a date.
      ['more than a full day on one date across placements', second, day(), 'MORE_THAN_A_FULL_DAY'],
    ];
    await expectNothingWritten(async () => {
      for (const [what, placementId, body, code] of refusals) {
        const answer = await post(`/placements/${placementId}/days`, lleToken, body);
        expect(`${what}: ${answer.status} ${answer.body.code}`).toBe(`${what}: 422 ${code}`);
      }
      const beyond = await post(`/placements/${first}/transfers`, lleToken, {
        staff: { fullName: 'Dev Deputy', email: 'dev.deputy@example.sch.uk' },
        role: 'deputy head',
        halfDays: 1,
      });
      expect(beyond.status).toBe(422);
      expect(beyond.body).toMatchObject({ code: 'TRANSFER_BEYOND_REMAINING', remainingHalfDays: 0 });
    });
    // A half day on the second is still within a full day today.
    expect((await post(`/placements/${second}/days`, lleToken, day({ length: 'half' }))).status).toBe(201);
  });

  it('declines and withdrawals; a withdrawn request is not brokered', async () => {
    const lleId = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
    const declined = await requestSupport({ requestingBody: { kind: 'diocese', diocese: 'Ely' } });
    const reason = { reason: 'No LLE with primary experience is free this year' };
    expect((await post(`/support-requests/${declined}/decline`, tokens.broker, reason)).body).toMatchObject({
      written: 1,
    });
    const withdrawn = await requestSupport({ requestingBody: { kind: 'school', urn: RECIPIENT.urn } });
    expect((await post(`/support-requests/${withdrawn}/withdraw`, tokens.admin, {})).body).toMatchObject({
      written: 1,
    });
    await expectNothingWritten(async () => {
      const again = await post(`/support-requests/${declined}/withdraw`, tokens.broker, {});
      expect(again.body.code).toBe('REQUEST_NOT_WAITING');
      const placed = await post('/placements', tokens.broker, placementBody(withdrawn, lleId));
      expect(placed.status).toBe(422);
      expect(placed.body.code).toBe('REQUEST_NOT_WAITING');
    });
  });

  it('404 for a broker of another alliance on requests and placements; 403 for auditors on every command', async () => {
    const lleId = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
    const requestId = await requestSupport();
    const placementId = await broker(await requestSupport(), lleId);
    const dayId = randomUUID();
    expect((await post(`/placements/${placementId}/days`, tokens.broker, day({ dayId }))).status).toBe(201);
    const stranger = await api.token('lle', undefined, randomUUID());
    const transferBody = { staff: { fullName: 'Someone' }, role: 'deputy head', halfDays: 1 };
    const evaluation = { objectives: [], recipientView: 'x', lleView: 'x' };

    await expectNothingWritten(async () => {
      const hidden: Array<[string, string, string, unknown]> = [
        ['GET', `/support-requests/${requestId}/matches`, tokens.otherBroker, undefined],
        ['POST', `/support-requests/${requestId}/decline`, tokens.otherBroker, { reason: 'x' }],
        ['POST', `/support-requests/${requestId}/withdraw`, tokens.otherBroker, {}],
        ['POST', '/placements', tokens.otherBroker, placementBody(requestId, lleId)],
        ['POST', `/support-requests/${uuidV5Of('no such request')}/withdraw`, tokens.broker, {}],
      ];
      for (const [method, path, token, body] of hidden) {
        const answer = await api.request(method, path, { token, body });
        expect(`${method} ${path}: ${answer.status} ${answer.body.code}`).toBe(
          `${method} ${path}: 404 REQUEST_NOT_FOUND`,
        );
      }
      const placement = `/placements/${placementId}`;
      const hiddenPlacement: Array<[string, string, string, unknown]> = [
        ['POST', `${placement}/days`, tokens.otherBroker, day()],
        ['POST', `${placement}/days`, stranger, day()],
        ['POST', `${placement}/days/${dayId}/void`, tokens.otherBroker, { reason: 'x' }],
        ['POST', `${placement}/transfers`, tokens.otherBroker, transferBody],
        ['POST', `${placement}/transfers`, stranger, transferBody],
        ['PUT', placement, tokens.otherBroker, { halfDaysAgreed: 2, agreement }],
        ['POST', `${placement}/completion`, tokens.otherBroker, undefined],
        ['POST', `${placement}/early-end`, tokens.otherBroker, { reason: 'x' }],
        ['POST', `${placement}/impact-evaluation`, tokens.otherBroker, evaluation],
        ['POST', `/placements/${uuidV5Of('no such placement')}/completion`, tokens.broker, undefined],
      ];
      for (const [method, path, token, body] of hiddenPlacement) {
        const answer = await api.request(method, path, { token, body });
        expect(`${method} ${path}: ${answer.status} ${answer.body.code}`).toBe(
          `${method} ${path}: 404 PLACEMENT_NOT_FOUND`,
        );
      }
      // Putting a request in another alliance's queue is refused outright.
      const other = await post('/support-requests', tokens.otherBroker, {
        alliance: 'CATSA',
        recipientUrn: RECIPIENT.urn,
        requestingBody: { kind: 'local_authority', laCode: '873' },
        need: 'x',
        phase: 'Primary',
        preferredStart: today,
        halfDaysHopedFor: 2,
      });
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('AUTH_ALLIANCE_NOT_ALLOWED');

      const id = uuidV5Of('any');
      const commands: Array<[string, string]> = [
        ['POST', '/support-requests'],
        ['POST', `/support-requests/${id}/decline`],
        ['POST', `/support-requests/${id}/withdraw`],
        ['POST', '/placements'],
        ['POST', `/placements/${id}/days`],
        ['POST', `/placements/${id}/days/${id}/void`],
        ['POST', `/placements/${id}/transfers`],
        ['PUT', `/placements/${id}`],
        ['POST', `/placements/${id}/completion`],
        ['POST', `/placements/${id}/early-end`],
        ['POST', `/placements/${id}/impact-evaluation`],
      ];
      for (const [method, path] of commands) {
        const answer = await api.request(method, path, { token: tokens.auditor, body: {} });
        expect(`${method} ${path} ${answer.status}`).toBe(`${method} ${path} 403`);
      }
      // Auditors read everything: the matches are a read, so an unknown request is simply not found.
      const matches = await api.request('GET', `/support-requests/${id}/matches`, { token: tokens.auditor });
      expect(matches.status).toBe(404);
    });
  });

  describe('at the same moment', () => {
    it('50 placements at once at one LLE: the days committed never pass the capacity', async () => {
      const lleId = await journey.designatedLLE({
        schoolUrn: PRIMARY_LLE_SCHOOL.urn,
        daysPerAcademicYear: 12,
      });
      const requestIds: string[] = [];
      for (let batch = 0; batch < 5; batch++) {
        requestIds.push(...(await Promise.all(Array.from({ length: 10 }, () => requestSupport()))));
      }
      const answers = await Promise.all(
        requestIds.map((requestId) =>
          post('/placements', tokens.broker, placementBody(requestId, lleId, { halfDaysAgreed: 2 })),
        ),
      );
      const outcomes = answers.map((answer) =>
        answer.status === 201 ? '201' : `${answer.status} ${answer.body.code}`,
      );
      const accepted = outcomes.filter((outcome) => outcome === '201').length;
      const refused = outcomes.filter((outcome) => outcome === '422 CAPACITY_EXCEEDED').length;
      console.log(`50 placements at once at one LLE (12 days): ${accepted} × 201, ${refused} × 422`);
      expect(accepted + refused).toBe(50);
      expect(accepted).toBe(12);

      const brokered = (await api.store.readStream(lleCommitmentsStreamId(lleId))).filter(
        (event) => event.type === 'PlacementBrokered',
      );
      const committed = brokered.reduce(
        (sum, event) => sum + (event.data as { halfDaysAgreed: number }).halfDaysAgreed,
        0,
      );
      expect(brokered).toHaveLength(accepted);
      expect(committed).toBeLessThanOrEqual(24);
      expect(committed).toBe(24);
      // Each accepted placement is open and its request marked brokered, once.
      await reactorsCaughtUp();
      for (const answer of answers.filter((candidate) => candidate.status === 201)) {
        expect(await types(placementStreamId(answer.body.placementId))).toEqual(['PlacementOpened']);
      }
      const marked = (await api.store.readAll()).filter((event) => event.type === 'SupportRequestBrokered');
      const markedHere = marked.filter((event) =>
        requestIds.includes((event.data as { requestId: string }).requestId),
      );
      expect(markedHere).toHaveLength(accepted);
    });

    it('one request brokered to two LLEs at once: one placement stands, the other frees its days', async () => {
      const first = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
      const second = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
      const placed = new Map([
        [first, 0],
        [second, 0],
      ]);
      for (let attempt = 0; attempt < 3; attempt++) {
        const requestId = await requestSupport();
        const answers = await Promise.all(
          [first, second].map((lleId) => post('/placements', tokens.broker, placementBody(requestId, lleId))),
        );
        const accepted = answers.filter((answer) => answer.status === 201);
        expect(accepted).toHaveLength(1);
        const winner = answers[0]!.status === 201 ? first : second;
        placed.set(winner, placed.get(winner)! + 1);
        const refused = answers.find((answer) => answer.status !== 201)!;
        expect(`${refused.status} ${refused.body.code}`).toBe('422 REQUEST_NOT_WAITING');
        const request = await api.store.readStream(supportRequestStreamId(requestId));
        expect(request.map((event) => event.type)).toEqual(['SupportRequested', 'SupportRequestBrokered']);
        expect(request[1]!.data).toMatchObject({ placementId: accepted[0]!.body.placementId });
        // Refused on the commitments (nothing brokered), or brokered there first and then ended early, its
        // commitment closed at nothing delivered.
        if (refused.body.endedEarly) {
          const { placementId } = refused.body;
          expect(await types(placementStreamId(placementId))).toEqual([
            'PlacementOpened',
            'PlacementEndedEarly',
          ]);
        }
      }
      // Each LLE has committed the days of the placements that stand, and nothing for the others.
      await reactorsCaughtUp();
      for (const [lleId, placements] of placed) {
        const events = await api.store.readStream(lleCommitmentsStreamId(lleId));
        const open = new Map<string, number>();
        for (const event of events) {
          const data = event.data as {
            placementId: string;
            halfDaysAgreed: number;
            halfDaysDelivered: number;
          };
          if (event.type === 'PlacementBrokered') open.set(data.placementId, data.halfDaysAgreed);
          if (event.type === 'PlacementCommitmentClosed') open.set(data.placementId, data.halfDaysDelivered);
        }
        expect([...open.values()].reduce((sum, halfDays) => sum + halfDays, 0)).toBe(placements * 4);
      }
    });

    it('the same day sent 100 times at once: one day logged, one reservation', async () => {
      const lleId = await journey.designatedLLE({ schoolUrn: PRIMARY_LLE_SCHOOL.urn });
      const placementId = await broker(await requestSupport(), lleId, { halfDaysAgreed: 2 });
      const lleToken = await api.token('lle', undefined, lleId);
      const sameDay = day();
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => post(`/placements/${placementId}/days`, lleToken, sameDay)),
      );
      const statuses = answers.map((answer) => answer.status);
      const written = answers.reduce((sum, answer) => sum + (answer.body.written ?? 0), 0);
      console.log(
        `The same day 100 times at once: ${statuses.filter((s) => s === 201).length} × 201, events written ${written}`,
      );
      expect(new Set(statuses)).toEqual(new Set([201]));
      expect(written).toBe(2);
      const logged = (await api.store.readStream(placementStreamId(placementId))).filter(
        (event) => event.type === 'SupportDayLogged',
      );
      expect(logged.map((event) => (event.data as { dayId: string }).dayId)).toEqual([sameDay.dayId]);
      expect(await types(personDaysStreamId(lleId))).toEqual(['PersonDayReserved']);
    });
  });
});
