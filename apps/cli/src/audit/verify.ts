import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { PlainError } from '@lle/config';
import {
  createEventStore,
  describeProblem,
  parseCheckpointLines,
  pgQuery,
  readCheckpoints,
  verifyEventStore,
  verifyPostgresEventStore,
  type GlobalPosition,
  type LogCheckpoint,
  type VerifyOptions,
  type VerifyReport,
} from '@lle/event-store';
import { loadSettings } from '../load-settings';
import { parseArgs, stringFlag } from './args';
import { count, seconds } from './audit-context';

/** How many problems the summary lists (all are counted). */
const LISTED_PROBLEMS = 20;

/**
 * `npm run audit -- verify [--against FILE]`: checks every stream's hash chain and every checkpoint over the
 * global log (and those in an exported copy, FILE), in one pass in global order. Progress goes to stderr,
 * the summary to stdout; the first problem names its stream and revision. Exits 0 when everything matches,
 * 1 when anything does not, 2 on a usage error.
 */
export async function runVerify(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['against']);
  if (args.positional.length > 0) throw new PlainError(`Unexpected argument ${args.positional[0]}`);
  const againstFile = stringFlag(args, 'against');
  const against = againstFile === undefined ? [] : readExported(againstFile);
  const settings = loadSettings();
  const started = Date.now();
  const client = new Client({ connectionString: settings.DATABASE_URL });
  await client.connect();
  let report: VerifyReport;
  try {
    // One snapshot for the whole pass: appends that land meanwhile are simply not seen.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const query = pgQuery(client);
    if (settings.EVENT_STORE === 'postgres') {
      const head = await postgresHead(client);
      report = await verifyPostgresEventStore(query, { against, onProgress: progress(head, started) });
    } else {
      const store = createEventStore(settings);
      try {
        const head = (await store.headPosition()) ?? 0n;
        const checkpoints = await readCheckpoints(query);
        report = await verifyEventStore(store, checkpoints, { against, onProgress: progress(head, started) });
      } finally {
        await store.close();
      }
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  printReport(report, againstFile, Date.now() - started);
  return report.ok ? 0 : 1;
}

function readExported(file: string): LogCheckpoint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PlainError(`--against: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseCheckpointLines(text);
  } catch (error) {
    throw new PlainError(`--against ${file}: ${(error as Error).message}`);
  }
}

async function postgresHead(client: Client): Promise<GlobalPosition> {
  const { rows } = await client.query<{ head: string | null }>(
    'SELECT max(global_position) AS head FROM event_store.events',
  );
  return BigInt(rows[0]?.head ?? 0);
}

/** Progress on stderr, at most about once a second. */
function progress(head: GlobalPosition, started: number): VerifyOptions['onProgress'] {
  let shown = started;
  return ({ events, position }) => {
    const now = Date.now();
    if (now - shown < 1_000 && position < head) return;
    shown = now;
    const share = head > 0n ? Number((position * 100n) / head) : 100;
    process.stderr.write(
      `  verified ${count(events)} events, position ${position} of ${head} (${share}%), ${seconds(now - started)}\n`,
    );
  };
}

function printReport(report: VerifyReport, againstFile: string | undefined, elapsedMs: number): void {
  const out = (line: string): void => console.log(line);
  out(
    `Verified ${count(report.events)} events in ${count(report.streams)} streams and ` +
      `${count(report.checkpointsChecked)} checkpoints${againstFile ? ` (including those in ${againstFile})` : ''} ` +
      `in ${seconds(elapsedMs)}.`,
  );
  if (report.lastCheckpoint) {
    out(
      `The last checkpoint is at position ${report.lastCheckpoint.position} ` +
        `(${count(report.lastCheckpoint.eventCount)} events); ${count(report.eventsAfterLastCheckpoint)} ` +
        'events come after it.',
    );
  }
  if (report.eventsAfterLastCheckpoint > 0) {
    out(
      `Note: for the ${count(report.eventsAfterLastCheckpoint)} events after the last checkpoint only the ` +
        "chains vouch: a stream's last event removed, or rewritten with a recomputed hash, is not detectable " +
        'there until a checkpoint covers it (`npm run audit -- checkpoints write`; the worker writes them too).',
    );
  }
  if (report.ok) {
    out('OK: every chain and every checkpoint matches the stored events.');
    return;
  }
  const first = report.problems[0]!;
  out(
    `FAILED: ${count(report.problemCount)} problem(s). The first: ` +
      (first.streamId !== undefined
        ? `stream ${first.streamId} revision ${first.revision} (position ${first.position}).`
        : `the checkpoint at position ${first.position}.`),
  );
  for (const problem of report.problems.slice(0, LISTED_PROBLEMS)) out(`  ${describeProblem(problem)}`);
  if (report.problemCount > LISTED_PROBLEMS) {
    out(`  ... and ${count(report.problemCount - LISTED_PROBLEMS)} more`);
  }
}
