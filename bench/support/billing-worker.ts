/**
 * A child process billing days for bench/billing.bench.ts:
 *
 *   billing-worker.ts DATABASE_URL REDIS_URL
 *
 * 'ours' runs the worker's billing pipeline (apps/worker's BillingRuntime: the reactor that turns each
 * SupportDayLogged and SupportDayVoided after its checkpoint into a BullMQ job, and the BullMQ worker that
 * bills it into DayCharged and ShareCredited) until every job for the events now in the log has completed,
 * then stops it. 'baseline' adds as many empty jobs to a BullMQ queue on the same Redis, one at a time as the
 * reactor does, and processes them with a worker doing nothing, at the same concurrency. Each run has a
 * queue prefix of its own, obliterated after.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { validateEnvironment } from '@lle/config';
import { createDataSource } from '@lle/database';
import { PostgresEventStore } from '@lle/event-store';
import { serveBenchRequests } from './child';

export interface BillingRun {
  /** Jobs completed (days logged or voided, billed). */
  readonly jobs: number;
  readonly elapsedMs: number;
  /** DayCharged events written during the run. */
  readonly charged: number;
}

/** The reactor's checkpoint name (billing-jobs.reactor.ts) and the events it makes jobs of. */
const REACTOR = 'billing_jobs_reactor';
const JOB_EVENTS = ['SupportDayLogged', 'SupportDayVoided'];
const RUN_TIMEOUT_MS = 300_000;

async function main(): Promise<void> {
  const [url, redisUrl] = process.argv.slice(2);
  if (!url || !redisUrl) throw new Error('usage: billing-worker.ts DATABASE_URL REDIS_URL');
  Logger.overrideLogger(false);
  const pool = new Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  const count = async (sql: string, parameters: unknown[]): Promise<number> =>
    Number((await pool.query<{ n: string }>(sql, parameters)).rows[0]?.n ?? 0);
  const charges = () =>
    count(`SELECT count(*) AS n FROM event_store.events WHERE event_type = 'DayCharged'`, []);
  /** The jobs the reactor will make: days logged or voided after its checkpoint. */
  const pendingJobs = () =>
    count(
      `SELECT count(*) AS n FROM event_store.events
        WHERE event_type = ANY($1::text[])
          AND global_position > COALESCE((SELECT position FROM projection_checkpoints WHERE name = $2), 0)`,
      [JOB_EVENTS, REACTOR],
    );
  const prefix = () => `lle-bench-${randomBytes(4).toString('hex')}`;
  // The worker's event store and database pools, made once and kept across rounds as a running worker keeps
  // them: a round measures billing, not PostgreSQL starting a backend for each new connection.
  let kept: { store: PostgresEventStore; dataSource: DataSource } | undefined;
  const connections = async () =>
    (kept ??= {
      store: PostgresEventStore.fromUrl(url, { pollIntervalMs: 10 }),
      dataSource: await createDataSource(url).initialize(),
    });

  serveBenchRequests(
    {
      ours: async ({ concurrency }: { concurrency: number }): Promise<BillingRun> => {
        const { BillingRuntime } = await import('../../apps/worker/src/billing/billing.module');
        const settings = validateEnvironment({
          ...process.env,
          NODE_ENV: 'development',
          DATABASE_URL: url,
          REDIS_URL: redisUrl,
          BILLING_QUEUE_PREFIX: prefix(),
          BILLING_CONCURRENCY: String(concurrency),
        });
        const jobs = await pendingJobs();
        const chargedBefore = await charges();
        const { store, dataSource } = await connections();
        const runtime = new BillingRuntime(settings, store, dataSource, {});
        try {
          const started = performance.now();
          const done = completions(runtime.worker, jobs);
          runtime.start();
          await done;
          const elapsedMs = performance.now() - started;
          return { jobs, elapsedMs, charged: (await charges()) - chargedBefore };
        } finally {
          await runtime.queue.obliterate({ force: true }).catch(() => undefined);
          await runtime.stop();
        }
      },
      baseline: async ({ jobs, concurrency }: { jobs: number; concurrency: number }): Promise<BillingRun> => {
        const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: false });
        redis.on('error', () => undefined);
        const connection = { connection: redis, prefix: prefix() };
        const queue = new Queue('bench-empty', connection);
        const worker = new Worker('bench-empty', async () => undefined, {
          ...connection,
          concurrency,
          autorun: false,
        });
        try {
          const started = performance.now();
          const done = completions(worker, jobs);
          void worker.run();
          for (let k = 0; k < jobs; k++) await queue.add('empty', { k }, { jobId: `empty-${k}` });
          await done;
          return { jobs, elapsedMs: performance.now() - started, charged: 0 };
        } finally {
          await queue.obliterate({ force: true }).catch(() => undefined);
          await worker.close();
          await queue.close();
          redis.disconnect();
        }
      },
    },
    async () => {
      await kept?.dataSource.destroy();
      await kept?.store.close();
      await pool.end();
    },
  );
}

/** Settles once `worker` has completed `jobs` jobs; fails on a failed job or after RUN_TIMEOUT_MS. */
function completions(worker: Worker, jobs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let completed = 0;
    const timer = setTimeout(
      () => reject(new Error(`Only ${completed} of ${jobs} jobs completed in ${RUN_TIMEOUT_MS} ms`)),
      RUN_TIMEOUT_MS,
    );
    if (jobs === 0) {
      clearTimeout(timer);
      resolve();
      return;
    }
    worker.on('completed', () => {
      if (++completed === jobs) {
        clearTimeout(timer);
        resolve();
      }
    });
    worker.on('failed', (job, error) => {
      clearTimeout(timer);
      reject(new Error(`Job ${job?.id ?? '?'} failed: ${error.message}`));
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
