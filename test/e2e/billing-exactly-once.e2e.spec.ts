import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { BILLING_QUEUE } from '@lle/billing';
import {
  placementStreamId,
  type PlacementOpened,
  type RequestingBody,
  type SupportDayLogged,
} from '@lle/domain';
import { PostgresEventStore } from '@lle/event-store';
import { appendAll, createTestDatabase, type TestDatabase } from '@lle/test-support';
import { placementOpened, supportDayLogged } from '../../libs/domain/src/billing/billing.fixtures';

/**
 * Billing is exactly once in effect, for real: the real worker entry (apps/worker/src/main.ts, run from the
 * TypeScript sources through bench/register.js) bills 1,000 logged days while it is killed with SIGKILL
 * part-way and started again, or while Redis itself is killed and restarted on its append-only file. After
 * either, each day has exactly one DayCharged and one ShareCredited, and the totals are right to the penny,
 * computed here with other arithmetic than the money rules use.
 */
const ROOT = join(__dirname, '..', '..');
const DAYS = 1_000;
const BILLING_TYPES = ['DayCharged', 'ShareCredited', 'DayChargeReversed', 'ShareReversed'];

/** Four placements of 250 days: odd and even day rates, shares that round both ways, three kinds of body. */
const PLACEMENTS: { rate: number; shareBps: number; body: RequestingBody }[] = [
  { rate: 45_001, shareBps: 3_333, body: { kind: 'local_authority', laCode: '873' } },
  { rate: 38_999, shareBps: 5_000, body: { kind: 'school', urn: 110_123 } },
  { rate: 52_000, shareBps: 6_667, body: { kind: 'diocese', diocese: 'Ely' } },
  { rate: 40_003, shareBps: 10_000, body: { kind: 'school', urn: 110_124 } },
];
/** The test configures dioceses as exempt and everyone else standard (20%), through the settings. */
const VAT_ENV = { VAT_STANDARD_RATE_BPS: '2000', VAT_DEFAULT_DIOCESE: 'exempt' };
const vatRateOf = (body: RequestingBody): bigint => (body.kind === 'diocese' ? 0n : 2_000n);

interface Fixture {
  readonly placementId: string;
  readonly opened: PlacementOpened;
  readonly days: SupportDayLogged[];
}

function fixtures(): Fixture[] {
  return PLACEMENTS.map(({ rate, shareBps, body }, p) => {
    const placementId = randomUUID();
    const opened = placementOpened(placementId, {
      dayRatePence: rate,
      lleSchoolShareBps: shareBps,
      requestingBody: body,
      lleSchoolUrn: 136_500 + p,
    });
    const days = Array.from({ length: DAYS / PLACEMENTS.length }, (_, d) => {
      const date = new Date(Date.UTC(2027, 8, 1) + d * 86_400_000).toISOString().slice(0, 10);
      return supportDayLogged(placementId, randomUUID(), d % 3 === 0 ? 1 : 2, date);
    });
    return { placementId, opened, days };
  });
}

/** The totals, computed independently: BigInt, and rounding written as ceilings and floors of halves. */
function expectedTotals(all: Fixture[]): Totals {
  let net = 0n;
  let vat = 0n;
  let share = 0n;
  for (const { opened, days } of all) {
    const { dayRatePence, lleSchoolShareBps, requestingBody } = opened.data;
    for (const { data } of days) {
      const fee = (BigInt(dayRatePence) * BigInt(data.halfDays)) / 2n; // a half day rounds down
      const twice = 2n * fee * BigInt(lleSchoolShareBps);
      // Nearest penny, a half going down: ceil((2x - 1) / 2) with x in pence.
      const shared = twice <= 10_000n ? 0n : (twice - 10_000n + 19_999n) / 20_000n;
      // Nearest penny, a half going up: floor((2x + 1) / 2).
      const taxed = (2n * fee * vatRateOf(requestingBody) + 10_000n) / 20_000n;
      net += fee;
      vat += taxed;
      share += shared;
    }
  }
  return { net, vat, share, alliance: net - share };
}

interface Totals {
  net: bigint;
  vat: bigint;
  share: bigint;
  alliance: bigint;
}

interface Counts {
  readonly events: number;
  readonly days: number;
}

/** Billing events per type: how many, and for how many distinct days (streams). */
async function billingCounts(db: Pool): Promise<Record<string, Counts>> {
  const { rows } = await db.query<{ event_type: string; events: string; days: string }>(
    `SELECT event_type, count(*) AS events, count(DISTINCT stream_id) AS days
       FROM event_store.events WHERE event_type = ANY($1::text[]) GROUP BY event_type`,
    [BILLING_TYPES],
  );
  const counts: Record<string, Counts> = {};
  for (const type of BILLING_TYPES) counts[type] = { events: 0, days: 0 };
  for (const row of rows) counts[row.event_type] = { events: Number(row.events), days: Number(row.days) };
  return counts;
}

async function billedTotals(db: Pool): Promise<Totals> {
  const { rows } = await db.query<Record<keyof Totals, string>>(
    `SELECT coalesce(sum((data->>'netPence')::bigint) FILTER (WHERE event_type = 'DayCharged'), 0) AS net,
            coalesce(sum((data->'vat'->>'vatPence')::bigint) FILTER (WHERE event_type = 'DayCharged'), 0) AS vat,
            coalesce(sum((data->>'sharePence')::bigint) FILTER (WHERE event_type = 'ShareCredited'), 0) AS share,
            coalesce(sum((data->>'allianceIncomePence')::bigint) FILTER (WHERE event_type = 'ShareCredited'), 0)
              AS alliance
       FROM event_store.events WHERE event_type IN ('DayCharged', 'ShareCredited')`,
  );
  const row = rows[0]!;
  return {
    net: BigInt(row.net),
    vat: BigInt(row.vat),
    share: BigInt(row.share),
    alliance: BigInt(row.alliance),
  };
}

const workerLog: string[] = [];
const seconds = (since: number): string =>
  `${((Date.now() - since) / 1000).toFixed(1)} s after the worker started`;

/** The worker, as `npm run start:worker` runs it, but from the sources. */
function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'bench', 'register.js'), 'apps/worker/src/main.ts'],
    {
      cwd: ROOT,
      // LLE_BENCH_CHILD: transpile only the files the worker loads (cached), not the whole tree first.
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        EVENT_STORE: 'postgres',
        LLE_BENCH_CHILD: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // Its log lines (JSON; warnings and errors only), kept to say why if a wait times out.
  child.stdout?.on('data', (chunk: Buffer) => workerLog.push(chunk.toString()));
  return child;
}

function exited(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/**
 * SIGTERM: the worker finishes the jobs it runs, closes, and (as Nest does once its shutdown hooks ran)
 * raises the signal again to end; a hang would time out here.
 */
async function stopGracefully(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  expect(await exited(child)).toBe('SIGTERM');
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  diagnosis?: () => Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${diagnosis ? `: ${await diagnosis()}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A Redis of the test's own, persisting every write before answering (as production should). */
class OwnRedis {
  private process?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await until(
      'Redis to answer',
      async () => {
        const client = new Redis(this.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        try {
          await client.connect();
          return (await client.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          client.disconnect();
        }
      },
      10_000,
    );
  }

  async kill(): Promise<void> {
    const running = this.process;
    if (!running) return;
    running.kill('SIGKILL');
    await exited(running);
    this.process = undefined;
  }
}

describe('billing, exactly once in effect', () => {
  let database: TestDatabase;
  let db: Pool;
  let store: PostgresEventStore;
  let all: Fixture[];
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
    db = new Pool({ connectionString: database.url, max: 2 });
    store = PostgresEventStore.fromUrl(database.url);
    all = fixtures();
    await appendAll(
      store,
      all.map(({ placementId, opened, days }) => ({
        streamId: placementStreamId(placementId),
        events: [opened, ...days],
      })),
    );
  }, 60_000);

  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await store?.close();
    await db?.end();
    await database?.drop();
  });

  /** Everything enqueued has run: the reactor is at the head, and no job waits, runs or is delayed. */
  async function settled(queue: Queue): Promise<boolean> {
    const head = (await store.headPosition()) ?? 0n;
    const { rows } = await db.query<{ position: string }>(
      `SELECT position FROM projection_checkpoints WHERE name = 'billing_jobs_reactor'`,
    );
    if (rows.length === 0 || BigInt(rows[0]!.position) < head) return false;
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'waiting-children',
    );
    return Object.values(counts).every((count) => count === 0);
  }

  /** What the test saw when a wait timed out: the charges, the queue, and the worker's last log lines. */
  async function diagnose(queue: Queue): Promise<string> {
    const counts = await billingCounts(db);
    const jobs = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    const { rows } = await db.query<{ position: string; status: string }>(
      `SELECT position, status FROM projection_checkpoints WHERE name = 'billing_jobs_reactor'`,
    );
    const head = String(await store.headPosition());
    const log = workerLog.join('').split('\n').slice(-15).join('\n');
    return `${JSON.stringify({ counts, jobs, reactor: rows[0], head })}\n${log}`;
  }

  async function charged(): Promise<number> {
    return (await billingCounts(db)).DayCharged!.events;
  }

  /** Exactly one charge and one share per day, none reversed, and the totals to the penny. */
  async function expectExactlyOnce(label: string, queue: Queue): Promise<void> {
    const counts = await billingCounts(db);
    const charges = counts.DayCharged!;
    const duplicated = charges.events - charges.days;
    const missing = DAYS - charges.days;
    console.log(
      `${label}: ${charges.events} DayCharged for ${charges.days} days: ${duplicated} duplicated, ${missing} missing`,
    );
    expect({ duplicated, missing }).toEqual({ duplicated: 0, missing: 0 });
    expect(counts).toEqual({
      DayCharged: { events: DAYS, days: DAYS },
      ShareCredited: { events: DAYS, days: DAYS },
      DayChargeReversed: { events: 0, days: 0 },
      ShareReversed: { events: 0, days: 0 },
    });
    // Every charge names the day it charges, from the SupportDayLogged it came from.
    const { rows } = await db.query<{ unmatched: string }>(
      `SELECT count(*) AS unmatched FROM event_store.events c
        WHERE c.event_type = 'DayCharged'
          AND NOT EXISTS (SELECT 1 FROM event_store.events l
                           WHERE l.event_type = 'SupportDayLogged' AND l.event_id::text = c.data->>'sourceEventId'
                             AND l.data->>'dayId' = c.data->>'dayId')`,
    );
    expect(Number(rows[0]!.unmatched)).toBe(0);
    const totals = await billedTotals(db);
    const expected = expectedTotals(all);
    expect(totals).toEqual(expected);
    expect(totals.share + totals.alliance).toBe(totals.net);
    expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
  }

  /** The worker's environment: this test's queue prefix on the Redis at `redisUrl`, short job locks. */
  function workerEnv(
    redisUrl: string,
  ): Record<string, string> & { REDIS_URL: string; BILLING_QUEUE_PREFIX: string } {
    return {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      BILLING_QUEUE_PREFIX: `test-billing-${randomUUID()}`,
      BILLING_JOB_LOCK_MS: '2000',
      BILLING_CONCURRENCY: '8',
      ...VAT_ENV,
    };
  }

  /** Waits for every day to be charged and the queue to empty, then stops the worker as a deploy would. */
  async function finishBilling(queue: Queue, worker: ChildProcess, started: number): Promise<void> {
    await until(
      'every day charged and the queue empty',
      async () => (await charged()) >= DAYS && (await settled(queue)),
      150_000,
      () => diagnose(queue),
    );
    console.log(`every day charged and the queue empty (${seconds(started)})`);
    await stopGracefully(worker);
  }

  it('bills 1,000 days once each when the worker is killed with SIGKILL part-way and started again', async () => {
    const env = workerEnv('redis://127.0.0.1:6379');
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(BILLING_QUEUE, { connection: redis, prefix: env.BILLING_QUEUE_PREFIX });
    try {
      const started = Date.now();
      const first = startWorker(env);
      children.push(first);
      await until('the first charges', async () => (await charged()) >= 150, 60_000);
      first.kill('SIGKILL');
      expect(await exited(first)).toBe('SIGKILL');
      const atKill = await charged();
      console.log(
        `worker killed with SIGKILL after ${atKill} of ${DAYS} days were charged (${seconds(started)})`,
      );
      expect(atKill).toBeLessThan(DAYS);

      const second = startWorker(env);
      children.push(second);
      await finishBilling(queue, second, started);

      await expectExactlyOnce('after kill -9 of the worker', queue);
    } finally {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
    }
  }, 300_000);

  it('bills 1,000 days once each when Redis is killed with SIGKILL mid-run and restarted on its append-only file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lle-billing-redis-'));
    const ownRedis = new OwnRedis(await freePort(), dir);
    await ownRedis.start();
    const env = workerEnv(ownRedis.url);
    const redis = new Redis(ownRedis.url, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    const queue = new Queue(BILLING_QUEUE, { connection: redis, prefix: env.BILLING_QUEUE_PREFIX });
    queue.on('error', () => undefined);
    try {
      const started = Date.now();
      const worker = startWorker(env);
      children.push(worker);
      await until('the first charges', async () => (await charged()) >= 150, 60_000);
      await ownRedis.kill();
      const atKill = await charged();
      console.log(
        `Redis killed with SIGKILL after ${atKill} of ${DAYS} days were charged (${seconds(started)})`,
      );
      expect(atKill).toBeLessThan(DAYS);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await ownRedis.start();

      await finishBilling(queue, worker, started);

      await expectExactlyOnce('after kill -9 of Redis', queue);
    } finally {
      await queue.close().catch(() => undefined);
      redis.disconnect();
      await ownRedis.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
