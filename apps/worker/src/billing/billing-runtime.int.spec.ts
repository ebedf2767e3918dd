import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { BILLING_QUEUE } from '@lle/billing';
import { validateEnvironment } from '@lle/config';
import { createDataSource } from '@lle/database';
import { dayChargeStreamId, placementStreamId, type Event } from '@lle/domain';
import { PostgresEventStore, type EventStore } from '@lle/event-store';
import { appendAll, createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { BillingRuntime } from './billing.module';

/**
 * The worker's billing on real PostgreSQL and Redis: a day logged is enqueued by the reactor and charged by
 * the BullMQ worker; stopping (SIGTERM) lets the job it is running finish before Redis closes.
 */
describe('BillingRuntime', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const prefix = `test-billing-runtime-${randomUUID()}`;
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null, lazyConnect: true });
  const queue = new Queue(BILLING_QUEUE, { connection: redis, prefix });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
    store = PostgresEventStore.fromUrl(database.url);
  }, 60_000);

  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redis.disconnect();
    await store?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('finishes the job it is running when stopped, then closes', async () => {
    // The charge's append is held until released, so the job is still running when stop() is called.
    let appending!: () => void;
    const appendStarted = new Promise<void>((resolve) => (appending = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        appending();
        await released;
        return store.appendToStream(...args);
      },
    });
    const settings = validateEnvironment({
      NODE_ENV: 'test',
      BILLING_QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    });
    const runtime = new BillingRuntime(settings, slow, dataSource, { batchIdleMs: 5 });

    const placementId = randomUUID();
    const dayId = randomUUID();
    const opened = {
      placementId,
      requestId: 'r',
      lleId: 'l',
      alliance: 'CATSA',
      lleSchoolUrn: 1,
      recipientUrn: 2,
    };
    const events: Event[] = [
      {
        type: 'PlacementOpened',
        data: {
          ...opened,
          requestingBody: { kind: 'school', urn: 100_000 },
          dayRatePence: 30_001,
          lleSchoolShareBps: 5_000,
        },
      },
      {
        type: 'SupportDayLogged',
        data: {
          placementId,
          dayId,
          personId: 'l',
          deliveredAs: 'lle',
          date: '2027-10-20',
          halfDays: 1,
          note: '',
          loggedOn: '2027-10-20',
        },
      },
    ];
    await appendAll(store, [{ streamId: placementStreamId(placementId), events }]);

    runtime.start();
    await appendStarted;
    const stopping = runtime.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false); // waiting for the job in flight
    release();
    await stopping;

    const charge = await store.readStream(dayChargeStreamId(dayId));
    expect(charge.map((event) => event.type)).toEqual(['DayCharged', 'ShareCredited']);
    expect(charge[0]!.data).toMatchObject({ netPence: 15_000, vat: { vatPence: 3_000 } });
    expect(await queue.getJobCounts('completed', 'active', 'waiting')).toEqual({
      completed: 1,
      active: 0,
      waiting: 0,
    });
  }, 60_000);
});
