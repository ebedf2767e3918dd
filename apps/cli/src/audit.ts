import { runOrExit } from '@lle/config';
import { runAudit } from './audit/run-audit';
import { loadSettings } from './load-settings';

/**
 * `npm run audit -- <history|correlation|events|as-at|reconcile|verify|checkpoints> ...`: the auditors'
 * command line. Every run is recorded in the audit trail; see apps/cli/src/audit/run-audit.ts.
 */
runOrExit(async () => {
  process.exitCode = await runAudit(process.argv.slice(2), loadSettings());
});
