import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

describe('operating the API', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('/health answers without a token', async () => {
    const answer = await api.request('GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('ok');
  });

  it('/ready checks PostgreSQL, Redis, the event store and the projections', async () => {
    const answer = await api.request('GET', '/ready');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.details).sort()).toEqual([
      'eventStore',
      'postgres',
      'projections',
      'redis',
    ]);
    expect(answer.body.details.projections.rounds).toMatchObject({ status: expect.any(String) });
  });

  it('/ready says so when Redis cannot be reached', async () => {
    const broken = await startApiTestApp({ worker: false, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const answer = await broken.request('GET', '/ready');
      expect(answer.status).toBe(503);
      expect(answer.body.details.redis.status).toBe('down');
      expect(answer.body.details.postgres.status).toBe('up');
    } finally {
      await broken.close();
      process.env.REDIS_URL = 'redis://127.0.0.1:6379';
    }
  });

  it('/metrics has request latency, commands by outcome and projection lag', async () => {
    const admin = await api.token('admin');
    await api.request('POST', '/rounds', { token: admin, body: { alliance: 'CATSA' } });
    const response = await fetch(`${api.baseUrl}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/rounds"/);
    expect(text).toContain('commands_total{route="POST /rounds",outcome="invalid"} 1');
    expect(text).toMatch(/projection_lag\{projection="rounds"\} \d+/);
  });

  it('/docs serves the OpenAPI page and /docs-json every command, query, error shape and role', async () => {
    const page = await fetch(`${api.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
    const { body: spec } = await api.request('GET', '/docs-json');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/rounds',
        '/rounds/{roundId}',
        '/rounds/{roundId}/dates',
        '/rounds/{roundId}/close',
      ]),
    );
    expect(spec.paths['/rounds'].post.responses['422'].content['application/json'].schema.$ref).toContain(
      'ProblemDetailsDto',
    );
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.paths['/rounds'].post.summary).toContain('(admin)');
    expect(spec.paths['/rounds'].post['x-roles']).toEqual(['admin']);
  });

  it('shutting down finishes the requests in flight before closing', async () => {
    const closing = await startApiTestApp({ worker: false });
    const token = await closing.token('admin');
    // A read that waits (up to READ_YOUR_WRITES_TIMEOUT_MS) for a position the read model never reaches.
    const inFlight = closing.request('GET', '/rounds?atLeast=999999', { token });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await closing.close();
    const answer = await inFlight;
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('READ_MODEL_BEHIND');
  });
});
