import type { LocalDate } from '@lle/domain';

/** Calendar arithmetic on local dates (YYYY-MM-DD), in UTC so no clock change moves a day. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isWeekday(date: LocalDate): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day !== 0 && day !== 6;
}

/** The date itself if a weekday, else the Monday after. */
export function weekdayOnOrAfter(date: LocalDate): LocalDate {
  let current = date;
  while (!isWeekday(current)) current = addDays(current, 1);
  return current;
}

/** The instant a step on this date happened: mid-morning UTC is the same calendar date in England. */
export function at(date: LocalDate, hour = 10, minute = 0): Date {
  return new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
}

/** The weekdays from `from` to `to`, both included. */
export function weekdaysBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) if (isWeekday(date)) days.push(date);
  return days;
}
