/**
 * 5. Billing, in days billed per second end to end: from SupportDayLogged in the log to DayCharged and
 * ShareCredited appended, through the worker's pipeline (the reactor enqueuing a BullMQ job per day, the
 * worker billing it), against the floor: BullMQ adding (in bulk, as the reactor does) and processing as many
 * empty jobs on the same Redis at the same concurrency. Goal: at least 0.50× that.
 *
 * Before each round, new days are appended (the demo seed's placement stories copied with fresh ids, see
 * brokerage-history.ts; not timed), so every round bills days never billed before. Both run in one child
 * process of their own (see support/billing-worker.ts), each round on a queue prefix of its own.
 */
import { join } from 'node:path';
import type { BillingRun } from './support/billing-worker';
import { multiplyHistory, seedDemoHistory } from './support/brokerage-history';
import { BenchChild } from './support/child';
import { createBenchDatabase, type BenchDatabase } from './support/database';
import { alternateRounds } from './support/measure';
import { formatNumber, result, type BenchContext, type Benchmark, type BenchResult } from './support/report';

/** BILLING_CONCURRENCY's default, for the worker and the baseline alike; BENCH_BILLING_CONCURRENCY tries another. */
const CONCURRENCY = Number(process.env.BENCH_BILLING_CONCURRENCY ?? 8);
const SETTINGS = {
  quick: { days: 400, rounds: 3 },
  full: { days: 2_000, rounds: 5 },
} as const;
/** Events per day in the demo's placement stories as copied (about 5): how many events make the days asked. */
const EVENTS_PER_DAY = 5;
const SEED = { lles: 20, placements: 40, days: 250 };
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const billingBenchmark: Benchmark = {
  name: 'billing',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const settings = SETTINGS[context.mode];
    let database: BenchDatabase | undefined;
    let child: BenchChild | undefined;
    try {
      context.log('billing: creating a fresh database and seeding the demo history through the use cases');
      database = await createBenchDatabase('billing', true);
      let events = (await seedDemoHistory(database.url, SEED)).events;
      child = await BenchChild.start(
        'billing worker',
        join(__dirname, 'support', 'billing-worker.ts'),
        [database.url, REDIS_URL],
        { nodeArgs: context.serverNodeArgs },
      );
      const worker = child;
      const ours = () => worker.request<BillingRun>('ours', { concurrency: CONCURRENCY });
      const empty = (jobs: number, oneByOne = false) =>
        worker.request<BillingRun>('baseline', { jobs, concurrency: CONCURRENCY, oneByOne });

      context.log('billing: warming up (billing the seeded days, and as many empty jobs)');
      let warmup: BillingRun;
      try {
        warmup = await ours();
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        context.log(`billing: not measured: ${reason}`);
        return [notMeasured(`the billing pipeline did not run (${reason})`)];
      }
      await empty(warmup.jobs);

      const url = database.url;
      const samples = await alternateRounds(
        [
          {
            name: 'ours',
            run: async () => {
              events = await multiplyHistory(url, {
                totalEvents: events + Math.round(settings.days * EVENTS_PER_DAY),
              });
              const run = await ours();
              if (run.charged === 0) throw new Error('billing: the jobs ran but no day was charged');
              return run;
            },
          },
          { name: 'empty jobs', run: () => empty(settings.days) },
          { name: 'empty jobs added one by one', run: () => empty(settings.days, true) },
        ],
        settings.rounds,
        (name, round, run) =>
          context.log(
            `billing round ${round + 1}/${settings.rounds}: ${name} ${formatNumber(perSecond(run))} days/s ` +
              `(${formatNumber(run.jobs)} jobs${name === 'ours' ? `, ${formatNumber(run.charged)} days charged` : ''}, ` +
              `event loop ${Math.round(run.busy * 100)}% busy)`,
          ),
      );
      return [
        result({
          benchmark: 'billing',
          name: `billing: days billed end to end, concurrency ${CONCURRENCY}`,
          unit: 'days/s',
          ours: (samples.get('ours') ?? []).map(perSecond),
          baselines: {
            'empty BullMQ jobs': (samples.get('empty jobs') ?? []).map(perSecond),
            'empty jobs added one by one': (samples.get('empty jobs added one by one') ?? []).map(perSecond),
          },
          goals: ({ ratios }) => [
            { description: '≥ 0.50× empty jobs', met: (ratios['empty BullMQ jobs'] ?? 0) >= 0.5 },
          ],
          notes:
            'from SupportDayLogged in the log to DayCharged and ShareCredited: the reactor enqueuing, BullMQ, ' +
            'the billing decider reading the placement and appending; jobs for voided days count too. The ' +
            'goal is against empty jobs added in bulk, as the reactor adds them (one addBulk per batch); ' +
            'added one by one is shown for comparison with earlier runs',
        }),
      ];
    } finally {
      await child?.stop();
      await database?.drop();
    }
  },
};

function perSecond(run: BillingRun): number {
  return run.jobs / (run.elapsedMs / 1000);
}

function notMeasured(reason: string): BenchResult {
  return result({
    benchmark: 'billing',
    name: 'billing: days billed end to end',
    unit: 'days/s',
    ours: [],
    baselines: {},
    notes: `not measured: ${reason}`,
  });
}
