import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommandHandler, EventRegistry } from '@lle/application';
import { PlainError, runOrExit } from '@lle/config';
import { EVENT_TYPES } from '@lle/domain';
import { createEventStore } from '@lle/event-store';
import { loadSettings } from './load-settings';
import { importSchools } from './schools/import-schools';
import { parseSchoolsCsv } from './schools/parse-schools-csv';

/** `npm run schools:import -- FILE`: loads a GIAS-format CSV of schools through the command pipeline. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ifPresent = args.includes('--if-present');
  const file = args.find((arg) => !arg.startsWith('--'));
  if (!file) throw new PlainError('Usage: npm run schools:import -- FILE.csv [--if-present]');
  if (!existsSync(file)) {
    if (ifPresent) {
      console.log(
        `No schools file at ${resolve(file)}; skipped (load one with npm run schools:import -- FILE)`,
      );
      return;
    }
    throw new PlainError(`No such file: ${resolve(file)}`);
  }
  const settings = loadSettings();
  const { rows, malformed } = parseSchoolsCsv(readFileSync(resolve(file), 'utf8'));
  console.log(`Read ${rows.length + malformed.length} rows from ${file}: ${rows.length} well formed`);
  for (const { line, problems } of malformed) console.log(`  line ${line}: ${problems.join('; ')}`);

  const store = createEventStore(settings);
  try {
    const commands = new CommandHandler(store, new EventRegistry(EVENT_TYPES));
    let reported = 0;
    const summary = await importSchools(commands, rows, {
      importId: randomUUID(),
      actor: { subject: 'schools-import', role: 'admin' },
      onProgress: (done, total) => {
        if (done - reported >= 250 || done === total) {
          reported = done;
          console.log(`  ${done}/${total} schools`);
        }
      },
    });
    console.log(
      `Done: ${summary.recorded} new, ${summary.changed} changed, ${summary.unchanged} unchanged, ` +
        `${malformed.length} malformed row(s) skipped.`,
    );
  } finally {
    await store.close();
  }
}

runOrExit(main);
