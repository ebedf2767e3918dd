import { parse } from 'csv-parse/sync';
import { SCHOOL_STATUSES, type SchoolRecord } from '@lle/domain';

export interface SchoolRow {
  readonly line: number;
  readonly record: SchoolRecord;
}

export interface MalformedRow {
  readonly line: number;
  readonly problems: readonly string[];
}

export interface ParsedSchools {
  readonly rows: SchoolRow[];
  readonly malformed: MalformedRow[];
}

/** Our export's column names, and the names GIAS's own full extract uses for the same data. */
const COLUMNS: Record<keyof SchoolRecord, readonly string[]> = {
  urn: ['urn', 'URN'],
  name: ['name', 'EstablishmentName'],
  laCode: ['la_code', 'LA (code)'],
  laName: ['la_name', 'LA (name)'],
  phase: ['phase', 'PhaseOfEducation (name)'],
  status: ['status', 'EstablishmentStatus (name)'],
};

/**
 * Reads a GIAS-format CSV. A malformed row is reported with its line number and the others still load.
 * Throws only when the file as a whole cannot be read as schools (no header with the columns needed).
 */
export function parseSchoolsCsv(text: string): ParsedSchools {
  const malformed: MalformedRow[] = [];
  const records = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error: { lines?: number; message: string } | undefined) => {
      if (error) malformed.push({ line: error.lines ?? 0, problems: [error.message] });
    },
  });

  const header = records[0] ? Object.keys(records[0].record) : [];
  const columnOf = resolveColumns(header, text);
  const rows: SchoolRow[] = [];
  const firstLineOfUrn = new Map<number, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const value = (field: keyof SchoolRecord): string => record[columnOf[field]] ?? '';
    const problems: string[] = [];
    const urnText = value('urn');
    const urn = /^\d{6}$/.test(urnText) ? Number(urnText) : NaN;
    if (Number.isNaN(urn)) problems.push(`urn "${urnText}" is not a 6-digit number`);
    if (!value('name')) problems.push('name is empty');
    if (!/^\d{3}$/.test(value('laCode')))
      problems.push(`la_code "${value('laCode')}" is not a 3-digit LA code`);
    if (!value('laName')) problems.push('la_name is empty');
    if (!value('phase')) problems.push('phase is empty');
    if (!(SCHOOL_STATUSES as readonly string[]).includes(value('status'))) {
      problems.push(`status "${value('status')}" is not one of: ${SCHOOL_STATUSES.join('; ')}`);
    }
    const earlier = firstLineOfUrn.get(urn);
    if (earlier !== undefined) problems.push(`urn ${urn} already appeared on line ${earlier}`);
    if (problems.length > 0) {
      malformed.push({ line, problems });
      continue;
    }
    firstLineOfUrn.set(urn, line);
    rows.push({
      line,
      record: {
        urn,
        name: value('name'),
        laCode: value('laCode'),
        laName: value('laName'),
        phase: value('phase'),
        status: value('status'),
      },
    });
  }
  malformed.sort((a, b) => a.line - b.line);
  return { rows, malformed };
}

function resolveColumns(header: string[], text: string): Record<keyof SchoolRecord, string> {
  const resolved = {} as Record<keyof SchoolRecord, string>;
  const missing: string[] = [];
  for (const [field, names] of Object.entries(COLUMNS) as Array<[keyof SchoolRecord, readonly string[]]>) {
    const found = names.find((name) => header.includes(name));
    if (found) resolved[field] = found;
    else missing.push(names[0]!);
  }
  if (missing.length > 0) {
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    throw new Error(
      `Not a GIAS-format schools file: no ${missing.join(', ')} column in the header "${firstLine}"`,
    );
  }
  return resolved;
}
