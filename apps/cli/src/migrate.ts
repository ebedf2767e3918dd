import { runOrExit } from '@lle/config';
import { ensureDatabase, runMigrations } from '@lle/database';
import { loadSettings } from './load-settings';

/** `npm run migrate`: creates the database if needed and applies every pending migration. */
async function migrate(): Promise<void> {
  const settings = loadSettings();
  const where = redactPassword(settings.DATABASE_URL);
  if (await ensureDatabase(settings.DATABASE_URL)) console.log(`Created database ${where}`);
  console.log(`Migrating ${where} ...`);
  const applied = await runMigrations(settings.DATABASE_URL);
  for (const name of applied) console.log(`  applied ${name}`);
  console.log(applied.length ? `Done: ${applied.length} migration(s) applied.` : 'Done: already up to date.');
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

runOrExit(migrate);
