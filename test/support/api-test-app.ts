import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';
import { signDevToken } from '@lle/auth';
import type { Role } from '@lle/domain';
import { EVENT_STORE, PostgresEventStore, type EventStore } from '@lle/event-store';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApplication, createFastifyAdapter } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createTestDatabase, type TestDatabase } from './postgres';

/** Deletes a test's Redis keys (its BullMQ queue) by prefix; a Redis that cannot be reached has none. */
async function deleteRedisKeys(url: string | undefined, prefix: string): Promise<void> {
  const redis = new Redis(url ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    for (let cursor = '0'; ;) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      if (next === '0') break;
      cursor = next;
    }
  } catch {
    // Nothing was written there.
  } finally {
    redis.disconnect();
  }
}

export interface HttpAnswer<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** The API over real HTTP on a database of its own, with the worker's projections running beside it. */
export interface ApiTestApp {
  readonly baseUrl: string;
  readonly database: TestDatabase;
  readonly store: EventStore;
  token(role: Role, alliance?: string, subject?: string): Promise<string>;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer<T>>;
  close(): Promise<void>;
}

export interface ApiTestAppOptions {
  /** Wraps the event store the API uses (for example to force conflicts). */
  readonly wrapEventStore?: (store: EventStore) => EventStore;
  /** Run the projections (the worker) too; default true. */
  readonly worker?: boolean;
  readonly env?: Record<string, string>;
}

export async function startApiTestApp(options: ApiTestAppOptions = {}): Promise<ApiTestApp> {
  const database = await createTestDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    EVENT_STORE: 'postgres',
    // Billing jobs (their board, their metrics) only when a test asks with env BILLING_ENABLED: 'true': they
    // append charges in the background, which a test checking that nothing was written would see. Then on
    // the local Redis, under keys of this app's own (deleted on close).
    BILLING_ENABLED: 'false',
    BILLING_QUEUE_PREFIX: `test-${database.name}`,
    ...options.env,
  });
  const { REDIS_URL: redisUrl, BILLING_QUEUE_PREFIX: billingPrefix } = process.env;

  const builder = Test.createTestingModule({ imports: [ApiModule.forRoot()] });
  if (options.wrapEventStore) {
    const wrap = options.wrapEventStore;
    builder.overrideProvider(EVENT_STORE).useFactory({
      factory: () => wrap(PostgresEventStore.fromUrl(database.url)),
    });
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), {
    bufferLogs: true,
  });
  configureApiApplication(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };

  let worker: INestApplicationContext | undefined;
  if (options.worker !== false) {
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { logger: false });
    await worker.init();
  }
  const store = app.get<EventStore>(EVENT_STORE);
  const baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    baseUrl,
    database,
    store,
    token: (role, alliance, subject = `${role}-${alliance ?? 'all'}`) =>
      signDevToken({ role, alliance, subject, audience: 'lle-brokerage', ttlSeconds: 3600 }),
    async request(method, path, { token, body, headers = {} } = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : undefined,
      };
    },
    async close() {
      await worker?.close();
      await app.close();
      await deleteRedisKeys(redisUrl, `${billingPrefix}:`);
      await database.drop();
    },
  };
}
