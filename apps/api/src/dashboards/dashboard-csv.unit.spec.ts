import { parse } from 'csv-parse/sync';
import { days, toCsv, type CsvColumn } from './dashboard-csv';

describe('dashboard CSV', () => {
  it('shows half-days as days', () => {
    expect([0, 1, 2, 7, 16].map(days)).toEqual(['0.0', '0.5', '1.0', '3.5', '8.0']);
  });

  it('writes a header line, then one line per row, quoting what needs it so a parser reads it back', () => {
    const columns: CsvColumn<{ reason: string; halfDays: number; note: string | null }>[] = [
      { header: 'Override reason', value: (r) => r.reason },
      { header: 'Days agreed', value: (r) => days(r.halfDays) },
      { header: 'Note', value: (r) => r.note },
    ];
    const text = toCsv(columns, [
      { reason: 'Two heads, "new", in post; the LA asked', halfDays: 14, note: null },
      { reason: 'A line\nbreak', halfDays: 3, note: 'x' },
    ]);
    expect(text.split('\r\n')[0]).toBe('Override reason,Days agreed,Note');
    expect(parse(text)).toEqual([
      ['Override reason', 'Days agreed', 'Note'],
      ['Two heads, "new", in post; the LA asked', '7.0', ''],
      ['A line\nbreak', '1.5', 'x'],
    ]);
  });
});
