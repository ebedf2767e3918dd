import { Client } from 'pg';
import { uuidV5Of } from '@lle/application';
import { applicationStreamId, lleDesignationStreamId, personStreamId } from '@lle/domain';
import type { RecordedEvent } from '@lle/event-store';
import { PersonalDataStore } from '@lle/personal-data';
import { READ_MODEL_PROJECTIONS } from '@lle/read-models';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { projectionsDifferingFromRebuild } from '../support/read-models';
import {
  allMet,
  daysFromToday,
  RecruitmentJourney,
  SCHOOL_URN,
  scores,
} from '../support/recruitment-journey';

/**
 * The recruitment commands over real HTTP with real tokens: an application from submission through its
 * four assessment stages to a designation, clusters and system leaders, the erasure of a person, and every
 * refusal with its code and nothing written.
 */
describe('recruitment commands', () => {
  let api: ApiTestApp;
  let db: Client;
  let tokens: Record<
    'admin' | 'broker' | 'otherBroker' | 'assessor1' | 'assessor2' | 'assessor3' | 'panel' | 'auditor',
    string
  >;
  let journey: RecruitmentJourney;
  let roundId: string;
  let futureRoundId: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    db = new Client({ connectionString: api.database.url });
    await db.connect();
    tokens = {
      admin: await api.token('admin'),
      broker: await api.token('broker', 'CATSA'),
      otherBroker: await api.token('broker', 'CASSA'),
      assessor1: await api.token('assessor', undefined, 'assessor-1'),
      assessor2: await api.token('assessor', undefined, 'assessor-2'),
      assessor3: await api.token('assessor', undefined, 'assessor-3'),
      panel: await api.token('panel', undefined, 'panel-1'),
      auditor: await api.token('auditor'),
    };

    // The applicant's school, recorded through the command pipeline, and a round open today.
    journey = await RecruitmentJourney.start(api);
    roundId = journey.roundId;
    futureRoundId = await journey.scheduleRound(10, 30);
  });

  afterAll(async () => {
    await db?.end();
    await api?.close();
  });

  /** What stored events say, as text: type, data and metadata (positions are bigints). */
  function inClear(events: readonly RecordedEvent[]): string {
    return JSON.stringify(events.map(({ type, data, metadata }) => ({ type, data, metadata })));
  }

  async function expectNothingWritten(action: () => Promise<unknown>): Promise<void> {
    const before = await api.store.headPosition();
    await action();
    expect(await api.store.headPosition()).toBe(before);
  }

  function post(path: string, token: string, body?: unknown) {
    return api.request('POST', path, { token, body });
  }

  const newApplicant = () => journey.newApplicant();
  const applicationBody = (...args: Parameters<RecruitmentJourney['applicationBody']>) =>
    journey.applicationBody(...args);
  const submit = (body = applicationBody()) => journey.submit(body);
  const assessFully = (applicationId: string, decision: 'designate' | 'decline' | 'defer') =>
    journey.assessFully(applicationId, decision);
  const designatedLLE = () => journey.designatedLLE();

  describe('submitting an application', () => {
    it('201: names and contacts go to the person store; events carry ids and sealed text only', async () => {
      const body = applicationBody();
      const answer = await api.request('POST', '/applications', { token: tokens.broker, body });
      expect(answer.status).toBe(201);
      const { applicationId, applicantId } = answer.body;
      expect(answer.body).toMatchObject({
        streamId: applicationStreamId(applicationId),
        revision: 0,
        written: 1,
      });

      const events = await api.store.readStream(applicationStreamId(applicationId));
      expect(events.map((event) => event.type)).toEqual(['ApplicationSubmitted']);
      const [submitted] = events;
      expect(submitted!.data).toMatchObject({
        applicationId,
        roundId,
        applicantId,
        alliance: 'CATSA',
        schoolUrn: SCHOOL_URN,
        referee: { kind: 'la_dcs_or_second_tier_officer' },
      });
      expect(submitted!.metadata).toMatchObject({ actor: { role: 'broker', alliance: 'CATSA' } });
      const written = inClear(events);
      for (const clear of [
        body.applicant.fullName,
        body.applicant.email,
        body.applicant.phone,
        body.referee.fullName,
        body.referee.email,
        'Cambridgeshire County Council',
        'PART B',
        'EVIDENCE',
      ]) {
        expect(written).not.toContain(clear);
      }
      expect(written).toContain('pd1:');

      const { rows } = await db.query('SELECT kind, full_name, email FROM people WHERE person_id = $1', [
        applicantId,
      ]);
      expect(rows).toEqual([
        { kind: 'applicant', full_name: body.applicant.fullName, email: body.applicant.email },
      ]);
      const refereeId = (submitted!.data as { referee: { refereeId: string } }).referee.refereeId;
      const referee = await db.query('SELECT kind, full_name FROM people WHERE person_id = $1', [refereeId]);
      expect(referee.rows).toEqual([{ kind: 'referee', full_name: body.referee.fullName }]);

      // Sent again as it was (no Idempotency-Key): recognised as the same application, nothing new.
      await expectNothingWritten(async () => {
        const again = await api.request('POST', '/applications', { token: tokens.broker, body });
        expect(again.status).toBe(201);
        expect(again.body).toMatchObject({ applicationId, applicantId, written: 0 });
      });
    });

    it('422 APPLICATION_ALREADY_LIVE: a second application by the same applicant (same email, any case)', async () => {
      const applicant = newApplicant();
      const first = await submit(applicationBody(applicant));
      await expectNothingWritten(async () => {
        const second = applicationBody({ ...applicant, email: applicant.email.toUpperCase() });
        second.partB = [{ area: 'impact', text: 'A different account of my impact' }];
        const answer = await api.request('POST', '/applications', { token: tokens.broker, body: second });
        expect(answer.status).toBe(422);
        expect(answer.body).toMatchObject({
          code: 'APPLICATION_ALREADY_LIVE',
          applicationIds: [first.applicationId],
        });
      });
    });

    it('two submissions by the same applicant at the same moment: only one application results', async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const applicant = newApplicant();
        const one = applicationBody(applicant);
        const other = applicationBody(applicant);
        other.partB = [{ area: 'impact', text: 'Submitted from another window at the same moment' }];
        const answers = await Promise.all(
          [one, other].map((body) => api.request('POST', '/applications', { token: tokens.broker, body })),
        );
        const accepted = answers.filter((answer) => answer.status === 201);
        expect(accepted).toHaveLength(1);
        const refused = answers.find((answer) => answer.status !== 201)!;
        // The same stream, so its expected revision decided (409); or it came second and saw the first (422).
        expect(['409 APPLICATION_ALREADY_EXISTS', '422 APPLICATION_ALREADY_LIVE']).toContain(
          `${refused.status} ${refused.body.code}`,
        );
        const applicantId = accepted[0]!.body.applicantId;
        const submissions = (await api.store.readAll()).filter(
          (event) =>
            event.type === 'ApplicationSubmitted' &&
            (event.data as { applicantId: string }).applicantId === applicantId,
        );
        expect(submissions).toHaveLength(1);
      }
    });

    it('422 ROUND_NOT_OPEN: a round that opens in the future takes no applications yet', async () => {
      await expectNothingWritten(async () => {
        const answer = await api.request('POST', '/applications', {
          token: tokens.broker,
          body: applicationBody(newApplicant(), { roundId: futureRoundId }),
        });
        expect(answer.status).toBe(422);
        expect(answer.body.code).toBe('ROUND_NOT_OPEN');
      });
    });

    it('an ineligible referee: 422 REFEREE_NOT_ELIGIBLE for a kind outside the four, and for oneself', async () => {
      await expectNothingWritten(async () => {
        const body = applicationBody();
        const answer = await api.request('POST', '/applications', {
          token: tokens.broker,
          body: { ...body, referee: { ...body.referee, kind: 'chair_of_governors' } },
        });
        expect(answer.status).toBe(422);
        expect(answer.body.code).toBe('REFEREE_NOT_ELIGIBLE');
        const garbled = await api.request('POST', '/applications', {
          token: tokens.broker,
          body: { ...body, referee: { ...body.referee, kind: 'Chair Of <Governors>' } },
        });
        expect(garbled.status).toBe(400);
        expect(garbled.body.errors.map((e: { field: string }) => e.field)).toEqual(['referee.kind']);
      });

      // Valid-looking, but the referee is the applicant (the same email): the domain refuses it.
      const applicant = newApplicant();
      await expectNothingWritten(async () => {
        const body = applicationBody(applicant);
        const answer = await api.request('POST', '/applications', {
          token: tokens.broker,
          body: { ...body, referee: { ...body.referee, email: applicant.email } },
        });
        expect(answer.status).toBe(422);
        expect(answer.body.code).toBe('REFEREE_NOT_ELIGIBLE');
      });
      // The applicant's own details were not overwritten with the referee's.
      const { rows } = await db.query('SELECT full_name FROM people WHERE email = $1', [applicant.email]);
      expect(rows).toEqual([{ full_name: applicant.fullName }]);
    });

    it('403 when a broker submits for another alliance; 400 naming every failing field', async () => {
      await expectNothingWritten(async () => {
        const other = await api.request('POST', '/applications', {
          token: tokens.otherBroker,
          body: applicationBody(),
        });
        expect(other.status).toBe(403);
        expect(other.body.code).toBe('AUTH_ALLIANCE_NOT_ALLOWED');

        const body = applicationBody();
        const malformed = await api.request('POST', '/applications', {
          token: tokens.broker,
          body: {
            ...body,
            applicant: { ...body.applicant, email: 'not-an-email' },
            partA: { ...body.partA, headship: { headteacherSince: '2015-02-30', evidence: 'x' } },
            roundId: 'round-1',
          },
        });
        expect(malformed.status).toBe(400);
        expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
          'applicant.email',
          'partA.headship.headteacherSince',
          'roundId',
        ]);
      });
    });
  });

  describe('amending and withdrawing', () => {
    it('a broker of another alliance gets 404, as for an application that does not exist', async () => {
      const { applicationId } = await submit();
      const body = applicationBody();
      const { applicant: _, alliance: __, roundId: ___, ...content } = body;
      await expectNothingWritten(async () => {
        for (const answer of [
          await api.request('PUT', `/applications/${applicationId}`, {
            token: tokens.otherBroker,
            body: content,
          }),
          await post(`/applications/${applicationId}/withdraw`, tokens.otherBroker),
          await post(`/applications/${uuidV5Of('no such application')}/withdraw`, tokens.broker),
        ]) {
          expect(answer.status).toBe(404);
          expect(answer.body.code).toBe('APPLICATION_NOT_FOUND');
        }
      });
    });

    it('amends until verification starts; withdrawn, the applicant may apply again in the round', async () => {
      const body = applicationBody();
      const { applicationId, applicantId } = await submit(body);
      const { applicant: _, alliance: __, roundId: ___, ...content } = body;
      const amended = { ...content, partB: [{ area: 'impact', text: 'PART B amended account' }] };
      const path = `/applications/${applicationId}`;
      const first = await api.request('PUT', path, { token: tokens.broker, body: amended });
      expect(first.body).toMatchObject({ revision: 1, written: 1 });
      expect(inClear(await api.store.readStream(applicationStreamId(applicationId)))).not.toContain('PART B');
      await expectNothingWritten(async () => {
        const again = await api.request('PUT', path, { token: tokens.broker, body: amended });
        expect(again.body).toMatchObject({ revision: 1, written: 0 });
      });

      expect((await post(`${path}/withdraw`, tokens.broker)).body).toMatchObject({ written: 1 });
      const resubmitted = await submit(body);
      expect(resubmitted.applicantId).toBe(applicantId);
      expect(resubmitted.applicationId).not.toBe(applicationId);
    });
  });

  describe('assessment and designation', () => {
    it('422 STAGE_OUT_OF_ORDER: a stage before the ones it follows', async () => {
      const { applicationId } = await submit();
      const path = `/applications/${applicationId}`;
      await expectNothingWritten(async () => {
        const review = await post(`${path}/reference-review`, tokens.assessor1, {
          supportsApplication: true,
          commitsToDeploying: true,
          notes: 'Too early',
        });
        expect(review.status).toBe(422);
        expect(review.body).toMatchObject({ code: 'STAGE_OUT_OF_ORDER', missing: ['part_a', 'part_b'] });
        const panel = await post(`${path}/panel-decision`, tokens.panel, {
          decision: 'designate',
          reasons: 'x',
        });
        expect(panel.body.code).toBe('STAGE_OUT_OF_ORDER');
      });
    });

    it('422 DESIGNATION_STAGES_MISSING: no designation without all four stages on record', async () => {
      const { applicationId } = await submit();
      expect(
        (await post(`/applications/${applicationId}/part-a-verification`, tokens.assessor1, allMet)).status,
      ).toBe(200);
      await expectNothingWritten(async () => {
        const answer = await post('/lles', tokens.admin, {
          applicationId,
          from: daysFromToday(0),
          reviewOn: daysFromToday(365),
        });
        expect(answer.status).toBe(422);
        expect(answer.body).toMatchObject({
          code: 'DESIGNATION_STAGES_MISSING',
          missing: ['part_b', 'reference', 'panel'],
        });
      });
    });

    it('422 PANEL_DID_NOT_DESIGNATE: the panel declined, so DesignateLLE is refused', async () => {
      const { applicationId } = await submit();
      await assessFully(applicationId, 'decline');
      await expectNothingWritten(async () => {
        const answer = await post('/lles', tokens.admin, {
          applicationId,
          from: daysFromToday(0),
          reviewOn: daysFromToday(365),
        });
        expect(answer.status).toBe(422);
        expect(answer.body.code).toBe('PANEL_DID_NOT_DESIGNATE');
      });
    });

    it('422 APPLICATION_ALREADY_LIVE: a declined application is not reopened once the applicant applied again', async () => {
      const applicant = newApplicant();
      const { applicationId } = await submit(applicationBody(applicant));
      await assessFully(applicationId, 'decline');
      const again = await submit(applicationBody(applicant));
      expect(again.applicationId).not.toBe(applicationId);
      await expectNothingWritten(async () => {
        const answer = await post(`/applications/${applicationId}/reassessments`, tokens.panel, {
          stage: 'panel',
          reason: 'The panel had the wrong reference',
        });
        expect(answer.status).toBe(422);
        expect(answer.body).toMatchObject({
          code: 'APPLICATION_ALREADY_LIVE',
          applicationIds: [again.applicationId],
        });
      });
    });

    it('designates an LLE once every stage is on record; no stage leaves readable text in events', async () => {
      const lleId = await designatedLLE();
      const [designated] = await api.store.readStream(lleDesignationStreamId(lleId));
      expect(designated).toMatchObject({
        type: 'LLEDesignated',
        data: { lleId, alliance: 'CATSA', schoolUrn: SCHOOL_URN },
      });
      const applicationId = (designated!.data as { applicationId: string }).applicationId;
      const events = await api.store.readStream(applicationStreamId(applicationId));
      expect(events.map((event) => event.type)).toEqual([
        'ApplicationSubmitted',
        'PartAVerified',
        'PartBAssessed',
        'PartBAssessed',
        'PartBAssessmentCompleted',
        'ReferenceReviewed',
        'PanelDecisionRecorded',
      ]);
      expect(events.slice(2, 4).map((event) => (event.data as { assessedBy: string }).assessedBy)).toEqual([
        'assessor-2',
        'assessor-3',
      ]);
      const written = inClear(events);
      for (const clear of ['NOTE', 'COMMENT', 'NOTES', 'REASONS', 'EVIDENCE', 'PART B']) {
        expect(written).not.toContain(clear);
      }
    });

    it('reassessment reopens a stage on record', async () => {
      const { applicationId } = await submit();
      const path = `/applications/${applicationId}`;
      await post(`${path}/part-a-verification`, tokens.assessor1, allMet);
      const reopened = await post(`${path}/reassessments`, tokens.panel, {
        stage: 'part_a',
        reason: 'REASON new inspection report',
      });
      expect(reopened.body).toMatchObject({ written: 1 });
      await expectNothingWritten(async () => {
        const nothing = await post(`${path}/reassessments`, tokens.admin, {
          stage: 'reference',
          reason: 'x',
        });
        expect(nothing.status).toBe(422);
        expect(nothing.body.code).toBe('STAGE_NOT_RECORDED');
      });
    });
  });

  describe('system leaders, clusters and the life of a designation', () => {
    it('records an NLE, forms clusters, adds and moves the LLE, suspends, reinstates and ends', async () => {
      const lleId = await designatedLLE();
      const nle = await post('/system-leaders', tokens.admin, {
        person: { fullName: 'Nia NLE', email: 'nia.nle@example.sch.uk' },
        role: 'NLE',
        schoolUrn: SCHOOL_URN,
        alliance: 'CATSA',
        designatedOn: '2020-09-01',
      });
      expect(nle.status).toBe(201);
      const nleId = nle.body.personId;
      const person = await db.query('SELECT kind, full_name FROM people WHERE person_id = $1', [nleId]);
      expect(person.rows).toEqual([{ kind: 'system_leader', full_name: 'Nia NLE' }]);

      const cluster = (name: string) => ({
        alliance: 'CATSA',
        name,
        nleId,
        competencies: [{ competencyId: 'coaching', name: 'Coaching and mentoring heads' }],
      });
      await expectNothingWritten(async () => {
        const other = await post('/clusters', tokens.otherBroker, cluster('Not theirs'));
        expect(other.status).toBe(403);
        const noNle = await post('/clusters', tokens.broker, { ...cluster('No lead'), nleId: lleId });
        expect(noNle.body.code).toBe('NLE_NOT_DESIGNATED');
      });
      const south = await post('/clusters', tokens.broker, cluster('South Cambs'));
      const north = await post('/clusters', tokens.admin, cluster('North Cambs'));
      expect([south.status, north.status]).toEqual([201, 201]);

      const lle = `/lles/${lleId}`;
      expect(
        (await post(`${lle}/cluster`, tokens.broker, { clusterId: south.body.clusterId })).body,
      ).toMatchObject({
        written: 1,
      });
      const move = {
        fromClusterId: south.body.clusterId,
        toClusterId: north.body.clusterId,
        reason: 'REASON closer to the schools supported',
      };
      const moved = await api.request('PUT', `${lle}/cluster`, { token: tokens.broker, body: move });
      expect(moved.body).toMatchObject({ written: 1 });

      await expectNothingWritten(async () => {
        const hidden = await post(`${lle}/suspension`, tokens.otherBroker, { reason: 'under_review' });
        expect(hidden.status).toBe(404);
        expect(hidden.body.code).toBe('LLE_NOT_FOUND');
        const noNote = await post(`${lle}/suspension`, tokens.broker, { reason: 'other' });
        expect(noNote.body.code).toBe('REASON_REQUIRED');
      });
      const suspension = { reason: 'under_review', note: 'NOTE a concern is being looked into' };
      expect((await post(`${lle}/suspension`, tokens.broker, suspension)).body).toMatchObject({ written: 1 });
      await expectNothingWritten(async () => {
        const again = await post(`${lle}/suspension`, tokens.broker, suspension);
        expect(again.body).toMatchObject({ written: 0 });
      });
      expect((await post(`${lle}/reinstatement`, tokens.admin, {})).body).toMatchObject({ written: 1 });
      const ended = await post(`${lle}/ending`, tokens.broker, { reason: 'head_left_school' });
      expect(ended.body).toMatchObject({ written: 1 });

      const events = await api.store.readStream(lleDesignationStreamId(lleId));
      expect(events.map((event) => event.type)).toEqual([
        'LLEDesignated',
        'LLEAssignedToCluster',
        'LLEMovedBetweenClusters',
        'LLEDesignationSuspended',
        'LLEDesignationReinstated',
        'LLEDesignationEnded',
      ]);
      expect(inClear(events)).not.toMatch(/NOTE|REASON/);
    });
  });

  describe('erasing a person', () => {
    it('clears their details, destroys their key and records PersonalDataErased', async () => {
      const body = applicationBody();
      const { applicationId, applicantId } = await submit(body);
      await expectNothingWritten(async () => {
        expect((await post(`/people/${applicantId}/erasure`, tokens.broker, { reason: 'x' })).status).toBe(
          403,
        );
        const unknown = await post(`/people/${uuidV5Of('nobody')}/erasure`, tokens.admin, { reason: 'x' });
        expect(unknown.status).toBe(404);
        expect(unknown.body.code).toBe('PERSON_NOT_FOUND');
      });

      const reason = 'Erasure requested by the applicant';
      const erased = await post(`/people/${applicantId}/erasure`, tokens.admin, { reason });
      expect(erased.status).toBe(200);
      expect(erased.body).toMatchObject({ streamId: personStreamId(applicantId), written: 1 });
      const { rows } = await db.query(
        'SELECT full_name, email, phone, data_key, erased_at FROM people WHERE person_id = $1',
        [applicantId],
      );
      expect(rows).toEqual([
        { full_name: null, email: null, phone: null, data_key: null, erased_at: expect.any(Date) },
      ]);
      const [event] = await api.store.readStream(personStreamId(applicantId));
      expect(event).toMatchObject({ type: 'PersonalDataErased', data: { personId: applicantId, reason } });
      expect(event!.metadata).toMatchObject({ actor: { role: 'admin' }, command: 'ErasePersonalData' });

      // What the application's events hold sealed can no longer be read; the events are all still there.
      const store = new PersonalDataStore({
        query: async (sql, params) => (await db.query(sql, params)).rows as never,
      });
      const [submitted] = await api.store.readStream(applicationStreamId(applicationId));
      const sealed = (submitted!.data as { partB: Array<{ text: string }> }).partB[0]!.text;
      expect(await store.unseal(applicantId, sealed)).toBeUndefined();

      await expectNothingWritten(async () => {
        const again = await post(`/people/${applicantId}/erasure`, tokens.admin, { reason });
        expect(again.body).toMatchObject({ written: 0 });
      });
    });
  });

  it('403 for an auditor on every recruitment command, and nothing written', async () => {
    const id = uuidV5Of('any');
    const commands: Array<[string, string]> = [
      ['POST', '/applications'],
      ['PUT', `/applications/${id}`],
      ['POST', `/applications/${id}/withdraw`],
      ['POST', `/applications/${id}/part-a-verification`],
      ['POST', `/applications/${id}/part-b-assessments`],
      ['POST', `/applications/${id}/reference-review`],
      ['POST', `/applications/${id}/panel-decision`],
      ['POST', `/applications/${id}/reassessments`],
      ['POST', '/lles'],
      ['POST', `/lles/${id}/suspension`],
      ['POST', `/lles/${id}/reinstatement`],
      ['POST', `/lles/${id}/ending`],
      ['POST', `/lles/${id}/cluster`],
      ['PUT', `/lles/${id}/cluster`],
      ['POST', '/system-leaders'],
      ['POST', '/clusters'],
      ['POST', `/people/${id}/erasure`],
    ];
    await expectNothingWritten(async () => {
      for (const [method, path] of commands) {
        const answer = await api.request(method, path, { token: tokens.auditor, body: {} });
        expect(`${method} ${path} ${answer.status}`).toBe(`${method} ${path} 403`);
      }
    });
  });

  describe('the whole journey, as the read models show it at each step', () => {
    /** Reads after the command's position, so each step sees its own write. */
    async function read(path: string, position: string, token = tokens.admin) {
      const answer = await api.request('GET', `${path}${path.includes('?') ? '&' : '?'}atLeast=${position}`, {
        token,
      });
      expect(answer.status).toBe(200);
      return answer.body;
    }

    it('round, application, four stages, designation into a cluster, suspension and reinstatement', async () => {
      const applicant = newApplicant();
      const submitted = await api.request('POST', '/applications', {
        token: tokens.broker,
        body: applicationBody(applicant),
      });
      const { applicationId, applicantId } = submitted.body;
      const queue = await read(`/applications?roundId=${roundId}`, submitted.body.position, tokens.assessor1);
      const queued = queue.find((a: { applicationId: string }) => a.applicationId === applicationId);
      expect(queued).toMatchObject({
        status: 'submitted',
        currentStage: 'part_a',
        applicant: { name: applicant.fullName },
      });

      const path = `/applications/${applicationId}`;
      const verified = await post(`${path}/part-a-verification`, tokens.assessor1, allMet);
      expect((await read(path, verified.body.position)).currentStage).toBe('part_b');
      await post(`${path}/part-b-assessments`, tokens.assessor2, scores(3, 4));
      const assessed = await post(`${path}/part-b-assessments`, tokens.assessor3, scores(4, 3));
      expect((await read(path, assessed.body.position)).currentStage).toBe('reference');
      const reviewed = await post(`${path}/reference-review`, tokens.assessor1, {
        supportsApplication: true,
        commitsToDeploying: true,
        notes: 'NOTES referee commits',
      });
      expect((await read(path, reviewed.body.position)).currentStage).toBe('panel');
      const decided = await post(`${path}/panel-decision`, tokens.panel, {
        decision: 'designate',
        reasons: 'REASONS',
      });
      const detail = await read(path, decided.body.position, tokens.panel);
      expect(detail).toMatchObject({
        status: 'approved',
        currentStage: 'done',
        panel: { decision: 'designate' },
      });
      // Sealed in the events, opened for the people allowed to read the application.
      expect(detail.partB.sections[0].text).toBe(`PART B impact: how ${applicant.fullName} raised standards`);
      expect(detail.history.map((h: { action: string }) => h.action)).toEqual([
        'submitted',
        'recorded',
        'recorded',
        'recorded',
        'completed',
        'recorded',
        'recorded',
      ]);

      const nle = await post('/system-leaders', tokens.admin, {
        person: { fullName: 'Noor NLE', email: 'noor.nle@example.sch.uk' },
        role: 'NLE',
        schoolUrn: SCHOOL_URN,
        alliance: 'CATSA',
        designatedOn: '2021-09-01',
      });
      const cluster = await post('/clusters', tokens.broker, {
        alliance: 'CATSA',
        name: 'Fens cluster',
        nleId: nle.body.personId,
        competencies: [{ competencyId: 'coaching', name: 'Coaching and mentoring heads' }],
      });
      const designated = await post('/lles', tokens.admin, {
        applicationId,
        from: daysFromToday(0),
        reviewOn: daysFromToday(3 * 365),
      });
      expect(designated.status).toBe(201);
      const directory = await read('/lles?status=active', designated.body.position, tokens.broker);
      expect(directory.find((l: { lleId: string }) => l.lleId === applicantId)).toMatchObject({
        status: 'active',
        alliance: 'CATSA',
        person: { name: applicant.fullName, erased: false },
      });

      const joined = await post(`/lles/${applicantId}/cluster`, tokens.broker, {
        clusterId: cluster.body.clusterId,
      });
      const clusterView = await read(
        `/clusters/${cluster.body.clusterId}`,
        joined.body.position,
        tokens.broker,
      );
      expect(clusterView).toMatchObject({ name: 'Fens cluster', nle: { name: 'Noor NLE' } });
      expect(clusterView.members.map((m: { lleId: string }) => m.lleId)).toEqual([applicantId]);

      const suspended = await post(`/lles/${applicantId}/suspension`, tokens.broker, {
        reason: 'under_review',
      });
      expect((await read(`/lles/${applicantId}`, suspended.body.position, tokens.broker)).status).toBe(
        'suspended',
      );
      const reinstated = await post(`/lles/${applicantId}/reinstatement`, tokens.admin, {});
      expect((await read(`/lles/${applicantId}`, reinstated.body.position, tokens.broker)).status).toBe(
        'active',
      );
      const history = await read(`/lles/${applicantId}/history`, reinstated.body.position, tokens.broker);
      expect(history.map((h: { action: string }) => h.action)).toEqual([
        'designated',
        'assigned_to_cluster',
        'suspended',
        'reinstated',
      ]);
      const hidden = await api.request('GET', `/lles/${applicantId}`, { token: tokens.otherBroker });
      expect(hidden.status).toBe(404);

      // Erased: the directory and the application say so; the text the applicant wrote cannot be opened.
      const erased = await post(`/people/${applicantId}/erasure`, tokens.admin, {
        reason: 'Applicant asked',
      });
      const after = await read(`/lles/${applicantId}`, erased.body.position, tokens.broker);
      expect(after.person).toEqual({ personId: applicantId, name: null, erased: true });
      const erasedDetail = await read(path, erased.body.position, tokens.panel);
      expect(erasedDetail).toMatchObject({ applicantErased: true, applicant: { name: null, erased: true } });
      expect(erasedDetail.partB.sections[0].text).toBeNull();

      // After the erasure every read model still rebuilds from the events, to the very rows it holds.
      expect(
        await projectionsDifferingFromRebuild(api.database.url, api.store, READ_MODEL_PROJECTIONS),
      ).toEqual([]);
    });
  });
});
