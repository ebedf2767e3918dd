/**
 * Dates in the domain (days delivered, round dates, start dates, end points) are calendar dates in England's
 * local calendar, written YYYY-MM-DD. When something was recorded is a UTC instant (a Date).
 */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const englandDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in England at an instant (so 23:30 UTC on 31 May is already 1 June in summer). */
export function dateInEngland(instant: Date): LocalDate {
  return englandDay.format(instant);
}

/** An academic year runs from 1 September to 31 August and is named by its two calendar years. */
export interface AcademicYear {
  readonly label: string;
  readonly startsOn: LocalDate;
  readonly endsOn: LocalDate;
}

export function academicYearOf(date: LocalDate): AcademicYear {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = month >= 9 ? year : year - 1;
  return {
    label: `${first}/${String((first + 1) % 100).padStart(2, '0')}`,
    startsOn: `${first}-09-01`,
    endsOn: `${first + 1}-08-31`,
  };
}
