import type { RequestingBody } from '@lle/domain';
import {
  requestingBodyNameSql,
  requestingBodyOf,
  type RequestingBodyColumns,
} from '../brokerage/brokerage-columns';

/** A YYYY-MM-DD column as text, so the driver does not turn it into a Date at the server's midnight. */
export function dateSql(column: string, as = column.replace(/^\w+\./, '')): string {
  return `to_char(${column}, 'YYYY-MM-DD') AS ${as}`;
}

/** A sum of pence as a bigint (a total may pass 2^31 pence); read it with `pence()`. */
export function sumSql(expression: string): string {
  return `COALESCE(sum(${expression}), 0)::bigint`;
}

/** A bigint from the driver (a string) as a number of pence: exact up to 2^53. */
export function pence(value: string | number | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** The requesting body columns of the rows aliased `alias`, with its name from the schools read model. */
export function requestingBodySql(alias: string): string {
  return `${alias}.requesting_body_kind, ${alias}.requesting_body_urn, ${alias}.requesting_body_la_code,
          ${alias}.requesting_body_diocese, ${requestingBodyNameSql(alias)} AS requesting_body_name`;
}

export interface NamedBodyColumns extends RequestingBodyColumns {
  requesting_body_name: string | null;
}

/** A requesting body with the name finance documents show: the school's, the authority's, or the diocese. */
export interface NamedBody {
  readonly requestingBody: RequestingBody;
  /** The name from the schools read model; falls back to the URN or code when it is not known. */
  readonly name: string;
}

export function namedBodyOf(row: NamedBodyColumns): NamedBody {
  const requestingBody = requestingBodyOf(row);
  return { requestingBody, name: row.requesting_body_name ?? fallbackName(requestingBody) };
}

function fallbackName(body: RequestingBody): string {
  switch (body.kind) {
    case 'school':
      return `School ${body.urn}`;
    case 'local_authority':
      return `Local authority ${body.laCode}`;
    default:
      return body.diocese;
  }
}
