/**
 * The benchmark runner: `npm run bench` (full) or `npm run bench:quick` (under three minutes).
 *
 *   node -r ./bench/register.js bench/run.ts [--quick] [--only=appends,reads,http,rebuild,dashboards,billing] [--profile]
 *
 * --profile writes a CPU profile of every process under test (the append writers, the API, the bare route,
 * the projector and the reader, the billing worker) to a temporary folder, for finding where the time goes;
 * the figures of a profiled run are not comparable.
 *
 * Every benchmark runs ours and its baselines in the same run, alternating rounds, and reports the median of
 * the rounds and ours ÷ baseline. The table goes to stdout; bench/results/latest.json gets every figure.
 */
import { performance } from 'node:perf_hooks';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { appendsBenchmark } from './appends.bench';
import { billingBenchmark } from './billing.bench';
import { dashboardsBenchmark } from './dashboards.bench';
import { httpCommandBenchmark } from './http-command.bench';
import { readsBenchmark } from './reads.bench';
import { rebuildBenchmark } from './rebuild.bench';
import { dropAllBenchDatabases, serverVersion } from './support/database';
import { machineInfo, renderTable, writeResults, type BenchResult, type Benchmark } from './support/report';

const BENCHMARKS: readonly Benchmark[] = [
  appendsBenchmark,
  readsBenchmark,
  httpCommandBenchmark,
  rebuildBenchmark,
  dashboardsBenchmark,
  billingBenchmark,
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mode = args.includes('--quick') ? 'quick' : 'full';
  const only = args
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const profileDir = args.includes('--profile')
    ? join(tmpdir(), `lle-bench-profiles-${Date.now()}`)
    : undefined;
  const serverNodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const selected = BENCHMARKS.filter((benchmark) => !only || only.includes(benchmark.name));
  if (selected.length === 0) throw new Error(`No benchmark named ${only?.join(', ')}`);

  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s`;
  const log = (line: string) => console.log(`[${elapsed()}] ${line}`);
  const machine = machineInfo(await serverVersion());
  log(
    `${mode} run of ${selected.map((benchmark) => benchmark.name).join(', ')} on ${machine.cores} cores, ` +
      `${machine.memoryGiB} GiB, ${machine.cpu}, Node ${machine.node}, PostgreSQL ${machine.postgres}`,
  );

  const date = new Date();
  const results: BenchResult[] = [];
  const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
  for (const benchmark of selected) {
    const start = load();
    log(`${benchmark.name}: starting (load average ${start})`);
    const figures = await benchmark.run({ mode, serverNodeArgs, log });
    const loadAverage = { start, end: load() };
    results.push(...figures.map((figure) => ({ ...figure, loadAverage })));
    log(`${benchmark.name}: done (load average ${loadAverage.end})`);
  }

  const file = await writeResults(results, machine, mode, date);
  console.log(
    `\nResults (${mode}; medians of alternating rounds, ratios the median of per-round ratios; ↓ lower is better)\n`,
  );
  console.log(renderTable(results));
  const notes = results.filter((item) => item.notes);
  if (notes.length > 0) console.log(`\n${notes.map((item) => `- ${item.name}: ${item.notes}`).join('\n')}`);
  const busiest = Math.max(
    ...results.map((item) => Math.max(item.loadAverage?.start ?? 0, item.loadAverage?.end ?? 0)),
  );
  if (busiest > machine.cores) {
    console.log(
      `\nThe machine was busy (load average up to ${busiest} on ${machine.cores} cores): the rounds disagree more ` +
        'than usual; look at the samples in the JSON and repeat before concluding anything.',
    );
  }
  const goals = results.flatMap((item) => item.goals);
  const missed = goals.filter((goal) => !goal.met).length;
  console.log(
    `\n${goals.length - missed} of ${goals.length} goals met; written to ${relative(process.cwd(), file)} ` +
      `in ${elapsed().trim()}`,
  );
  if (profileDir)
    console.log(`CPU profiles of the processes under test (open in Chrome DevTools): ${profileDir}`);
}

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error('\nInterrupted: dropping the benchmark databases');
  void dropAllBenchDatabases().finally(() => process.exit(130));
});

main().catch(async (error: unknown) => {
  console.error(error);
  await dropAllBenchDatabases();
  process.exit(1);
});
