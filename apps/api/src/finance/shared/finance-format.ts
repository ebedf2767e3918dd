import {
  dateInEngland,
  monthPeriod,
  shiftDate,
  type LocalDate,
  type RequestingBody,
  type VatAsCharged,
} from '@lle/domain';
import { RequestValidationError } from '../../http/http-errors';

/** Pence as pounds with two decimals (1234.5 → never: pence are whole), e.g. -1050 → "-10.50". */
export function poundsOf(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const whole = Math.abs(pence);
  return `${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

/** Pence as a person reads pounds: -123456 → "-£1,234.56". */
export function displayPounds(pence: number): string {
  const [pounds, decimals] = poundsOf(Math.abs(pence)).split('.') as [string, string];
  return `${pence < 0 ? '-' : ''}£${pounds.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${decimals}`;
}

/** YYYY-MM-DD as DD/MM/YYYY, as UK documents and Xero's imports write dates. */
export function ukDate(date: LocalDate): string {
  const [y, m, d] = date.split('-') as [string, string, string];
  return `${d}/${m}/${y}`;
}

/** What a line bills, in words: "Support day 05/10/2027 (full day), placement 8c1f…". */
export function dayDescription(line: { date: LocalDate; halfDays: number; placementId: string }): string {
  const length = line.halfDays === 1 ? 'half day' : 'full day';
  return `Support day ${ukDate(line.date)} (${length}), placement ${line.placementId.slice(0, 8)}`;
}

export function vatLabel(vat: VatAsCharged): string {
  switch (vat.treatment) {
    case 'standard':
    case 'reduced':
      return `${vat.rateBps / 100}%`;
    case 'zero':
      return '0%';
    case 'exempt':
      return 'exempt';
    default:
      return 'outside scope';
  }
}

export function requestingBodyLabel(body: RequestingBody): string {
  switch (body.kind) {
    case 'school':
      return `school URN ${body.urn}`;
    case 'local_authority':
      return `local authority ${body.laCode}`;
    default:
      return 'diocese';
  }
}

/** A period asked for as a month (YYYY-MM), or from and to together; neither: the month before today's. */
export function periodOf(
  query: { period?: string; from?: string; to?: string },
  now: Date,
): { from: LocalDate; to: LocalDate } {
  const { period, from, to } = query;
  if (period !== undefined && (from !== undefined || to !== undefined)) {
    throw new RequestValidationError([
      { field: 'period', messages: ['give period, or from and to, not both'] },
    ]);
  }
  if (period !== undefined) return monthPeriod(period)!;
  if (from !== undefined && to !== undefined) {
    if (to < from)
      throw new RequestValidationError([{ field: 'to', messages: ['to must not come before from'] }]);
    return { from, to };
  }
  if (from !== undefined || to !== undefined) {
    const [missing, given] = from === undefined ? ['from', 'to'] : ['to', 'from'];
    throw new RequestValidationError([{ field: missing, messages: [`${missing} is needed with ${given}`] }]);
  }
  const today = dateInEngland(now);
  return monthPeriod(shiftDate(`${today.slice(0, 7)}-01`, -1).slice(0, 7))!;
}
