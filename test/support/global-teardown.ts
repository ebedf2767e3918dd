import { dropDatabase, withAdmin } from './postgres';

/** Drops the run's template and any database a test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.LLE_TEST_RUN_PREFIX;
  if (!prefix) return;
  const { rows } = await withAdmin((admin) =>
    admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}%`]),
  );
  for (const { datname } of rows) await dropDatabase(datname);
}
