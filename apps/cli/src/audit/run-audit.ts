import { userInfo } from 'node:os';
import { PlainError, type Settings } from '@lle/config';
import { createDataSource } from '@lle/database';
import { createEventStore } from '@lle/event-store';
import { AuditTrail } from '@lle/read-models';
import { runAsAt } from './as-at';
import type { AuditContext, AuditSubcommand } from './audit-context';
import { runCheckpoints } from './checkpoints';
import { runCorrelation, runEvents, runHistory } from './history';
import { runReconcile } from './reconcile';
import { runVerify } from './verify';

const USAGE = `Usage: npm run audit -- COMMAND ...
  history STREAM [--json]                     every event of a stream, in order, with its metadata
  correlation ID [--json]                     every event one correlation id touched, across streams
  events [--actor S] [--type T] [--from ISO] [--to ISO] [--after POS] [--limit N] [--json]
                                              all events by actor, type and time, a page at a time
  as-at VIEW KEY [--position POS | --at ISO]  a view as it stood then: lle ID, placement ID,
                                              dashboard ALLIANCE|all, balances ALLIANCE|all
  reconcile [NAME ...]                        every read model rebuilt from the events and compared
  verify ...                                  the hash chain of the stored events
  checkpoints ...                             the hash chain's checkpoints`;

const OWN: Record<string, AuditSubcommand> = {
  history: runHistory,
  correlation: runCorrelation,
  events: runEvents,
  'as-at': runAsAt,
  reconcile: runReconcile,
};

/** The hash chain's subcommands (apps/cli/src/audit/verify.ts, checkpoints.ts) open their own connections. */
const EXTERNAL: Record<string, (argv: string[]) => Promise<number>> = {
  verify: runVerify,
  checkpoints: runCheckpoints,
};

export interface RunAuditOptions {
  readonly out?: (line: string) => void;
  /** Who runs it, for the audit trail; defaults to AUDIT_ACTOR or the operating-system user. */
  readonly actor?: string;
}

/**
 * `npm run audit -- COMMAND ...`: dispatches to the subcommand and records the run in the audit trail
 * (channel cli: who, the command and its arguments, the exit code), whatever its outcome. Returns the exit
 * code: 0 done, 1 a difference or nothing found, 2 a usage error.
 */
export async function runAudit(
  argv: readonly string[],
  settings: Settings,
  options: RunAuditOptions = {},
): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const [name, ...rest] = argv;
  const own = name === undefined ? undefined : OWN[name];
  const external = name === undefined ? undefined : EXTERNAL[name];
  if (!own && !external) {
    if (name !== undefined && name !== 'help' && name !== '--help') out(`Unknown audit command ${name}.`);
    out(USAGE);
    return 2;
  }

  const dataSource = await createDataSource(settings.DATABASE_URL).initialize();
  const store = createEventStore(settings);
  const context: AuditContext = { dataSource, store, out };
  let outcome = 'error';
  try {
    const code = own ? await own(context, rest) : await external!([...rest]);
    outcome = `exit ${code}`;
    return code;
  } catch (error) {
    if (error instanceof PlainError) {
      outcome = 'exit 2';
      out(error.message);
      return 2;
    }
    throw error;
  } finally {
    try {
      await new AuditTrail(dataSource).record({
        channel: 'cli',
        actor: { subject: options.actor ?? whoRuns(), role: 'operator' },
        action: `audit ${name}`,
        target: { argv: rest },
        outcome,
      });
    } finally {
      await store.close();
      await dataSource.destroy();
    }
  }
}

function whoRuns(): string {
  if (process.env.AUDIT_ACTOR) return process.env.AUDIT_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
