import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSchoolsCsv } from './parse-schools-csv';

const HEADER = 'urn,name,la_code,la_name,phase,type,status,postcode';

describe('parseSchoolsCsv', () => {
  it('reads the GIAS export the project ships', () => {
    const text = readFileSync(join(__dirname, '../../../../test/fixtures/schools-sample.csv'), 'utf8');
    const { rows, malformed } = parseSchoolsCsv(text);
    expect(malformed).toEqual([]);
    expect(rows.length).toBe(text.trim().split('\n').length - 1);
    expect(
      rows.every((row) => row.record.urn >= 100000 && ['873', '874', '935'].includes(row.record.laCode)),
    ).toBe(true);
  });

  it('reports each malformed row with its line number and keeps the good ones', () => {
    const text = [
      HEADER,
      '110593,The Fields Nursery School,873,Cambridgeshire,Nursery,,Open,',
      'abc,Nameless,873,Cambridgeshire,Primary,,Open,',
      '110594,"Quoted, Name School",87,Cambridgeshire,Primary,,Shut,',
      '110595,Short Row School,874',
      '110593,Again School,873,Cambridgeshire,Primary,,Open,',
      '110596,Good School,935,Suffolk,Secondary,,Open but proposed,',
      '110597,"Sexton’s Manor Primary School",935,Suffolk,Primary,,"Open, but proposed to close",',
    ].join('\n');
    const { rows, malformed } = parseSchoolsCsv(text);
    expect(rows.map((r) => [r.line, r.record.urn])).toEqual([
      [2, 110593],
      [8, 110597],
    ]);
    expect(rows[1]!.record).toMatchObject({
      name: 'Sexton’s Manor Primary School',
      status: 'Open, but proposed to close',
    });
    expect(malformed.map((m) => m.line)).toEqual([3, 4, 5, 6, 7]);
    expect(malformed[0]!.problems).toEqual(['urn "abc" is not a 6-digit number']);
    expect(malformed[1]!.problems).toEqual([
      'la_code "87" is not a 3-digit LA code',
      'status "Shut" is not one of: Open; Closed; Open, but proposed to close; Proposed to open',
    ]);
    expect(malformed[2]!.problems).toContain('la_name is empty');
    expect(malformed[3]!.problems).toEqual(['urn 110593 already appeared on line 2']);
  });

  it("accepts GIAS's own column names", () => {
    const text = [
      'URN,EstablishmentName,LA (code),LA (name),PhaseOfEducation (name),EstablishmentStatus (name)',
      '110593,The Fields Nursery School,873,Cambridgeshire,Nursery,Open',
    ].join('\n');
    expect(parseSchoolsCsv(text).rows).toHaveLength(1);
  });

  it('refuses a file that is not a schools file at all, naming the missing columns', () => {
    expect(() => parseSchoolsCsv('a,b\n1,2')).toThrow(/no urn, name, la_code, la_name, phase, status column/);
  });
});
