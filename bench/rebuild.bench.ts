/**
 * 4. Projection rebuild, in events per second: `rebuildProjection` (what `npm run projections:rebuild` runs)
 * of the deployment dashboard (the placements projection while the dashboard is not among
 * READ_MODEL_PROJECTIONS) from a log of 1,000,000 events (quick: 20,000), against the read floor: a raw
 * SELECT of the same events in pages of the same size, rows as pg parses them and nothing applied. Goal:
 * at least 20,000 events/s.
 *
 * 6. Memory: the peak RSS (VmHWM) of the process rebuilding, beside the reader's.
 *
 * The log is the demo seed's history (through the use cases), its placement stories then copied with fresh
 * ids through the store's append until it holds the number of events asked (see brokerage-history.ts).
 * The rebuild and the reader run in child processes of their own, on the same database.
 */
import { join } from 'node:path';
import { READ_MODEL_PROJECTIONS } from '@lle/read-models';
import { multiplyHistory, seedDemoHistory } from './support/brokerage-history';
import { BenchChild, peakRss, resetPeakRss } from './support/child';
import { createBenchDatabase, type BenchDatabase } from './support/database';
import { alternateRounds } from './support/measure';
import type { RebuildRun } from './support/projector';
import { formatNumber, result, type BenchContext, type Benchmark, type BenchResult } from './support/report';

/** The projection measured: the dashboard once it is registered, else the placements one. */
const PREFERRED = ['deployment_dashboard', 'placements'];
const CHUNK_SIZE = 5_000;
const GOAL_EVENTS_PER_SECOND = 20_000;

const SETTINGS = {
  quick: { events: 100_000, rounds: 1 },
  full: { events: 1_000_000, rounds: 3 },
} as const;

/** The demo seed's small history: the stories that are copied. */
const SEED = { lles: 40, placements: 80, days: 500 };

interface RoundSample {
  readonly eventsPerSecond: number;
  readonly peakRssMiB: number;
}

export const rebuildBenchmark: Benchmark = {
  name: 'rebuild',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const settings = SETTINGS[context.mode];
    const projection = PREFERRED.find((name) => READ_MODEL_PROJECTIONS.some((p) => p.name === name));
    if (!projection) throw new Error(`None of ${PREFERRED.join(', ')} is among READ_MODEL_PROJECTIONS`);
    let database: BenchDatabase | undefined;
    const children: BenchChild[] = [];
    try {
      context.log('rebuild: creating a fresh database and seeding the demo history through the use cases');
      database = await createBenchDatabase('rebuild', true);
      const seeded = await seedDemoHistory(database.url, SEED);
      context.log(
        `rebuild: ${formatNumber(seeded.events)} events seeded; copying placement stories up to ` +
          `${formatNumber(settings.events)} events`,
      );
      let lastLog = Date.now();
      const started = Date.now();
      const total = await multiplyHistory(database.url, {
        totalEvents: settings.events,
        writers: 8,
        onProgress: (events) => {
          if (Date.now() - lastLog < 5_000) return;
          lastLog = Date.now();
          context.log(`rebuild: ${formatNumber(events)} of ${formatNumber(settings.events)} events appended`);
        },
      });
      context.log(
        `rebuild: ${formatNumber(total)} events in the log (appended in ${((Date.now() - started) / 1000).toFixed(0)}s); ` +
          `rebuilding ${projection}`,
      );

      const [projector, reader] = await Promise.all(
        ['projector', 'reader'].map((label) =>
          BenchChild.start(label, join(__dirname, 'support', 'projector.ts'), [database!.url], {
            nodeArgs: context.serverNodeArgs,
          }),
        ),
      );
      children.push(projector!, reader!);
      const contenders = [
        {
          name: 'ours',
          child: projector!,
          run: () => projector!.request<RebuildRun>('rebuild', { projection, chunkSize: CHUNK_SIZE }),
        },
        {
          name: 'read floor',
          child: reader!,
          run: () => reader!.request<RebuildRun>('read', { pageSize: CHUNK_SIZE }),
        },
      ];
      const samples = await alternateRounds<RoundSample>(
        contenders.map((contender) => ({
          name: contender.name,
          run: async () => {
            resetPeakRss(contender.child.pid);
            const run = await contender.run();
            if (run.events !== total) {
              throw new Error(`${contender.name} went through ${run.events} events, not ${total}`);
            }
            return {
              eventsPerSecond: run.events / (run.elapsedMs / 1000),
              peakRssMiB: peakRss(contender.child.pid) / 1024 ** 2,
            };
          },
        })),
        settings.rounds,
        (name, round, sample) =>
          context.log(
            `rebuild round ${round + 1}/${settings.rounds}: ${name} ${formatNumber(sample.eventsPerSecond)} events/s, ` +
              `peak RSS ${formatNumber(sample.peakRssMiB)} MiB`,
          ),
      );
      const figures = (name: string, pick: (sample: RoundSample) => number) =>
        (samples.get(name) ?? []).map(pick);
      const label = `${projection} from ${formatNumber(total)} events`;
      return [
        result({
          benchmark: 'rebuild',
          name: `rebuild: ${label}`,
          unit: 'events/s',
          ours: figures('ours', (sample) => sample.eventsPerSecond),
          baselines: { 'read floor': figures('read floor', (sample) => sample.eventsPerSecond) },
          goals: ({ ours }) => [
            {
              description: `≥ ${formatNumber(GOAL_EVENTS_PER_SECOND)} events/s`,
              met: ours >= GOAL_EVENTS_PER_SECOND,
            },
          ],
          notes:
            `rebuildProjection end to end (scratch tables, replay in chunks of ${formatNumber(CHUNK_SIZE)}, ` +
            'indexes, swap); the read floor is a raw SELECT of the same events in pages of the same size',
        }),
        result({
          benchmark: 'memory',
          name: `memory: peak RSS of the projector rebuilding ${label}`,
          unit: 'MiB',
          better: 'lower',
          ours: figures('ours', (sample) => sample.peakRssMiB),
          baselines: { 'read floor': figures('read floor', (sample) => sample.peakRssMiB) },
          notes: 'VmHWM of each child process over each round (reset before it)',
        }),
      ];
    } finally {
      await Promise.all(children.map((child) => child.stop()));
      await database?.drop();
    }
  },
};
