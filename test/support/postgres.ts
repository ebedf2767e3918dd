import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server the tests use; each run makes its own databases there and drops them after. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file, copied from the run's template (made by global-setup).
 * Its name starts with the run's prefix, so global-teardown finds it even if the file never dropped it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.LLE_TEST_TEMPLATE_DB;
  const prefix = process.env.LLE_TEST_RUN_PREFIX;
  if (!template || !prefix)
    throw new Error('Run the tests through jest: its global setup makes the template');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => dropDatabase(name),
  };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
