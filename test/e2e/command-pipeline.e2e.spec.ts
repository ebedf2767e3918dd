import { WrongExpectedRevisionError, type EventStore } from '@lle/event-store';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * Every outcome of the command path over real HTTP, with real tokens, on a database of its own: what is
 * answered, and that nothing is written when the answer is an error.
 */
describe('the command path (rounds)', () => {
  let api: ApiTestApp;
  let admin: string;

  const round = {
    alliance: 'CATSA',
    opensOn: '2027-01-11',
    closesOn: '2027-02-12',
    decisionsBy: '2027-03-19',
    inductionDates: ['2027-04-20'],
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    admin = await api.token('admin');
  });

  afterAll(async () => {
    await api?.close();
  });

  async function expectNothingWritten(action: () => Promise<unknown>): Promise<void> {
    const before = await api.store.headPosition();
    await action();
    expect(await api.store.headPosition()).toBe(before);
  }

  it('201: opens a round, answers its stream, revision and position, and echoes the correlation id', async () => {
    const answer = await api.request('POST', '/rounds', {
      token: admin,
      body: round,
      headers: { 'X-Correlation-Id': 'round-opening-1' },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-correlation-id')).toBe('round-opening-1');
    expect(answer.body).toMatchObject({ streamId: `round-${answer.body.roundId}`, revision: 0, written: 1 });

    const [event] = await api.store.readStream(answer.body.streamId);
    expect(event!.position.toString()).toBe(answer.body.position);
    expect(event!.metadata).toMatchObject({
      actor: { subject: 'admin-all', role: 'admin' },
      command: 'ScheduleRound',
      correlationId: 'round-opening-1',
      schemaVersion: 2,
    });
    expect(typeof event!.metadata.causationId).toBe('string');
    expect(Date.parse(event!.metadata.occurredAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads its own write: ?atLeast= waits for the projection, then the round is listed', async () => {
    const created = await api.request('POST', '/rounds', {
      token: admin,
      body: { ...round, alliance: 'CASSA' },
    });
    const listed = await api.request('GET', `/rounds?atLeast=${created.body.position}`, { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.map((r: { roundId: string }) => r.roundId)).toContain(created.body.roundId);
    const one = await api.request('GET', `/rounds/${created.body.roundId}?atLeast=${created.body.position}`, {
      token: admin,
    });
    expect(one.body).toMatchObject({ alliance: 'CASSA', phase: 'upcoming', inductionDates: ['2027-04-20'] });
  });

  it('503 with Retry-After when the read model has not reached the position asked for', async () => {
    const answer = await api.request('GET', '/rounds?atLeast=999999999', { token: admin });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body.code).toBe('READ_MODEL_BEHIND');
  });

  it('400: every failing field is named, and nothing is written', async () => {
    await expectNothingWritten(async () => {
      const answer = await api.request('POST', '/rounds', {
        token: admin,
        body: { alliance: 'NOWHERE', opensOn: '2027-02-30', closesOn: '2027-02-12', unexpected: true },
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      const fields = answer.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['alliance', 'decisionsBy', 'inductionDates', 'opensOn', 'unexpected']);
    });
  });

  it('401: no token, a malformed one, or one signed by another key', async () => {
    await expectNothingWritten(async () => {
      const none = await api.request('POST', '/rounds', { body: round });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      const garbage = await api.request('POST', '/rounds', { body: round, token: 'not.a.token' });
      expect(garbage.status).toBe(401);
      const [header, payload] = admin.split('.');
      const forged = await api.request('POST', '/rounds', {
        body: round,
        token: `${header}.${payload}.AAAA`,
      });
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('AUTH_TOKEN_BAD_SIGNATURE');
    });
  });

  it('403: a broker may not open rounds, and an auditor may read but change nothing', async () => {
    const broker = await api.token('broker', 'CATSA');
    const auditor = await api.token('auditor');
    await expectNothingWritten(async () => {
      expect((await api.request('POST', '/rounds', { token: broker, body: round })).status).toBe(403);
      const audited = await api.request('POST', '/rounds', { token: auditor, body: round });
      expect(audited.status).toBe(403);
    });
    expect((await api.request('GET', '/rounds', { token: auditor })).status).toBe(200);
  });

  it("404: another alliance's round is answered as if it did not exist; so is a round that does not", async () => {
    const cassa = await api.request('POST', '/rounds', {
      token: admin,
      body: { ...round, alliance: 'CASSA' },
    });
    const catsaBroker = await api.token('broker', 'CATSA');
    const cassaBroker = await api.token('broker', 'CASSA');
    const path = `/rounds/${cassa.body.roundId}?atLeast=${cassa.body.position}`;

    expect((await api.request('GET', path, { token: cassaBroker })).status).toBe(200);
    const hidden = await api.request('GET', path, { token: catsaBroker });
    expect(hidden.status).toBe(404);
    const missing = await api.request('GET', '/rounds/6f1c2a8e-4b7d-4e0f-9a3c-5d2e1b0a9f8e', {
      token: catsaBroker,
    });
    expect(hidden.body).toMatchObject({ code: 'ROUND_NOT_FOUND', status: 404 });
    expect(missing.body).toMatchObject({ code: 'ROUND_NOT_FOUND', status: 404 });
    const listed = await api.request('GET', '/rounds', { token: catsaBroker });
    expect(listed.body.every((r: { alliance: string }) => r.alliance === 'CATSA')).toBe(true);

    await expectNothingWritten(async () => {
      const amend = await api.request('PUT', '/rounds/6f1c2a8e-4b7d-4e0f-9a3c-5d2e1b0a9f8e/dates', {
        token: admin,
        body: {
          opensOn: '2027-01-11',
          closesOn: '2027-02-12',
          decisionsBy: '2027-03-19',
          inductionDates: [],
        },
      });
      expect(amend.status).toBe(404);
      expect(amend.body.code).toBe('ROUND_NOT_FOUND');
    });
  });

  it('422: a broken rule answers its stable code and a message, and nothing is written', async () => {
    await expectNothingWritten(async () => {
      const answer = await api.request('POST', '/rounds', {
        token: admin,
        body: { ...round, decisionsBy: '2027-02-01' },
      });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        code: 'ROUND_DATES_OUT_OF_ORDER',
        detail: 'Decisions are due by 2027-02-01, before the round closes on 2027-02-12',
      });
    });
  });

  it('Idempotency-Key: the same request again returns the first response and writes nothing', async () => {
    const key = { 'Idempotency-Key': 'open-catsa-spring-2027' };
    const first = await api.request('POST', '/rounds', { token: admin, body: round, headers: key });
    expect(first.status).toBe(201);
    await expectNothingWritten(async () => {
      const again = await api.request('POST', '/rounds', { token: admin, body: { ...round }, headers: key });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });
  });

  it('Idempotency-Key reused with another body: 422, and nothing is written', async () => {
    const key = { 'Idempotency-Key': 'open-cattsa-spring-2027' };
    await api.request('POST', '/rounds', {
      token: admin,
      body: { ...round, alliance: 'CATTSA' },
      headers: key,
    });
    await expectNothingWritten(async () => {
      const reused = await api.request('POST', '/rounds', {
        token: admin,
        body: { ...round, alliance: 'CASSA' },
        headers: key,
      });
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });
});

describe('the command path when the stream keeps moving', () => {
  let api: ApiTestApp;
  let appends = 0;

  beforeAll(async () => {
    // Every append to a round stream loses a race, as if another admin always wrote first.
    api = await startApiTestApp({
      worker: false,
      wrapEventStore: (store: EventStore): EventStore =>
        new Proxy(store, {
          get(target, property, receiver) {
            if (property === 'appendToStream') {
              return async (streamId: string) => {
                appends++;
                throw new WrongExpectedRevisionError(streamId, 'no_stream', 0);
              };
            }
            const value: unknown = Reflect.get(target, property, receiver);
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        }),
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('409 after one retry on fresh state, naming the stream and the revisions', async () => {
    const answer = await api.request('POST', '/rounds', {
      token: await api.token('admin'),
      body: {
        alliance: 'CATSA',
        opensOn: '2027-01-11',
        closesOn: '2027-02-12',
        decisionsBy: '2027-03-19',
        inductionDates: [],
      },
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'CONCURRENT_CHANGE',
      expectedRevision: 'no_stream',
      actualRevision: 0,
    });
    expect(answer.body.streamId).toMatch(/^round-/);
    expect(appends).toBe(2);
    expect(await api.store.headPosition()).toBeUndefined();
  });
});
