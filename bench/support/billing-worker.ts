/**
 * A child process billing days for bench/billing.bench.ts:
 *
 *   billing-worker.ts DATABASE_URL REDIS_URL
 *
 * 'ours' runs the worker's billing pipeline (apps/worker's BillingRuntime: the reactor that turns each
 * SupportDayLogged and SupportDayVoided after its checkpoint into a BullMQ job, and the BullMQ worker that
 * bills it into DayCharged and ShareCredited) until every job for the events now in the log has completed,
 * then stops it. 'baseline' adds as many empty jobs to a BullMQ queue on the same Redis, in bulk as the
 * reactor does (one addBulk per batch of at most the projection runner's 500 events), or one at a time with
 * `oneByOne`, and processes them with a worker doing nothing, at the same concurrency. Each run has a queue
 * prefix of its own, obliterated after.
 */
import { randomBytes } from 'node:crypto';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
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
  /** The share of the run this process's event loop was busy (1: CPU-bound on its one thread). */
  readonly busy: number;
}

/** The reactor's checkpoint name (billing-jobs.reactor.ts) and the events it makes jobs of. */
const REACTOR = 'billing_jobs_reactor';
const JOB_EVENTS = ['SupportDayLogged', 'SupportDayVoided'];
const RUN_TIMEOUT_MS = 300_000;
/** The projection runner's largest batch (its maxBatchSize default): the reactor's largest addBulk. */
const BULK = 500;
/** The worker's connections beyond one per job running: the reactor's subscription and checkpoint. */
const SPARE_CONNECTIONS = 4;

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
  // Sized for the concurrency (the first round's; the bench keeps it for a run), so no job waits for one.
  let kept: { store: PostgresEventStore; dataSource: DataSource } | undefined;
  const connections = async (concurrency: number) =>
    (kept ??= {
      store: PostgresEventStore.fromUrl(url, {
        pollIntervalMs: 10,
        poolSize: Math.max(10, concurrency + SPARE_CONNECTIONS),
      }),
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
        const { store, dataSource } = await connections(concurrency);
        const runtime = new BillingRuntime(settings, store, dataSource, {});
        try {
          const started = performance.now();
          const loop = performance.eventLoopUtilization();
          const done = completions(runtime.worker, jobs);
          runtime.start();
          await done;
          const elapsedMs = performance.now() - started;
          const busy = busyShare(loop);
          return { jobs, elapsedMs, charged: (await charges()) - chargedBefore, busy };
        } finally {
          await runtime.queue.obliterate({ force: true }).catch(() => undefined);
          await runtime.stop();
        }
      },
      baseline: async ({
        jobs,
        concurrency,
        oneByOne = false,
      }: {
        jobs: number;
        concurrency: number;
        oneByOne?: boolean;
      }): Promise<BillingRun> => {
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
          const loop = performance.eventLoopUtilization();
          const done = completions(worker, jobs);
          void worker.run();
          const job = (k: number) => ({ name: 'empty', data: { k }, opts: { jobId: `empty-${k}` } });
          if (oneByOne) {
            for (let k = 0; k < jobs; k++) await queue.add('empty', { k }, job(k).opts);
          } else {
            for (let from = 0; from < jobs; from += BULK) {
              const to = Math.min(from + BULK, jobs);
              await queue.addBulk(Array.from({ length: to - from }, (_, k) => job(from + k)));
            }
          }
          await done;
          return { jobs, elapsedMs: performance.now() - started, charged: 0, busy: busyShare(loop) };
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

function busyShare(since: EventLoopUtilization): number {
  return performance.eventLoopUtilization(since).utilization;
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
