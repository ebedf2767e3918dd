import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { createDataSource } from '@lle/database';
import {
  PostgresEventStore,
  readCheckpoints,
  verifyPostgresEventStore,
  type SqlQuery,
} from '@lle/event-store';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { typeormTransaction } from './checkpoints.module';
import { Checkpointer } from './checkpointer';

describe('the worker’s checkpointer', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let query: SqlQuery;
  const logged: string[] = [];
  const logger = {
    log: (m: string) => logged.push(m),
    error: (m: string) => logged.push(m),
  } as LoggerService;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 2 });
    dataSource = await createDataSource(database.url).initialize();
    query = (sql, params) => dataSource.query(sql, params ? [...params] : undefined);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  it('runs in the background, records a checkpoint every N events, and stops when asked', async () => {
    for (let i = 0; i < 7; i++) await append(`w-${i % 2}`);
    const checkpointer = new Checkpointer(
      store,
      typeormTransaction(dataSource),
      { every: 3, headAfterMs: 0, intervalMs: 10 },
      logger,
    );
    checkpointer.start();
    await waitFor(async () => (await readCheckpoints(query)).length === 2);
    for (let i = 0; i < 2; i++) await append('w-late');
    await waitFor(async () => (await readCheckpoints(query)).length === 3);
    await checkpointer.stop();

    expect((await readCheckpoints(query)).map((c) => c.eventCount)).toEqual([3, 6, 9]);
    expect(logged.some((line) => line.includes('(9 events)'))).toBe(true);
    await append('w-after-stop');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readCheckpoints(query)).toHaveLength(3);
  });

  it('checkpoints the head too when it is due, so the newest events are covered', async () => {
    const checkpointer = new Checkpointer(
      store,
      typeormTransaction(dataSource),
      { every: 3, headAfterMs: 1 },
      logger,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await checkpointer.runOnce()).toBe(1);
    const report = await verifyPostgresEventStore(query);
    expect(report).toMatchObject({ ok: true, events: 10, eventsAfterLastCheckpoint: 0 });
  });

  async function append(stream: string): Promise<void> {
    await store.appendToStream(stream, [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }], 'any');
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
