/**
 * 1. Appends through the PostgreSQL adapter, against (a) the floor: a raw `pg` INSERT of the same rows into a
 * same-shaped table, and (b) Emmett's PostgreSQL event store on its own database on the same server.
 * Goal: at least 0.70× the raw insert rate and at least 3× Emmett's, at 1 and at 16 writers.
 */
import { join } from 'node:path';
import { createBenchDatabase, createRawEventsTable, type BenchDatabase } from './support/database';
import { BenchChild } from './support/child';
import { alternateRounds, pairedRatio, perSecond, type TimedRun } from './support/measure';
import { formatNumber, result, type BenchContext, type Benchmark, type BenchResult } from './support/report';
import type { AppendRun, AppendSystem } from './support/append-writer';

interface Scenario {
  readonly writers: number;
  readonly eventsPerAppend: number;
}

const SCENARIOS: readonly Scenario[] = [
  { writers: 1, eventsPerAppend: 1 },
  { writers: 16, eventsPerAppend: 1 },
  { writers: 1, eventsPerAppend: 10 },
  { writers: 16, eventsPerAppend: 10 },
];

const SETTINGS = {
  quick: { warmupMs: 500, roundMs: 700, rounds: 5 },
  full: { warmupMs: 1500, roundMs: 1500, rounds: 11 },
} as const;

const APPENDS_PER_STREAM = 20;
const WRITER = join(__dirname, 'support', 'append-writer.ts');

export const appendsBenchmark: Benchmark = {
  name: 'appends',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const settings = SETTINGS[context.mode];
    const databases: BenchDatabase[] = [];
    const children: BenchChild[] = [];
    try {
      context.log('appends: creating a fresh database for ours, the raw insert and Emmett');
      const [oursDb, rawDb, emmettDb] = await Promise.all([
        createBenchDatabase('appends_ours', true),
        createBenchDatabase('appends_raw', false),
        createBenchDatabase('appends_emmett', false),
      ]);
      databases.push(oursDb, rawDb, emmettDb);
      await createRawEventsTable(rawDb.url);

      const start = async (system: AppendSystem, database: BenchDatabase) => {
        const child = await BenchChild.start(`append-writer ${system}`, WRITER, [system, database.url], {
          nodeArgs: context.serverNodeArgs,
        });
        children.push(child);
        return { system, child };
      };
      const systems = await Promise.all([
        start('ours', oursDb),
        start('raw', rawDb),
        start('emmett', emmettDb),
      ]);

      const results: BenchResult[] = [];
      for (const scenario of SCENARIOS) {
        const label = `${scenario.writers} writer${scenario.writers === 1 ? '' : 's'}, ${scenario.eventsPerAppend} event${scenario.eventsPerAppend === 1 ? '' : 's'} per append`;
        const run = (child: BenchChild, durationMs: number) =>
          child.request<TimedRun>('run', {
            ...scenario,
            durationMs,
            appendsPerStream: APPENDS_PER_STREAM,
          } satisfies AppendRun);

        for (const { child } of systems) await run(child, settings.warmupMs);
        const samples = await alternateRounds(
          systems.map(({ system, child }) => ({
            name: system,
            run: async () => perSecond(await run(child, settings.roundMs)),
          })),
          settings.rounds,
          (name, round, rate) =>
            context.log(
              `appends [${label}] round ${round + 1}/${settings.rounds}: ${name} ${formatNumber(rate)} events/s`,
            ),
        );
        const rawOverEmmett = pairedRatio(samples.get('raw') ?? [], samples.get('emmett') ?? []);
        results.push(
          result({
            benchmark: 'appends',
            name: `appends: ${label}`,
            unit: 'events/s',
            ours: samples.get('ours') ?? [],
            baselines: { raw: samples.get('raw') ?? [], emmett: samples.get('emmett') ?? [] },
            notes:
              `raw ÷ Emmett = ${rawOverEmmett.toFixed(2)}×: what an adapter costing no more than the raw ` +
              'insert would reach against Emmett',
            goals: ({ ratios }) => [
              { description: '≥ 0.70× raw insert', met: (ratios.raw ?? 0) >= 0.7 },
              { description: '≥ 3× Emmett', met: (ratios.emmett ?? 0) >= 3 },
            ],
          }),
        );
      }
      return results;
    } finally {
      await Promise.all(children.map((child) => child.stop()));
      await Promise.all(databases.map((database) => database.drop()));
    }
  },
};
