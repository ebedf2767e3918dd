/**
 * 7. Dashboards: how long the deployment dashboard's and the impact evaluation's queries take, at p95, on a
 * demo history in a database of its own: the large demo (2,000 LLEs, 20,000 placements, 200,000 days,
 * written through the use cases as `npm run seed:demo -- --size large` does, which takes many minutes) in
 * the full run, the small demo in `--quick`. The projections (schools, deployment_dashboard,
 * impact_evaluation) follow the history as it is written. Baseline: a `SELECT 1` round trip on the same
 * connection pool, the floor any query pays. Goal: p95 under 50 ms for every query.
 *
 * The large seed takes the best part of an hour, so `BENCH_DASHBOARDS_DATABASE=NAME` keeps the seeded
 * database under that name instead of dropping it; a later run given the same name migrates it, rebuilds the
 * three projections from its events with the current code (the rebuild of `npm run projections:rebuild`) and
 * measures the queries, without seeding again. Drop it with `dropdb NAME` when done.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CommandHandler, EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { academicYearOf, dateInEngland, EVENT_TYPES } from '@lle/domain';
import { PostgresEventStore } from '@lle/event-store';
import { ProjectionRunner, readCheckpoints, rebuildProjection } from '@lle/projections';
import {
  DeploymentDashboardQuery,
  deploymentDashboardProjection,
  ImpactEvaluationQuery,
  impactEvaluationProjection,
  schoolsProjection,
} from '@lle/read-models';
import type { DataSource } from 'typeorm';
import { DEMO_SIZES, planDemo, type DemoSize } from '../apps/cli/src/demo/plan';
import { DemoSeeder } from '../apps/cli/src/demo/seed';
import { demoUseCases } from '../apps/cli/src/demo/use-cases';
import { importSchools } from '../apps/cli/src/schools/import-schools';
import { parseSchoolsCsv } from '../apps/cli/src/schools/parse-schools-csv';
import {
  createBenchDatabase,
  databaseExists,
  keptBenchDatabase,
  type BenchDatabase,
} from './support/database';
import { alternateRounds } from './support/measure';
import { formatNumber, result, type BenchContext, type Benchmark, type BenchResult } from './support/report';

const SETTINGS: Record<'quick' | 'full', { size: DemoSize; rounds: number; queriesPerRound: number }> = {
  quick: { size: DEMO_SIZES.small, rounds: 5, queriesPerRound: 20 },
  full: { size: DEMO_SIZES.large, rounds: 9, queriesPerRound: 40 },
};
const SCHOOLS = [
  join(__dirname, '../../shared/data/schools-east.csv'),
  join(__dirname, '../test/fixtures/schools-sample.csv'),
];
const PROJECTIONS = [schoolsProjection, deploymentDashboardProjection, impactEvaluationProjection];
const GOAL_MS = 50;

/** The p95 of the times, in milliseconds. */
function p95(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

async function seed(context: BenchContext, database: BenchDatabase, size: DemoSize): Promise<DataSource> {
  const file = SCHOOLS.find((candidate) => existsSync(candidate))!;
  const rows = parseSchoolsCsv(readFileSync(file, 'utf8')).rows;
  const store = PostgresEventStore.fromUrl(database.url);
  const dataSource = await createDataSource(database.url).initialize();
  const runner = new ProjectionRunner({
    store,
    dataSource,
    projections: PROJECTIONS,
    options: { batchIdleMs: 5 },
  });
  runner.start();
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  try {
    context.log(`dashboards: importing ${formatNumber(rows.length)} schools from ${file}`);
    await importSchools(new CommandHandler(store, new EventRegistry(EVENT_TYPES)), rows, {
      importId: 'bench-dashboards',
      actor: { subject: 'schools-import', role: 'admin' },
    });
    const plan = planDemo(
      rows.map((row) => row.record),
      size,
    );
    context.log(
      `dashboards: seeding a demo history of ${formatNumber(size.lles)} LLEs, ${formatNumber(size.placements)} ` +
        `placements and ${formatNumber(size.days)} days through the use cases, the projections following`,
    );
    const seeder = new DemoSeeder(demoUseCases(store, dataSource), plan, { concurrency: 8 });
    const timer = setInterval(() => {
      const { phase, storiesDone, storiesTotal, events } = seeder.progress;
      context.log(
        `dashboards: ${phase} ${formatNumber(storiesDone)}/${formatNumber(storiesTotal)} stories, ` +
          `${formatNumber(events)} events, ${elapsed()}`,
      );
    }, 15_000);
    try {
      await seeder.run();
    } finally {
      clearInterval(timer);
    }
    const head = (await store.headPosition()) ?? 0n;
    for (;;) {
      const checkpoints = await readCheckpoints(
        dataSource,
        PROJECTIONS.map((projection) => projection.name),
      );
      const behind = checkpoints.filter((checkpoint) => checkpoint.position < head);
      if (checkpoints.length === PROJECTIONS.length && behind.length === 0) break;
      context.log(
        `dashboards: projecting, ${behind.map((c) => `${c.name} at ${c.position}`).join(', ') || 'starting'} ` +
          `of ${head}, ${elapsed()}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    context.log(`dashboards: history written and projected up to ${head} in ${elapsed()}`);
    await dataSource.query('ANALYZE');
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  } finally {
    await runner.stop();
    await store.close();
  }
}

/** A kept database seeded by an earlier run: migrated, and every projection rebuilt with today's code. */
async function reuse(context: BenchContext, database: BenchDatabase): Promise<DataSource> {
  const store = PostgresEventStore.fromUrl(database.url);
  const dataSource = await createDataSource(database.url).initialize();
  try {
    for (const projection of PROJECTIONS) {
      context.log(`dashboards: rebuilding ${projection.name} in the kept database ${database.name}`);
      const summary = await rebuildProjection({ dataSource, store }, projection, {
        onProgress: (progress) =>
          context.log(
            `dashboards: ${projection.name} ${progress.phase} at ${progress.position} of ${progress.head}, ` +
              `${formatNumber(progress.eventsPerSecond)} events/s`,
          ),
      });
      context.log(
        `dashboards: ${projection.name} rebuilt from ${formatNumber(summary.events)} events in ` +
          `${(summary.elapsedMs / 1000).toFixed(0)} s`,
      );
    }
    await dataSource.query('ANALYZE');
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  } finally {
    await store.close();
  }
}

/** Seeds a database of its own, or, given BENCH_DASHBOARDS_DATABASE, keeps it or reuses the kept one. */
async function prepare(
  context: BenchContext,
  size: DemoSize,
): Promise<{ database: BenchDatabase; dataSource: DataSource; keep: boolean }> {
  const kept = process.env.BENCH_DASHBOARDS_DATABASE;
  if (!kept) {
    const database = await createBenchDatabase('dashboards', true);
    try {
      return { database, dataSource: await seed(context, database, size), keep: false };
    } catch (error) {
      await database.drop();
      throw error;
    }
  }
  const existed = await databaseExists(kept);
  const database = await keptBenchDatabase(kept);
  context.log(
    existed
      ? `dashboards: reusing the kept database ${kept} (no seeding)`
      : `dashboards: seeding into ${kept}, kept after the run (BENCH_DASHBOARDS_DATABASE)`,
  );
  const dataSource = existed ? await reuse(context, database) : await seed(context, database, size);
  return { database, dataSource, keep: true };
}

export const dashboardsBenchmark: Benchmark = {
  name: 'dashboards',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const settings = SETTINGS[context.mode];
    let prepared: Awaited<ReturnType<typeof prepare>> | undefined;
    try {
      prepared = await prepare(context, settings.size);
      const { dataSource } = prepared;
      const deployment = new DeploymentDashboardQuery(dataSource);
      const impact = new ImpactEvaluationQuery(dataSource);
      const asOf = dateInEngland(new Date());
      const year = academicYearOf('2025-09-01').label;
      const one = { asOf, alliance: 'CATSA', academicYear: year };
      const [row] = (await deployment.dashboard(one)).rows;
      if (!row) throw new Error('The demo history has no CATSA row in 2025/26');
      const theRow = { ...one, laCode: row.laCode ?? undefined, phase: row.phase ?? undefined };
      const db = dataSource;
      const queries: Array<[string, () => Promise<unknown>]> = [
        ['deployment dashboard, whole history', () => deployment.dashboard({ asOf })],
        ['deployment dashboard, one alliance and year', () => deployment.dashboard(one)],
        [
          'drill-down: placements behind one row’s days delivered',
          () => deployment.everyPlacement(theRow, 'halfDaysDelivered'),
        ],
        [
          'drill-down: placements behind one row’s days delivered, first page of 100',
          () => deployment.placements(theRow, 'halfDaysDelivered'),
        ],
        ['drill-down: requests waiting, whole history', () => deployment.waitingRequests({ asOf })],
        ['LLE loads against capacity, one alliance and year', () => deployment.lleLoads(one)],
        ['impact summary, whole history', () => impact.summary({})],
        ['impact per cluster and competency, whole history', () => impact.competencies({})],
        ['impact per recipient school, one alliance', () => impact.recipients({ alliance: 'CATSA' })],
      ];
      const results: BenchResult[] = [];
      for (const [name, run] of queries) {
        const contenders = [
          { name: 'ours', query: run },
          { name: 'round trip', query: () => db.query('SELECT 1') },
        ];
        for (const contender of contenders) await contender.query();
        const samples = await alternateRounds(
          contenders.map((contender) => ({
            name: contender.name,
            run: async () => {
              const times: number[] = [];
              for (let k = 0; k < settings.queriesPerRound; k++) {
                const start = performance.now();
                await contender.query();
                times.push(performance.now() - start);
              }
              return p95(times);
            },
          })),
          settings.rounds,
          (who, round, ms) =>
            context.log(
              `dashboards: ${name} round ${round + 1}/${settings.rounds}: ${who} p95 ${ms.toFixed(1)} ms`,
            ),
        );
        results.push(
          result({
            benchmark: 'dashboards',
            name: `dashboards: ${name}, p95`,
            unit: 'ms',
            better: 'lower',
            ours: samples.get('ours') ?? [],
            baselines: { 'SELECT 1 round trip': samples.get('round trip') ?? [] },
            goals: ({ ours }) => [{ description: `p95 < ${GOAL_MS} ms`, met: ours < GOAL_MS }],
            notes:
              `${settings.size.placements.toLocaleString('en-GB')} placements, ${settings.size.days.toLocaleString('en-GB')} days; ` +
              `the median of ${settings.rounds} rounds' p95 over ${settings.queriesPerRound} queries each ` +
              `(worst round ${formatNumber(Math.max(...(samples.get('ours') ?? [])))} ms)`,
          }),
        );
      }
      return results;
    } finally {
      await prepared?.dataSource.destroy();
      if (prepared?.keep) context.log(`dashboards: kept the database ${prepared.database.name}`);
      else await prepared?.database.drop();
    }
  },
};
