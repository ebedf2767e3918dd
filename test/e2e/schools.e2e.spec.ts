import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandHandler, EventRegistry } from '@lle/application';
import { EVENT_TYPES } from '@lle/domain';
import { importSchools } from '../../apps/cli/src/schools/import-schools';
import { parseSchoolsCsv } from '../../apps/cli/src/schools/parse-schools-csv';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

describe('schools, imported from GIAS and read through the API', () => {
  let api: ApiTestApp;
  let token: string;
  const { rows } = parseSchoolsCsv(readFileSync(join(__dirname, '../fixtures/schools-sample.csv'), 'utf8'));

  beforeAll(async () => {
    api = await startApiTestApp();
    token = await api.token('broker', 'CATSA');
    const commands = new CommandHandler(api.store, new EventRegistry(EVENT_TYPES));
    await importSchools(commands, rows, {
      importId: 'e2e-import',
      actor: { subject: 'schools-import', role: 'admin' },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('lists the schools of a local authority once the projection has them', async () => {
    const head = (await api.store.headPosition())!;
    const answer = await api.request('GET', `/schools?la=873&limit=500&atLeast=${head}`, { token });
    const expected = rows.filter((r) => r.record.laCode === '873');
    expect(answer.status).toBe(200);
    expect(answer.body.total).toBe(expected.length);
    expect(answer.body.schools.map((s: { urn: number }) => s.urn).sort()).toEqual(
      expected.map((r) => r.record.urn).sort(),
    );
  });

  it('finds one school by URN, by part of its name, and says when there is none', async () => {
    const head = (await api.store.headPosition())!;
    const school = rows[3]!.record;
    const one = await api.request('GET', `/schools/${school.urn}?atLeast=${head}`, { token });
    expect(one.body).toEqual(school);
    const byName = await api.request(
      'GET',
      `/schools?name=${encodeURIComponent(school.name.slice(2, 9).toUpperCase())}`,
      {
        token,
      },
    );
    expect(byName.body.schools.map((s: { urn: number }) => s.urn)).toContain(school.urn);
    const missing = await api.request('GET', '/schools/999999', { token });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('SCHOOL_NOT_FOUND');
    const malformed = await api.request('GET', '/schools/abc', { token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'urn', messages: ['urn must be a number'] }]);
  });
});
