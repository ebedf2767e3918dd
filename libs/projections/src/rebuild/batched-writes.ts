import { escapeLiteral } from 'pg';
import type { EntityManager } from 'typeorm';

// pg's own conversion of a query parameter to its text form (dates in the session's form, arrays as array
// literals, objects as JSON, buffers as bytes), so an inlined value is exactly what a parameter would send.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- pg/lib/utils has no type declarations
const { prepareValue } = require('pg/lib/utils') as {
  prepareValue: (value: unknown) => string | Buffer | null | undefined;
};

/** The raw pg connection under a transaction's EntityManager (what `queryRunner.connect()` answers). */
interface PgConnection {
  query(text: string): Promise<PgResult | PgResult[]>;
}

interface PgResult {
  readonly command: string;
  readonly rows: unknown[];
  readonly rowCount: number | null;
}

/**
 * Thrown when a projection reads what a deferred write returned, or uses the manager for anything but
 * `query`: the rebuild then replays that chunk again without deferring, so the projection sees exactly what
 * it would have seen.
 */
export class DeferralNotPossible extends Error {
  constructor(what: string) {
    super(`A projection used ${what}, which deferred writes cannot give; replaying without deferring`);
  }
}

export interface DeferredWritesOptions {
  /** Deferred statements are sent once this many are waiting... */
  readonly maxStatements: number;
  /** ...or once their text is this long. */
  readonly maxChars: number;
}

/**
 * Fewer round trips for a rebuild's projection, without changing the Projection contract: the manager
 * handed to `apply` defers each write (INSERT, UPDATE or DELETE without RETURNING), answering at once, and
 * sends the writes waiting, in order, as one multi-statement query (the parameters inlined as literals, as pg
 * itself would send them) when enough have gathered, just before the next read (in the same round trip as
 * the read), and at `flush()`. Reads and every other statement run after the writes before them, in the same
 * transaction, so a projection reads its own writes as it would without deferring.
 *
 * What a deferred write answers cannot be read (it has not run yet): reading it, or using the manager for
 * anything but `query`, throws DeferralNotPossible. A failed statement fails the whole batch, without saying
 * which event it came from; the caller rolls back and replays the chunk without deferring, which names it.
 */
export class DeferredWrites {
  private readonly pending: string[] = [];
  /** Each deferred statement's text is prepared once per batch's connection: parsed and planned once. */
  private readonly prepared = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly db: EntityManager,
    private readonly options: DeferredWritesOptions,
  ) {}

  /** The manager to hand to `apply`: only `query` is available. */
  manager(): EntityManager {
    const query = (sql: string, parameters?: unknown[]) => this.query(sql, parameters);
    return new Proxy(this.db, {
      get(_target, property) {
        if (property === 'query') return query;
        if (property === 'then') return undefined;
        throw new DeferralNotPossible(`EntityManager.${String(property)}`);
      },
    });
  }

  async query(sql: string, parameters: readonly unknown[] = []): Promise<unknown> {
    if (deferrable(sql)) {
      let name = this.prepared.get(sql);
      if (name === undefined) {
        name = `lle_deferred_${process.pid}_${++preparedStatements}`;
        this.prepared.set(sql, name);
        this.pending.push(`PREPARE ${name} AS ${sql}`);
      }
      const statement =
        parameters.length === 0
          ? `EXECUTE ${name}`
          : `EXECUTE ${name}(${parameters.map(literal).join(', ')})`;
      this.pending.push(statement);
      this.chars += statement.length;
      if (this.pending.length >= this.options.maxStatements || this.chars >= this.options.maxChars) {
        await this.flush();
      }
      return UNREADABLE_RESULT;
    }
    if (this.pending.length === 0) return this.db.query(sql, parameters as unknown[]);
    const results = await this.send(inlineParameters(sql, parameters));
    const last = results.at(-1);
    if (!last) return [];
    // As TypeORM answers a query: UPDATE and DELETE with the number of rows they touched.
    return last.command === 'UPDATE' || last.command === 'DELETE' ? [last.rows, last.rowCount] : last.rows;
  }

  /** Sends the writes still waiting. */
  async flush(): Promise<void> {
    if (this.pending.length > 0) await this.send();
  }

  /** Sends the writes still waiting and drops the prepared statements (they outlive the transaction). */
  async close(): Promise<void> {
    for (const name of this.prepared.values()) this.pending.push(`DEALLOCATE ${name}`);
    this.prepared.clear();
    await this.flush();
  }

  private async send(then?: string): Promise<PgResult[]> {
    const statements = then === undefined ? this.pending.splice(0) : [...this.pending.splice(0), then];
    this.chars = 0;
    const connection = (await this.db.queryRunner!.connect()) as PgConnection;
    const results = await connection.query(statements.join(';\n'));
    return Array.isArray(results) ? results : [results];
  }
}

let preparedStatements = 0;

/** What a deferred write answers: awaiting it works, reading anything from it throws. */
const UNREADABLE_RESULT: unknown = new Proxy(
  {},
  {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new DeferralNotPossible(`the result of a write (${String(property)})`);
    },
  },
);

/** Projections' statements are a few constant texts: each is classified once per process. */
const classified = new Map<string, boolean>();

function deferrable(sql: string): boolean {
  let known = classified.get(sql);
  if (known === undefined) {
    known = isDeferrableWrite(sql);
    if (classified.size < 10_000) classified.set(sql, known);
  }
  return known;
}

/** INSERT, UPDATE or DELETE (possibly after WITH), returning nothing: what can run later. */
export function isDeferrableWrite(sql: string): boolean {
  const code = withoutLiterals(sql);
  if (/\bRETURNING\b/i.test(code)) return false;
  const first = /^\s*([a-z]+)/i.exec(code)?.[1]?.toUpperCase();
  if (first === 'INSERT' || first === 'UPDATE' || first === 'DELETE') return true;
  return first === 'WITH' && /\b(INSERT|UPDATE|DELETE)\b/i.test(code);
}

/**
 * The statement with each `$n` replaced by its parameter as a literal: NULL, or the quoted text pg would send
 * for it. A quoted literal has an unknown type that PostgreSQL resolves from its context, as it does for a
 * parameter pg sends (pg sends none with a type). String literals, quoted identifiers, comments and
 * dollar-quoted bodies are left as they are.
 */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const match = sql[i] === '$' ? /^\$(\d+)/.exec(sql.slice(i, i + 12)) : null;
    if (match && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const index = Number(match[1]) - 1;
      if (index < 0 || index >= parameters.length) throw new Error(`No parameter $${match[1]} in ${sql}`);
      out += literal(parameters[index]);
      i += match[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return out;
}

function literal(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  if (Buffer.isBuffer(prepared)) return escapeLiteral(`\\x${prepared.toString('hex')}`);
  return escapeLiteral(prepared);
}

/** The SQL with string literals, quoted identifiers, comments and dollar-quoted bodies blanked out. */
function withoutLiterals(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      out += ' ';
      i = skipped;
    } else {
      out += sql[i];
      i++;
    }
  }
  return out;
}

/** Where a literal, quoted identifier, comment or dollar-quoted body starting at `i` ends (`i` if none). */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c) {
        if (sql[j + 1] === c) j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
    const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(i, i + 64));
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end < 0 ? sql.length : end + tag[0].length;
    }
  }
  return i;
}
