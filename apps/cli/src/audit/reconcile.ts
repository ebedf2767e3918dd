import { PlainError } from '@lle/config';
import { reconcileProjection, type Projection, type RebuildProgress } from '@lle/projections';
import { READ_MODEL_PROJECTIONS } from '@lle/read-models';
import { parseArgs } from './args';
import { count, seconds, type AuditContext } from './audit-context';

/**
 * `audit -- reconcile [NAME ...]`: rebuilds every read model (or those named) from the events into scratch
 * tables, up to its live checkpoint, and compares them row for row with the live tables; the live ones are
 * never changed. Prints progress per read model, each difference with samples, and a summary; exits 1 when
 * any read model disagrees with the events.
 */
export async function runReconcile(
  context: AuditContext,
  argv: readonly string[],
  projections: readonly Projection[] = READ_MODEL_PROJECTIONS,
): Promise<number> {
  const args = parseArgs(argv, []);
  const unknown = args.positional.filter((name) => !projections.some((p) => p.name === name));
  if (unknown.length > 0) {
    throw new PlainError(
      `There is no read model named ${unknown.join(', ')}.\n` +
        `Read models: ${projections.map((p) => p.name).join(', ')}`,
    );
  }
  const chosen =
    args.positional.length > 0 ? projections.filter((p) => args.positional.includes(p.name)) : projections;
  const { out } = context;
  const started = Date.now();
  const differing: string[] = [];
  let events = 0;

  for (const [index, projection] of chosen.entries()) {
    out(`[${index + 1}/${chosen.length}] ${projection.name} (${projection.tables.join(', ')}) ...`);
    const report = await reconcileProjection(
      { dataSource: context.dataSource, store: context.store },
      projection,
      {
        onProgress: (progress) => printProgress(out, progress),
      },
    );
    events += report.events;
    if (report.identical) {
      const rows = report.tables.reduce((sum, table) => sum + table.liveRows, 0);
      out(`  identical: ${count(rows)} rows at position ${report.position}`);
      continue;
    }
    differing.push(projection.name);
    for (const table of report.tables) {
      if (table.onlyLive === 0 && table.onlyRebuilt === 0) continue;
      out(
        `  DIFFERENT: ${table.table}: ${count(table.onlyLive)} row(s) only in the live table, ` +
          `${count(table.onlyRebuilt)} only in the rebuild from the events ` +
          `(live ${count(table.liveRows)} rows, rebuilt ${count(table.rebuiltRows)})`,
      );
      for (const row of table.samples.onlyLive) out(`    live:    ${JSON.stringify(row)}`);
      for (const row of table.samples.onlyRebuilt) out(`    rebuilt: ${JSON.stringify(row)}`);
    }
  }

  out(
    `Reconciled ${chosen.length} read model(s) against the events (${count(events)} events replayed) in ` +
      `${seconds(Date.now() - started)}: ${chosen.length - differing.length} identical, ${differing.length} different` +
      (differing.length > 0 ? ` (${differing.join(', ')}).` : '.'),
  );
  return differing.length > 0 ? 1 : 0;
}

function printProgress(out: (line: string) => void, progress: RebuildProgress): void {
  if (progress.phase === 'done') return;
  const share = progress.head > 0n ? Number((progress.position * 100n) / progress.head) : 100;
  out(
    `  ${progress.phase}: position ${progress.position} of ${progress.head} (${share}%), ${count(progress.events)} events`,
  );
}
