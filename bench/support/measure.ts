import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/**
 * ours ÷ baseline as the median of the per-round ratios (round i of each ran back to back), which cancels
 * drift between rounds better than a ratio of medians; the ratio of medians when the rounds do not pair up.
 */
export function pairedRatio(ours: readonly number[], baseline: readonly number[]): number {
  if (ours.length !== baseline.length || ours.length === 0) return median(ours) / median(baseline);
  return median(ours.map((value, round) => value / (baseline[round] ?? Number.NaN)));
}

/** One system under test in a benchmark: what a round of it measures. */
export interface Contender<T> {
  readonly name: string;
  run(round: number): Promise<T>;
}

/**
 * Runs every contender once per round, rotating who goes first (A B C, B C A, C A B, …), so that drift on a
 * shared, noisy machine (a neighbour's load, a growing table, autovacuum) falls on all of them alike. Returns
 * each contender's samples in round order.
 */
export async function alternateRounds<T>(
  contenders: readonly Contender<T>[],
  rounds: number,
  onSample: (name: string, round: number, sample: T) => void = () => undefined,
): Promise<Map<string, T[]>> {
  const samples = new Map<string, T[]>(contenders.map((contender) => [contender.name, []]));
  for (let round = 0; round < rounds; round++) {
    const shift = round % contenders.length;
    const order = [...contenders.slice(shift), ...contenders.slice(0, shift)];
    for (const contender of order) {
      const sample = await contender.run(round);
      samples.get(contender.name)?.push(sample);
      onSample(contender.name, round, sample);
    }
  }
  return samples;
}

export interface TimedRun {
  /** Operations completed (appends, reads, requests). */
  readonly operations: number;
  /** Units of work they did (events appended or read). */
  readonly units: number;
  readonly elapsedMs: number;
}

/**
 * Runs `once` in `concurrency` loops until `durationMs` has passed, each loop starting its next operation only
 * when the last one finished. `once` returns the units of work it did. Elapsed time runs until the last
 * operation in flight at the deadline has finished.
 */
export async function timeBoxed(
  durationMs: number,
  concurrency: number,
  once: (worker: number) => Promise<number>,
): Promise<TimedRun> {
  const start = performance.now();
  const deadline = start + durationMs;
  let operations = 0;
  let units = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        // Not `units += await once()`: that reads `units` before the await and loses the other loops' work.
        const done = await once(worker);
        units += done;
        operations++;
      }
    }),
  );
  return { operations, units, elapsedMs: performance.now() - start };
}

export function perSecond(run: TimedRun): number {
  return run.units / (run.elapsedMs / 1000);
}
