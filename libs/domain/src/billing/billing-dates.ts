import type { LocalDate } from '../shared/calendar';

/** Calendar arithmetic on local dates (YYYY-MM-DD), in UTC so no clock change moves a day. */
export function shiftDate(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysFrom(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The first and last dates of a month written YYYY-MM; undefined when it is not one. */
export function monthPeriod(month: string): { from: LocalDate; to: LocalDate } | undefined {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return undefined;
  const [y, m] = [Number(match[1]), Number(match[2])];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
