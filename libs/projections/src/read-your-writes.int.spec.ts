import { createDataSource } from '@lle/database';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { ReadYourWrites } from './read-your-writes';

describe('ReadYourWrites.waitForPosition', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let readYourWrites: ReadYourWrites;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
    readYourWrites = new ReadYourWrites(dataSource, {
      pollIntervalMs: 10,
      projections: ['one', 'two', 'absent'],
    });
    await dataSource.query(
      `INSERT INTO projection_checkpoints (name, position) VALUES ('one', 5), ('two', 5)`,
    );
  });

  afterAll(async () => {
    readYourWrites?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const setPosition = (name: string, position: number): Promise<unknown> =>
    dataSource.query(`UPDATE projection_checkpoints SET position = $2 WHERE name = $1`, [name, position]);

  it('answers true at once when the checkpoint is already there', async () => {
    expect(await readYourWrites.waitForPosition(['one'], 5n, 1_000)).toBe(true);
  });

  it('answers true once every named checkpoint passes the position, for every waiter', async () => {
    const started = Date.now();
    const waits = Array.from({ length: 20 }, () =>
      readYourWrites.waitForPosition(['one', 'two'], 10n, 10_000),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await setPosition('one', 12);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await setPosition('two', 10);
    expect(await Promise.all(waits)).toEqual(Array(20).fill(true));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('answers false when the time runs out first', async () => {
    const started = Date.now();
    expect(await readYourWrites.waitForPosition(['one'], 1_000n, 150)).toBe(false);
    expect(await readYourWrites.waitForPosition(['absent'], 1n, 50)).toBe(false);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('refuses a projection it does not know', async () => {
    await expect(readYourWrites.waitForPosition(['nope'], 1n, 10)).rejects.toThrow(
      /Unknown projection.*nope/,
    );
  });
});
