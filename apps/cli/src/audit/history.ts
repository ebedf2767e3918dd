import { PlainError } from '@lle/config';
import { EventHistory, type HistoryEntry } from '@lle/read-models';
import { countFlag, parseArgs, positionFlag, stringFlag, timeFlag } from './args';
import { count, type AuditContext } from './audit-context';

/** One event on one line, then its payload as stored (sealed values stay sealed); or a JSON line. */
export function printEntry(out: (line: string) => void, entry: HistoryEntry, json: boolean): void {
  if (json) {
    out(JSON.stringify(entry));
    return;
  }
  const actor = entry.actor ? `${entry.actor.subject} (${entry.actor.role})` : '-';
  out(
    `#${entry.position} ${entry.streamId}@${entry.revision} ${entry.type} recorded ${entry.recordedAt} ` +
      `by ${actor} command ${entry.command ?? '-'} correlation ${entry.correlationId ?? '-'} ` +
      `causation ${entry.causationId ?? '-'}`,
  );
  out(`    ${JSON.stringify(entry.data)}`);
}

/** `audit -- history STREAM [--json]`: every event of the stream in order. */
export async function runHistory(context: AuditContext, argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, [], ['json']);
  const [streamId] = args.positional;
  if (!streamId || args.positional.length > 1)
    throw new PlainError('Usage: npm run audit -- history STREAM [--json]');
  const events = await new EventHistory(context.store).stream(streamId);
  if (events.length === 0) {
    context.out(`There is no stream ${streamId}.`);
    return 1;
  }
  for (const entry of events) printEntry(context.out, entry, args.flags.has('json'));
  context.out(`${count(events.length)} event(s) in ${streamId}.`);
  return 0;
}

/** `audit -- correlation ID [--json]`: every event the correlation id touched, across streams. */
export async function runCorrelation(context: AuditContext, argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, [], ['json']);
  const [correlationId] = args.positional;
  if (!correlationId || args.positional.length > 1) {
    throw new PlainError('Usage: npm run audit -- correlation CORRELATION_ID [--json]');
  }
  context.out(`Reading the whole log for correlation id ${correlationId} ...`);
  const events = await new EventHistory(context.store).correlation(correlationId);
  for (const entry of events) printEntry(context.out, entry, args.flags.has('json'));
  const streams = new Set(events.map((entry) => entry.streamId));
  context.out(`${count(events.length)} event(s) in ${count(streams.size)} stream(s) carry ${correlationId}.`);
  return events.length > 0 ? 0 : 1;
}

/**
 * `audit -- events [--actor S] [--type T] [--from ISO] [--to ISO] [--after POS] [--limit N] [--json]`: one
 * page of the events matching every filter, in global order; prints the `--after` for the next page.
 */
export async function runEvents(context: AuditContext, argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ['actor', 'type', 'from', 'to', 'after', 'limit'], ['json']);
  if (args.positional.length > 0) throw new PlainError(`Unexpected argument ${args.positional[0]}`);
  const from = timeFlag(args, 'from');
  const to = timeFlag(args, 'to');
  if (from && to && to < from) throw new PlainError('--to must not come before --from');
  const page = await new EventHistory(context.store).search(
    { actor: stringFlag(args, 'actor'), type: stringFlag(args, 'type'), from, to },
    { after: positionFlag(args, 'after'), limit: countFlag(args, 'limit', 10_000) },
  );
  for (const entry of page.events) printEntry(context.out, entry, args.flags.has('json'));
  context.out(
    `${count(page.events.length)} event(s) matched, ${count(page.scanned)} looked at; ` +
      (page.next === null ? 'end of the log.' : `next page: --after ${page.next}`),
  );
  return 0;
}
