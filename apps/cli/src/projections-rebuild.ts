import { runOrExit } from '@lle/config';
import { createDataSource } from '@lle/database';
import { createEventStore } from '@lle/event-store';
import { rebuildProjection, type RebuildProgress } from '@lle/projections';
import { READ_MODEL_PROJECTIONS } from '@lle/read-models';
import { loadSettings } from './load-settings';

/**
 * `npm run projections:rebuild -- NAME`: rebuilds one projection from zero into fresh tables and swaps them
 * in while the API keeps answering and the worker keeps running (it waits a moment for the swap, then
 * carries on from the rebuilt position).
 */
async function rebuild(): Promise<void> {
  const names = READ_MODEL_PROJECTIONS.map((p) => p.name);
  const name = process.argv[2];
  const projection = READ_MODEL_PROJECTIONS.find((p) => p.name === name);
  if (!projection) {
    process.stderr.write(
      `${name ? `There is no projection named ${name}.\n` : ''}` +
        `Usage: npm run projections:rebuild -- NAME\nProjections: ${names.join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }

  const settings = loadSettings();
  const dataSource = await createDataSource(settings.DATABASE_URL).initialize();
  const store = createEventStore(settings);
  try {
    console.log(`Rebuilding projection ${projection.name} (tables: ${projection.tables.join(', ')}) ...`);
    const summary = await rebuildProjection({ dataSource, store }, projection, { onProgress: printProgress });
    console.log(
      `Done: ${projection.name} rebuilt to position ${summary.position} from ${count(summary.events)} events ` +
        `(${count(summary.applied)} applied) in ${seconds(summary.elapsedMs)} ` +
        `(${count(summary.eventsPerSecond)} events/s); the live runner waited ${summary.liveHeldMs} ms for the swap.`,
    );
    for (const { table, rows } of summary.tables) console.log(`  ${table}: ${count(rows)} rows`);
  } finally {
    await store.close();
    await dataSource.destroy();
  }
}

function printProgress(progress: RebuildProgress): void {
  if (progress.phase === 'done') return;
  const share = progress.head > 0n ? Number((progress.position * 100n) / progress.head) : 100;
  console.log(
    `  ${progress.phase}: position ${progress.position} of ${progress.head} (${share}%), ` +
      `${count(progress.events)} events, ${count(progress.eventsPerSecond)} events/s`,
  );
}

const count = (n: number): string => n.toLocaleString('en-GB');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

runOrExit(rebuild);
