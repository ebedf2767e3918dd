import type { Pool } from 'pg';

/** One SQL statement on a connection the caller chose: a transaction's client, a pool, a TypeORM manager. */
export type SqlQuery = <T extends object = Record<string, unknown>>(
  sql: string,
  params?: readonly unknown[],
) => Promise<T[]>;

/** A SqlQuery over a node-postgres client or pool. */
export function pgQuery(client: {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}): SqlQuery {
  return async <T extends object>(sql: string, params?: readonly unknown[]) =>
    (await client.query(sql, params ? [...params] : undefined)).rows as T[];
}

/** Runs work in one transaction and commits it (or rolls it back when the work throws). */
export type SqlTransaction = <T>(work: (query: SqlQuery) => Promise<T>) => Promise<T>;

/** A SqlTransaction on a connection of its own from a node-postgres pool. */
export function pgTransaction(pool: Pool): SqlTransaction {
  return async (work) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(pgQuery(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}
