import { writeFileSync } from 'node:fs';
import { Client, Pool } from 'pg';
import { PlainError } from '@lle/config';
import {
  checkpointToJsonLine,
  createEventStore,
  pgQuery,
  pgTransaction,
  readCheckpoints,
  writeCheckpoints,
} from '@lle/event-store';
import { loadSettings } from '../load-settings';
import { countFlag, parseArgs, stringFlag } from './args';
import { count, seconds } from './audit-context';

/** The default distance between checkpoints, in events (the worker's CHECKPOINT_EVERY). */
export const DEFAULT_CHECKPOINT_EVERY = 1_000;

const USAGE = `Usage: npm run audit -- checkpoints [export] [--out FILE]   every checkpoint as JSON lines
       npm run audit -- checkpoints write [--every N]          checkpoint the log up to its head now`;

/**
 * `npm run audit -- checkpoints ...`: `export` (the default) writes every checkpoint over the global log as
 * JSON lines, to FILE or stdout, for an auditor to keep elsewhere (`verify --against FILE` checks the store
 * still matches it); `write` records the checkpoints due every N events and one at the current head.
 */
export async function runCheckpoints(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['out', 'every']);
  const [action = 'export', ...extra] = args.positional;
  if (extra.length > 0 || (action !== 'export' && action !== 'write')) {
    throw new PlainError(`Unknown checkpoints command ${[action, ...extra].join(' ')}\n${USAGE}`);
  }
  const settings = loadSettings();
  if (action === 'write') {
    if (args.flags.has('out')) throw new PlainError('--out goes with checkpoints export');
    const every = countFlag(args, 'every', 10_000_000) ?? DEFAULT_CHECKPOINT_EVERY;
    return writeNow(settings.DATABASE_URL, createEventStore(settings), every);
  }
  if (args.flags.has('every')) throw new PlainError('--every goes with checkpoints write');
  return exportAll(settings.DATABASE_URL, stringFlag(args, 'out'));
}

async function writeNow(
  databaseUrl: string,
  store: ReturnType<typeof createEventStore>,
  every: number,
): Promise<number> {
  const started = Date.now();
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  let shown = started;
  try {
    const result = await writeCheckpoints(store, pgTransaction(pool), {
      every,
      atHead: true,
      onProgress: ({ events, position }) => {
        if (Date.now() - shown < 1_000) return;
        shown = Date.now();
        process.stderr.write(`  read ${count(events)} events, position ${position}\n`);
      },
    });
    console.log(
      `Wrote ${count(result.written.length)} checkpoint(s) over ${count(result.eventsRead)} new events ` +
        `in ${seconds(Date.now() - started)}.`,
    );
    console.log(
      result.last
        ? `The last checkpoint is at position ${result.last.position} (${count(result.last.eventCount)} events).`
        : 'The log is empty: nothing to checkpoint.',
    );
    return 0;
  } finally {
    await pool.end();
    await store.close();
  }
}

async function exportAll(databaseUrl: string, file: string | undefined): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const checkpoints = await readCheckpoints(pgQuery(client));
    const text = checkpoints.map((checkpoint) => `${checkpointToJsonLine(checkpoint)}\n`).join('');
    const last = checkpoints.at(-1);
    const summary =
      `Exported ${count(checkpoints.length)} checkpoint(s)` +
      (last ? `; the last at position ${last.position} (${count(last.eventCount)} events)` : '') +
      (file ? ` to ${file}.` : '.');
    if (file) {
      writeFileSync(file, text);
      console.log(summary);
    } else {
      process.stdout.write(text);
      process.stderr.write(`${summary}\n`);
    }
    return 0;
  } finally {
    await client.end();
  }
}
