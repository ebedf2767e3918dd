import { randomUUID } from 'node:crypto';
import { createDataSource } from '@lle/database';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { PersonalDataStore } from './personal-data.store';

describe('PersonalDataStore', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PersonalDataStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
    store = new PersonalDataStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('keeps details, seals text with the person key, and erasure leaves neither readable', async () => {
    const personId = randomUUID();
    await store.record(personId, 'applicant', {
      fullName: 'Alex Example',
      email: 'alex@example.sch.uk',
      phone: '01954 000000',
    });
    const sealed = await store.seal(personId, 'I coached the head of Example Primary for two years.');
    expect(sealed).toMatch(/^pd1:/);
    expect(sealed).not.toContain('coached');
    expect(await store.unseal(personId, sealed)).toBe('I coached the head of Example Primary for two years.');
    expect(await store.get(personId)).toMatchObject({ erased: false, fullName: 'Alex Example' });

    expect(await store.erase(personId)).toBe(true);
    expect(await store.erase(personId)).toBe(false);
    expect(await store.get(personId)).toMatchObject({ erased: true });
    expect(await store.unseal(personId, sealed)).toBeUndefined();
    const [row] = await dataSource.query<Array<Record<string, unknown>>>(
      `SELECT full_name, email, phone, data_key FROM people WHERE person_id = $1`,
      [personId],
    );
    expect(row).toEqual({ full_name: null, email: null, phone: null, data_key: null });
    const anywhere = await dataSource.query<unknown[]>(
      `SELECT 1 FROM people WHERE people::text ILIKE '%Alex Example%' OR people::text ILIKE '%alex@example%'`,
    );
    expect(anywhere).toEqual([]);
    await expect(store.record(personId, 'applicant', { fullName: 'Alex Again' })).rejects.toMatchObject({
      code: 'PERSON_ERASED',
    });
  });

  it('one person key cannot open another person text', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await store.record(a, 'applicant', { fullName: 'A' });
    await store.record(b, 'applicant', { fullName: 'B' });
    const sealed = await store.seal(a, 'private');
    await expect(store.unseal(b, sealed)).rejects.toThrow();
  });
});
