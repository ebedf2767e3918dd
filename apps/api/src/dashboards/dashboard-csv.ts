import { ApiOkResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { HALF_DAYS_PER_DAY } from '@lle/domain';

/** One column of a dashboard's CSV: its spreadsheet heading and the cell of a row. */
export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number | null;
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
