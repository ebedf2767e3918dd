import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { median, pairedRatio } from './measure';

export type Better = 'higher' | 'lower';

export interface Goal {
  /** What the goal asks, in words: "≥ 0.70× raw insert". */
  readonly description: string;
  readonly met: boolean;
}

/** One figure of one benchmark: ours, each baseline's (same unit), and ours ÷ each baseline. */
export interface BenchResult {
  readonly benchmark: string;
  readonly name: string;
  readonly unit: string;
  readonly better: Better;
  readonly ours: number;
  readonly baselines: Readonly<Record<string, number>>;
  readonly ratios: Readonly<Record<string, number>>;
  readonly goals: readonly Goal[];
  /** Every round's figure, ours and each baseline's, for a reader who distrusts the median. */
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly notes?: string;
  /** The machine's 1-minute load average when the benchmark started and ended (filled by the runner). */
  readonly loadAverage?: { readonly start: number; readonly end: number };
}

export interface MachineInfo {
  readonly cores: number;
  readonly memoryGiB: number;
  readonly cpu: string;
  readonly node: string;
  readonly postgres: string;
}

export interface BenchContext {
  readonly mode: 'quick' | 'full';
  /** Node options for the processes under test (--cpu-prof with `--profile`). */
  readonly serverNodeArgs: readonly string[];
  log(line: string): void;
}

/** A benchmark file's export: what the runner runs. */
export interface Benchmark {
  readonly name: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}

export function machineInfo(postgres: string): MachineInfo {
  return {
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    postgres,
  };
}

/**
 * Builds a result from every round's figures (in round order, each round having run every system back to
 * back): each figure is the median of its rounds, and each ratio, ours ÷ baseline whichever way is better, is
 * the median of the per-round ratios, which cancels drift between rounds better than a ratio of medians.
 */
export function result(fields: {
  benchmark: string;
  name: string;
  unit: string;
  better?: Better;
  ours: readonly number[];
  baselines: Readonly<Record<string, readonly number[]>>;
  goals?: (figures: { ours: number; ratios: Record<string, number> }) => Goal[];
  notes?: string;
}): BenchResult {
  const ours = median(fields.ours);
  const baselines: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const samples: Record<string, readonly number[]> = { ours: fields.ours };
  for (const [name, values] of Object.entries(fields.baselines)) {
    baselines[name] = median(values);
    ratios[name] = pairedRatio(fields.ours, values);
    samples[name] = values;
  }
  return {
    benchmark: fields.benchmark,
    name: fields.name,
    unit: fields.unit,
    better: fields.better ?? 'higher',
    ours,
    baselines,
    ratios,
    goals: fields.goals?.({ ours, ratios }) ?? [],
    samples,
    ...(fields.notes === undefined ? {} : { notes: fields.notes }),
  };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-GB');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : String(value);
}

/** The summary table: one line per figure, each baseline with our ratio to it, then the goals. */
export function renderTable(results: readonly BenchResult[]): string {
  const rows: string[][] = [['benchmark', 'unit', 'ours', 'baselines (ours ÷ baseline)', 'goals']];
  for (const item of results) {
    const baselines = Object.entries(item.baselines)
      .map(([name, value]) => `${name} ${formatNumber(value)} (${formatRatio(item.ratios[name] ?? NaN)})`)
      .join(', ');
    const goals = item.goals.map((goal) => `${goal.met ? 'met' : 'MISSED'}: ${goal.description}`).join('; ');
    rows.push([
      item.name,
      `${item.unit}${item.better === 'lower' ? ' ↓' : ''}`,
      formatNumber(item.ours),
      baselines || '-',
      goals || '-',
    ]);
  }
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(' | ')
      .trimEnd();
  const [header, ...body] = rows;
  return [line(header ?? []), widths.map((width) => '-'.repeat(width)).join('-|-'), ...body.map(line)].join(
    '\n',
  );
}

/**
 * bench/results/latest.json: one object per figure, each carrying the machine and the date; formatted by
 * Prettier, so that the lint stays clean whether or not the file is committed.
 */
export async function writeResults(
  results: readonly BenchResult[],
  machine: MachineInfo,
  mode: 'quick' | 'full',
  date: Date,
): Promise<string> {
  const directory = join(__dirname, '..', 'results');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'latest.json');
  const objects = results.map((item) => ({
    ...item,
    cores: machine.cores,
    memoryGiB: machine.memoryGiB,
    cpu: machine.cpu,
    node: machine.node,
    postgres: machine.postgres,
    mode,
    date: date.toISOString(),
  }));
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(JSON.stringify(objects), { ...options, filepath: file }));
  return file;
}
