import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: a DataSource, or the EntityManager of a transaction. */
export type Queryable = Pick<EntityManager, 'query'>;

/** Rows of a SELECT (or of a statement with RETURNING), typed by the caller. */
export async function select<Row>(db: Queryable, sql: string, parameters: unknown[] = []): Promise<Row[]> {
  return db.query<Row[]>(sql, parameters);
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Projection names become parts of schema names during a rebuild and table names are spliced into SQL, so
 * both are kept to plain lower-case identifiers.
 */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,39}$/;
