import { ApiOkResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { HALF_DAYS_PER_DAY, type AllianceCode } from '@lle/domain';
import type { DeploymentRowKey } from '@lle/read-models';
import type { DashboardFormat } from './dashboards.dto';

/** One column of a dashboard's CSV: its spreadsheet heading and the cell of a row. */
export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number | null;
}

/** The key columns of a dashboard row: academic year, alliance, local authority and phase. */
export const AREA_COLUMNS: CsvColumn<DeploymentRowKey>[] = [
  { header: 'Academic year', value: (r) => r.academicYear },
  { header: 'Alliance', value: (r) => r.alliance },
  { header: 'LA code', value: (r) => r.laCode },
  { header: 'Local authority', value: (r) => r.laName },
  { header: 'Phase', value: (r) => r.phase },
];

/** A `{ rows, totals }` view's CSV lines: its rows, then its totals as the line `Total` with an empty key. */
export function rowsThenTotal<Row extends DeploymentRowKey, Totals>(view: {
  readonly rows: readonly Row[];
  readonly totals: Totals;
}): (Row | (Totals & DeploymentRowKey))[] {
  const total: DeploymentRowKey = {
    academicYear: 'Total',
    alliance: '' as AllianceCode,
    laCode: null,
    laName: null,
    phase: null,
  };
  return [...view.rows, { ...view.totals, ...total }];
}

/** Half-days as days, for a spreadsheet: 7 half-days are 3.5. */
export function days(halfDays: number): string {
  return (halfDays / HALF_DAYS_PER_DAY).toFixed(1);
}

/** The rows as CSV (RFC 4180, a header line first), quoted by csv-stringify where a cell needs it. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return stringify(
    rows.map((row) => columns.map((column) => column.value(row) ?? '')),
    { header: true, columns: columns.map((column) => column.header), record_delimiter: 'windows' },
  );
}

/** Sends the CSV as a download named `name`.csv. */
export function sendCsv<Row>(
  reply: FastifyReply,
  name: string,
  columns: readonly CsvColumn<Row>[],
  rows: readonly Row[],
): string {
  void reply
    .header('Content-Type', 'text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}.csv"`);
  return toCsv(columns, rows);
}

/**
 * A view's answer: as JSON, or with `?format=csv` the download `name`.csv of its rows (of `lines(answer)`
 * where the answer is not itself the list of rows).
 */
export function jsonOrCsv<Row>(
  reply: FastifyReply,
  format: DashboardFormat | undefined,
  name: string,
  columns: readonly CsvColumn<Row>[],
  rows: readonly Row[],
): readonly Row[] | string;
export function jsonOrCsv<Answer, Row>(
  reply: FastifyReply,
  format: DashboardFormat | undefined,
  name: string,
  columns: readonly CsvColumn<Row>[],
  answer: Answer,
  lines: (answer: Answer) => readonly Row[],
): Answer | string;
export function jsonOrCsv<Row>(
  reply: FastifyReply,
  format: DashboardFormat | undefined,
  name: string,
  columns: readonly CsvColumn<Row>[],
  answer: unknown,
  lines: (answer: unknown) => readonly Row[] = (rows) => rows as readonly Row[],
): unknown {
  return format === 'csv' ? sendCsv(reply, name, columns, lines(answer)) : answer;
}

/**
 * OpenAPI for a view answered as JSON (`schema`) or, with `?format=csv`, as CSV: a header line of
 * spreadsheet headings, then one line per row.
 */
export function ApiJsonOrCsv(
  description: string,
  schema: SchemaObject = { type: 'object' },
): MethodDecorator {
  return ApiOkResponse({
    description,
    content: {
      'application/json': { schema },
      'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with a header line' } },
    },
  });
}
