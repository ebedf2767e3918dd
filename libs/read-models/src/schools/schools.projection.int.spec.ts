import { randomUUID } from 'node:crypto';
import { EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES, schoolStreamId } from '@lle/domain';
import { PostgresEventStore, type JsonValue } from '@lle/event-store';
import { projectEvent, type Projection } from '@lle/projections';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { schoolsProjection } from './schools.projection';
import { SchoolsQuery } from './schools.query';

const registry = new EventRegistry(EVENT_TYPES);
const fields = { laCode: '873', laName: 'Cambridgeshire', phase: 'Secondary', status: 'Open' };

describe('schools projection', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 2 });
    dataSource = await createDataSource(database.url).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  const append = (urn: number, type: string, data: object): Promise<unknown> =>
    store.appendToStream(
      schoolStreamId(urn),
      [{ id: randomUUID(), type, data: data as JsonValue, metadata: {} }],
      'any',
    );

  async function applyAll(reverse = false): Promise<void> {
    const events = await store.readAll();
    await dataSource.transaction(async (db) => {
      for (const event of reverse ? [...events].reverse() : events) {
        await (schoolsProjection as Projection).apply(projectEvent(registry, event), db);
      }
    });
  }

  it('keeps the latest record of each school, and applying the events again changes nothing', async () => {
    await append(136853, 'SchoolRecorded', { urn: 136853, name: 'Swavesey Village College', ...fields });
    await append(110593, 'SchoolRecorded', {
      urn: 110593,
      name: 'The Fields Nursery School',
      ...fields,
      phase: 'Nursery',
    });
    await append(136853, 'SchoolRecordChanged', {
      urn: 136853,
      name: 'Swavesey Village College',
      ...fields,
      status: 'Open, but proposed to close',
      changed: ['status'],
    });
    await applyAll();
    const query = new SchoolsQuery(dataSource);
    expect(await query.get(136853)).toMatchObject({
      name: 'Swavesey Village College',
      status: 'Open, but proposed to close',
    });
    expect((await query.search({ phase: 'Nursery' })).schools.map((s) => s.urn)).toEqual([110593]);
    expect((await query.search({ name: 'village%' })).total).toBe(0);

    const before: unknown[] = await dataSource.query('SELECT * FROM schools ORDER BY urn');
    await applyAll();
    await applyAll(true);
    expect(await dataSource.query('SELECT * FROM schools ORDER BY urn')).toEqual(before);
  });
});
