import { quoteIdentifier, select, type Queryable } from '../sql';

const q = quoteIdentifier;
const qualified = (schema: string, table: string): string => `${q(schema)}.${q(table)}`;

interface TableFacts {
  kind: string | null;
  foreign_keys: string[] | null;
  sequences: string[] | null;
  triggers: string[] | null;
  views: string[] | null;
  row_security: boolean | null;
}

/**
 * Refuses tables a swap would silently break: foreign keys and views would stay bound to the retired table
 * (and be dropped with it), a serial column's sequence belongs to the retired table, and triggers or row
 * security policies are not copied. Read models need none of them.
 */
export async function assertSwappable(
  db: Queryable,
  schema: string,
  tables: readonly string[],
): Promise<void> {
  for (const table of tables) {
    const [facts] = await select<TableFacts>(
      db,
      `WITH t AS (SELECT to_regclass(format('%I.%I', $1::text, $2::text)) AS oid)
       SELECT (SELECT relkind::text FROM pg_class WHERE oid = t.oid) AS kind,
              (SELECT array_agg(conname::text) FROM pg_constraint
                WHERE contype = 'f' AND (conrelid = t.oid OR confrelid = t.oid)) AS foreign_keys,
              (SELECT array_agg(a.attname::text) FROM pg_attrdef d
                 JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                WHERE d.adrelid = t.oid AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%') AS sequences,
              (SELECT array_agg(tgname::text) FROM pg_trigger WHERE tgrelid = t.oid AND NOT tgisinternal) AS triggers,
              (SELECT array_agg(DISTINCT r.ev_class::regclass::text) FROM pg_depend d
                 JOIN pg_rewrite r ON r.oid = d.objid
                WHERE d.refobjid = t.oid AND d.classid = 'pg_rewrite'::regclass AND r.ev_class <> t.oid) AS views,
              (SELECT relrowsecurity FROM pg_class WHERE oid = t.oid) AS row_security
         FROM t`,
      [schema, table],
    );
    const where = `${schema}.${table}`;
    if (facts?.kind !== 'r') throw new Error(`${where} is not a table (have the migrations run?)`);
    const problems = [
      facts.foreign_keys && `foreign keys ${facts.foreign_keys.join(', ')}`,
      facts.sequences && `serial columns ${facts.sequences.join(', ')}`,
      facts.triggers && `triggers ${facts.triggers.join(', ')}`,
      facts.views && `views ${facts.views.join(', ')} built on it`,
      facts.row_security && 'row-level security',
    ].filter(Boolean);
    if (problems.length > 0) {
      throw new Error(`${where} cannot be rebuilt and swapped: it has ${problems.join('; ')}`);
    }
  }
}

/**
 * Creates empty copies of the live tables in `scratch`: columns, defaults, NOT NULL and CHECK constraints,
 * then the primary key, unique and exclusion constraints and the indexes under their live names (names are
 * per schema, so they can be the same), and the live grants and owner. Once swapped in, the tables look
 * exactly like the ones the migrations made, and later migrations that name an index still find it.
 */
export async function createScratchTables(
  db: Queryable,
  live: string,
  scratch: string,
  tables: readonly string[],
  { unlogged = false, indexes = true }: { unlogged?: boolean; indexes?: boolean } = {},
): Promise<void> {
  for (const table of tables) {
    const source = qualified(live, table);
    const target = qualified(scratch, table);
    await db.query(
      `CREATE ${unlogged ? 'UNLOGGED ' : ''}TABLE ${target} ` +
        `(LIKE ${source} INCLUDING ALL EXCLUDING INDEXES EXCLUDING STATISTICS)`,
    );

    const constraints = await select<{ name: string; definition: string }>(
      db,
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x') ORDER BY contype, conname`,
      [source],
    );
    for (const { name, definition } of constraints) {
      await db.query(`ALTER TABLE ${target} ADD CONSTRAINT ${q(name)} ${definition}`);
    }

    await copyIndexes(db, live, scratch, table, indexes ? 'all' : 'unique');

    const grants = await select<{ statement: string }>(
      db,
      `SELECT format('GRANT %s ON %s TO %s%s', a.privilege_type, $2::text,
                     CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END,
                     CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) AS statement
         FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
         LEFT JOIN pg_roles r ON r.oid = a.grantee
        WHERE c.oid = $1::regclass AND a.grantee <> c.relowner`,
      [source, target],
    );
    for (const { statement } of grants) await db.query(statement);

    const [owner] = await select<{ owner: string; me: string }>(
      db,
      `SELECT pg_get_userbyid(relowner) AS owner, current_user AS me FROM pg_class WHERE oid = $1::regclass`,
      [source],
    );
    if (owner && owner.owner !== owner.me) await db.query(`ALTER TABLE ${target} OWNER TO ${q(owner.owner)}`);
  }
}

/**
 * Copies the live table's indexes that back no constraint onto the scratch table, under their live names:
 * `unique` ones only (an ON CONFLICT may need them while the table is filled), the `others` (which only
 * queries use, and are cheaper built once over a full table than kept up row by row), or `all`.
 */
async function copyIndexes(
  db: Queryable,
  live: string,
  scratch: string,
  table: string,
  which: 'all' | 'unique' | 'others',
): Promise<void> {
  const source = qualified(live, table);
  const target = qualified(scratch, table);
  const indexes = await select<{ definition: string }>(
    db,
    `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
        AND ($2 = 'all' OR i.indisunique = ($2 = 'unique'))
      ORDER BY i.indexrelid`,
    [source, which],
  );
  for (const { definition } of indexes) {
    const match = /^(CREATE (?:UNIQUE )?INDEX \S+ ON (?:ONLY )?)\S+( USING .*)$/s.exec(definition);
    if (!match) throw new Error(`Cannot copy index of ${live}.${table}: ${definition}`);
    await db.query(`${match[1]}${target}${match[2]}`);
  }
}

/**
 * Finishes scratch tables made with `indexes: false`: builds the indexes left out, over the full tables.
 */
export async function createRemainingIndexes(
  db: Queryable,
  live: string,
  scratch: string,
  tables: readonly string[],
): Promise<void> {
  for (const table of tables) await copyIndexes(db, live, scratch, table, 'others');
}

/**
 * Makes unlogged scratch tables (and their indexes) ordinary ones: each is written to the WAL once, whole,
 * instead of row by row while it was filled. Takes a lock on the scratch tables only.
 */
export async function setLogged(db: Queryable, scratch: string, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.query(`ALTER TABLE ${qualified(scratch, table)} SET LOGGED`);
}

/**
 * Moves the live tables out to `retired` and the scratch tables in, by name. Each move only rewrites the
 * catalogue, so the swap takes as long as waiting for the queries that are reading the live tables; queries
 * that arrive meanwhile wait for the commit, then read the new tables.
 */
export async function swapTables(
  db: Queryable,
  live: string,
  scratch: string,
  retired: string,
  tables: readonly string[],
): Promise<void> {
  await db.query(`CREATE SCHEMA ${q(retired)}`);
  for (const table of tables)
    await db.query(`ALTER TABLE ${qualified(live, table)} SET SCHEMA ${q(retired)}`);
  for (const table of tables)
    await db.query(`ALTER TABLE ${qualified(scratch, table)} SET SCHEMA ${q(live)}`);
}

export async function dropSchemas(db: Queryable, ...schemas: string[]): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${schemas.map(q).join(', ')} CASCADE`);
}

/** How one live table compares with its rebuilt copy, row for row (as jsonb, so any column type compares). */
export interface TableComparison {
  readonly table: string;
  readonly liveRows: number;
  readonly rebuiltRows: number;
  /** Rows (with their multiplicity) in the live table and not in the rebuilt one. */
  readonly onlyLive: number;
  /** Rows in the rebuilt table and not in the live one. */
  readonly onlyRebuilt: number;
  /** Up to five of each, for a person to look at. */
  readonly samples: { readonly onlyLive: unknown[]; readonly onlyRebuilt: unknown[] };
}

export async function compareTables(
  db: Queryable,
  live: string,
  scratch: string,
  tables: readonly string[],
): Promise<TableComparison[]> {
  const comparisons: TableComparison[] = [];
  for (const table of tables) {
    const a = qualified(live, table);
    const b = qualified(scratch, table);
    const onlyIn = (x: string, y: string): string =>
      `SELECT to_jsonb(x) AS row FROM ${x} x EXCEPT ALL SELECT to_jsonb(y) FROM ${y} y`;
    const [counts] = await select<Record<'live' | 'rebuilt' | 'only_live' | 'only_rebuilt', string>>(
      db,
      `SELECT (SELECT count(*) FROM ${a}) AS live, (SELECT count(*) FROM ${b}) AS rebuilt,
              (SELECT count(*) FROM (${onlyIn(a, b)}) d) AS only_live,
              (SELECT count(*) FROM (${onlyIn(b, a)}) d) AS only_rebuilt`,
    );
    const sample = async (x: string, y: string): Promise<unknown[]> =>
      (await select<{ row: unknown }>(db, `${onlyIn(x, y)} LIMIT 5`)).map(({ row }) => row);
    const onlyLive = Number(counts?.only_live ?? 0);
    const onlyRebuilt = Number(counts?.only_rebuilt ?? 0);
    comparisons.push({
      table,
      liveRows: Number(counts?.live ?? 0),
      rebuiltRows: Number(counts?.rebuilt ?? 0),
      onlyLive,
      onlyRebuilt,
      samples: {
        onlyLive: onlyLive > 0 ? await sample(a, b) : [],
        onlyRebuilt: onlyRebuilt > 0 ? await sample(b, a) : [],
      },
    });
  }
  return comparisons;
}

export async function countRows(db: Queryable, schema: string, table: string): Promise<number> {
  const [row] = await select<{ rows: string }>(
    db,
    `SELECT count(*) AS rows FROM ${qualified(schema, table)}`,
  );
  return Number(row?.rows ?? 0);
}
