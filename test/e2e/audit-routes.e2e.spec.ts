import { randomUUID } from 'node:crypto';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  example?: unknown;
  schema?: { type?: string; format?: string; enum?: unknown[]; example?: unknown; default?: unknown };
}

interface Operation {
  parameters?: Parameter[];
  security?: unknown[];
  'x-roles'?: string[];
}

interface Route {
  method: string;
  /** The OpenAPI path, e.g. /placements/{placementId}. */
  path: string;
  operation: Operation;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every route of the running API, from its own OpenAPI document: whatever exists when the test runs. */
async function routesOf(api: ApiTestApp): Promise<Route[]> {
  const document = await api.request<{ paths: Record<string, Record<string, Operation>> }>(
    'GET',
    '/docs-json',
  );
  expect(document.status).toBe(200);
  return Object.entries(document.body.paths).flatMap(([path, operations]) =>
    METHODS.flatMap((method) =>
      operations[method] ? [{ method: method.toUpperCase(), path, operation: operations[method] }] : [],
    ),
  );
}

/** A value a parameter accepts: its enum's first, its example, or one made from its type and format. */
function sampleValue(parameter: Parameter): string {
  const schema = parameter.schema ?? {};
  const given = schema.enum?.[0] ?? parameter.example ?? schema.example ?? schema.default;
  if (given !== undefined) return typeof given === 'string' ? given : JSON.stringify(given);
  if (schema.format === 'uuid' || /id$/i.test(parameter.name)) return randomUUID();
  if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
  if (schema.format === 'date-time') return new Date().toISOString();
  if (schema.type === 'integer' || schema.type === 'number') return '1';
  if (schema.type === 'boolean') return 'true';
  return 'x';
}

/** The route with its path parameters filled (things that do not exist) and its required query given. */
function urlOf({ path, operation }: Route): string {
  const parameters = operation.parameters ?? [];
  const filled = path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name) ?? { name, in: 'path' };
    return encodeURIComponent(sampleValue(parameter));
  });
  const query = parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(sampleValue(p))}`);
  return query.length > 0 ? `${filled}?${query.join('&')}` : filled;
}

interface Answer {
  readonly status: number;
  readonly code?: string;
}

/** Any answer, JSON or not (metrics are text): its status and, for a problem document, its code. */
async function call(api: ApiTestApp, method: string, url: string, token?: string): Promise<Answer> {
  const response = await fetch(`${api.baseUrl}${url}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }),
    },
    body: method === 'GET' ? undefined : '{}',
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : {};
  return { status: response.status, code: json?.code };
}

/**
 * Done when an auditor's token reads every history and view and changes nothing: every route the API has
 * right now is called with an auditor's token. Every POST, PUT, PATCH and DELETE answers 403; every GET
 * answers 200, or 404 for the things that do not exist that its path names.
 */
describe('an auditor on every route', () => {
  let api: ApiTestApp;
  let auditor: string;
  let routes: Route[];

  beforeAll(async () => {
    api = await startApiTestApp({ worker: false });
    auditor = await api.token('auditor');
    routes = await routesOf(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('finds the routes (commands and queries, the audit ones among them)', () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /placements',
        'POST /people/{personId}/erasure',
        'GET /placements/{placementId}',
        'GET /audit/streams/{streamId}/events',
        'GET /audit/as-at/{view}/{key}',
        'GET /audit/trail',
      ]),
    );
    expect(routes.filter((route) => route.method !== 'GET').length).toBeGreaterThan(20);
  });

  it('gets 403 on every route that changes something, and nothing is written', async () => {
    const before = await api.store.headPosition();
    const answers: string[] = [];
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      // A route anyone may call without a token (signing out of the queue board) says nothing about roles.
      if ((await call(api, route.method, urlOf(route))).status !== 401) continue;
      const answer = await call(api, route.method, urlOf(route), auditor);
      answers.push(`${route.method} ${route.path} ${answer.status} ${answer.code}`);
    }
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((line) => !/ 403 AUTH_(AUDITOR_READ_ONLY|ROLE_NOT_ALLOWED)$/.test(line))).toEqual(
      [],
    );
    expect(await api.store.headPosition()).toBe(before);
  });

  it('gets 200, or 404 for what does not exist, on every route that reads it may call', async () => {
    const answers: string[] = [];
    const refused: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const url = urlOf(route);
      // Operations (health, readiness, metrics) need no token: they say nothing about what a role may do.
      if ((await call(api, 'GET', url)).status !== 401) continue;
      const answer = await call(api, 'GET', url, auditor);
      const roles = route.operation['x-roles'];
      if (roles && !roles.includes('auditor')) {
        // A tool of another role (a broker's ranked matches), documented as such: refused, consistently.
        refused.push(`GET ${route.path} ${answer.status} ${answer.code ?? ''}`);
        continue;
      }
      answers.push(`GET ${route.path} ${answer.status} ${answer.code ?? ''}`.trim());
    }
    expect(refused.filter((line) => !line.endsWith(' 403 AUTH_ROLE_NOT_ALLOWED'))).toEqual([]);
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((line) => !/ (200|404)( [A-Z_]+_NOT_FOUND)?$/.test(line))).toEqual([]);
  });
});
