import { academicYearOf, dateInEngland, isLocalDate } from './calendar';

describe('calendar', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['26-01-01', false],
  ])('%s is a calendar date: %s', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });

  it('takes the date in England, not in UTC', () => {
    expect(dateInEngland(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01'); // BST
    expect(dateInEngland(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31'); // GMT
  });

  it('puts 31 August and 1 September in different academic years', () => {
    expect(academicYearOf('2026-08-31')).toEqual({
      label: '2025/26',
      startsOn: '2025-09-01',
      endsOn: '2026-08-31',
    });
    expect(academicYearOf('2026-09-01')).toEqual({
      label: '2026/27',
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
    });
    expect(academicYearOf('2099-09-01').label).toBe('2099/00');
  });
});
