import type { Queryable } from '@lle/projections';

export interface SchoolView {
  readonly urn: number;
  readonly name: string;
  readonly laCode: string;
  readonly laName: string;
  readonly phase: string;
  readonly status: string;
}

export interface SchoolSearch {
  readonly laCode?: string;
  readonly phase?: string;
  readonly status?: string;
  /** Part of the name, any case. */
  readonly name?: string;
  readonly limit?: number;
  readonly offset?: number;
}

interface SchoolRow {
  urn: number;
  name: string;
  la_code: string;
  la_name: string;
  phase: string;
  status: string;
}

/** Reads the schools read model (projection `schools`). */
export class SchoolsQuery {
  constructor(private readonly db: Queryable) {}

  async get(urn: number): Promise<SchoolView | undefined> {
    const rows: SchoolRow[] = await this.db.query(
      `SELECT urn, name, la_code, la_name, phase, status FROM schools WHERE urn = $1`,
      [urn],
    );
    return rows[0] && toView(rows[0]);
  }

  async search(search: SchoolSearch = {}): Promise<{ total: number; schools: SchoolView[] }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (sql: string, value: unknown): void => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (search.laCode) where('la_code = ?', search.laCode);
    if (search.phase) where('phase = ?', search.phase);
    if (search.status) where('status = ?', search.status);
    if (search.name)
      where(
        `name ILIKE '%' || ? || '%'`,
        search.name.replace(/[\\%_]/g, (c) => `\\${c}`),
      );
    const filter = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const counted: Array<{ total: number }> = await this.db.query(
      `SELECT count(*)::int AS total FROM schools ${filter}`,
      params,
    );
    const rows: SchoolRow[] = await this.db.query(
      `SELECT urn, name, la_code, la_name, phase, status FROM schools ${filter}
        ORDER BY name, urn LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, search.limit ?? 50, search.offset ?? 0],
    );
    return { total: counted[0]?.total ?? 0, schools: rows.map(toView) };
  }
}

function toView(row: SchoolRow): SchoolView {
  return {
    urn: row.urn,
    name: row.name,
    laCode: row.la_code,
    laName: row.la_name,
    phase: row.phase,
    status: row.status,
  };
}
