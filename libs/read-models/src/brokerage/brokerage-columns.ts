import type { RequestingBody, RequestingBodyKind } from '@lle/domain';

/**
 * A requesting body as stored by the brokerage read models: its kind and, in the one column that kind uses,
 * the school's URN, the local authority's code or the diocese.
 */
export interface RequestingBodyColumns {
  requesting_body_kind: RequestingBodyKind;
  requesting_body_urn: number | null;
  requesting_body_la_code: string | null;
  requesting_body_diocese: string | null;
}

/** The values of the four columns above, in that order, for an INSERT. */
export function requestingBodyValues(
  body: RequestingBody,
): [string, number | null, string | null, string | null] {
  switch (body.kind) {
    case 'school':
      return ['school', body.urn, null, null];
    case 'local_authority':
      return ['local_authority', null, body.laCode, null];
    default:
      return ['diocese', null, null, body.diocese];
  }
}

export function requestingBodyOf(row: RequestingBodyColumns): RequestingBody {
  switch (row.requesting_body_kind) {
    case 'school':
      return { kind: 'school', urn: row.requesting_body_urn ?? 0 };
    case 'local_authority':
      return { kind: 'local_authority', laCode: row.requesting_body_la_code ?? '' };
    default:
      return { kind: 'diocese', diocese: row.requesting_body_diocese ?? '' };
  }
}

/**
 * SQL naming the requesting body of the rows aliased `alias`, joined when read from the schools read model
 * (projection `schools`): a school's name, a local authority's name (as GIAS gives it for its schools), or
 * the diocese as written. Null when the school or authority is not (yet) known.
 */
export function requestingBodyNameSql(alias: string): string {
  return `CASE ${alias}.requesting_body_kind
            WHEN 'school' THEN (SELECT rs.name FROM schools rs WHERE rs.urn = ${alias}.requesting_body_urn)
            WHEN 'local_authority' THEN (SELECT min(rs.la_name) FROM schools rs
                                          WHERE rs.la_code = ${alias}.requesting_body_la_code)
            ELSE ${alias}.requesting_body_diocese
          END`;
}

/** A school as the schools read model names it, beside a URN; null fields when it is not known. */
export interface SchoolRef {
  readonly urn: number;
  readonly name: string | null;
  readonly laCode: string | null;
  readonly laName: string | null;
  readonly phase: string | null;
}

export interface SchoolColumns {
  school_name: string | null;
  school_la_code: string | null;
  school_la_name: string | null;
  school_phase: string | null;
}

/** The columns of SchoolColumns for the school joined as `alias`. */
export function schoolColumnsSql(alias: string): string {
  return `${alias}.name AS school_name, ${alias}.la_code AS school_la_code, ${alias}.la_name AS school_la_name,
          ${alias}.phase AS school_phase`;
}

export function schoolRefOf(urn: number, row: SchoolColumns): SchoolRef {
  return {
    urn,
    name: row.school_name,
    laCode: row.school_la_code,
    laName: row.school_la_name,
    phase: row.school_phase,
  };
}
