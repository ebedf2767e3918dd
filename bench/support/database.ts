import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdentifier, runMigrations } from '@lle/database';

/** The server the benchmarks use (the same local PostgreSQL as the tests); every database here is its own. */
export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

const RUN_PREFIX = `lle_bench_${Date.now().toString(36)}`;
const created = new Set<string>();

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh database for one system under test. `migrate` applies the project's migrations (our event store);
 * otherwise it is empty, for a baseline to lay out its own schema.
 */
export async function createBenchDatabase(label: string, migrate: boolean): Promise<BenchDatabase> {
  const name = `${RUN_PREFIX}_${label}_${randomBytes(3).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  created.add(name);
  const url = databaseUrl(name);
  if (migrate) await runMigrations(url);
  return { name, url, drop: () => dropBenchDatabase(name) };
}

export async function databaseExists(name: string): Promise<boolean> {
  return withAdmin(async (admin) => {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  });
}

/**
 * A database under a name of the caller's choosing, created (empty) if missing, migrated either way, and not
 * dropped at the end of the run: for a seed too slow to repeat on every run.
 */
export async function keptBenchDatabase(name: string): Promise<BenchDatabase> {
  if (!(await databaseExists(name))) {
    await withAdmin((admin) => admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  }
  const url = databaseUrl(name);
  await runMigrations(url);
  return { name, url, drop: () => dropBenchDatabase(name) };
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
  created.delete(name);
}

/** Drops whatever this run created and has not dropped yet (after a failure or Ctrl-C). */
export async function dropAllBenchDatabases(): Promise<void> {
  for (const name of [...created]) await dropBenchDatabase(name).catch(() => undefined);
}

export async function serverVersion(): Promise<string> {
  return withAdmin(async (admin) => {
    const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  });
}

/**
 * The baseline's table: the same columns, types, defaults and constraints as event_store.events, and the same
 * position sequence (CACHE 1), but no append function, no advisory lock and no checks beyond the constraints.
 */
export const RAW_EVENTS_SCHEMA = `
  CREATE SCHEMA bench_raw;
  CREATE SEQUENCE bench_raw.global_position_seq AS bigint START 1 CACHE 1;
  CREATE TABLE bench_raw.events (
    global_position bigint      NOT NULL DEFAULT nextval('bench_raw.global_position_seq'),
    event_id        uuid        NOT NULL,
    stream_id       text        NOT NULL,
    stream_revision bigint      NOT NULL,
    event_type      text        NOT NULL,
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT events_pkey PRIMARY KEY (global_position),
    CONSTRAINT events_event_id_key UNIQUE (event_id),
    CONSTRAINT events_stream_revision_key UNIQUE (stream_id, stream_revision),
    CONSTRAINT events_stream_id_not_empty CHECK (stream_id <> ''),
    CONSTRAINT events_event_type_not_empty CHECK (event_type <> ''),
    CONSTRAINT events_revision_not_negative CHECK (stream_revision >= 0)
  );`;

export async function createRawEventsTable(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(RAW_EVENTS_SCHEMA);
  } finally {
    await client.end();
  }
}
