import { inlineParameters, isDeferrableWrite } from './batched-writes';

describe('deferring a rebuild’s writes', () => {
  describe('isDeferrableWrite', () => {
    it.each([
      ['INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING', true],
      ['  update t SET a = $1 WHERE b = $2', true],
      ['DELETE FROM t WHERE a = $1', true],
      ['WITH p AS (SELECT * FROM t WHERE a = $1) INSERT INTO u SELECT * FROM p', true],
      ['INSERT INTO t (a) VALUES ($1) RETURNING a', false],
      ['UPDATE t SET a = 1 returning *', false],
      ['SELECT a FROM t WHERE a = $1', false],
      ['WITH p AS (SELECT 1) SELECT * FROM p', false],
      ["SELECT 'INSERT INTO t' AS text", false],
      ["INSERT INTO t (a) VALUES ('RETURNING')", true],
      ['SET LOCAL search_path = x', false],
    ])('%s: %s', (sql, expected) => {
      expect(isDeferrableWrite(sql)).toBe(expected);
    });
  });

  describe('inlineParameters', () => {
    it('puts each parameter in as the quoted text pg would send, NULL for null and undefined', () => {
      expect(
        inlineParameters('INSERT INTO t VALUES ($1, $2, $3, $4::jsonb, $5, $6)', [
          "it's",
          42,
          null,
          { a: [1, 'b'] },
          true,
          undefined,
        ]),
      ).toBe(`INSERT INTO t VALUES ('it''s', '42', NULL, '{"a":[1,"b"]}'::jsonb, 'true', NULL)`);
    });

    it('tells $1 from $10, and repeats a parameter used twice', () => {
      const parameters = Array.from({ length: 10 }, (_, k) => `v${k + 1}`);
      expect(inlineParameters('SELECT $10, $1, $1', parameters)).toBe("SELECT 'v10', 'v1', 'v1'");
    });

    it('leaves literals, quoted identifiers, comments and dollar-quoted bodies alone', () => {
      const sql = `SELECT '$1', "$1", $1 -- $1\n, $$ $1 $$, $tag$ $1 $tag$ /* $1 */`;
      expect(inlineParameters(sql, ['x'])).toBe(
        `SELECT '$1', "$1", 'x' -- $1\n, $$ $1 $$, $tag$ $1 $tag$ /* $1 */`,
      );
    });

    it('escapes backslashes and quotes so the text arrives unchanged', () => {
      expect(inlineParameters('SELECT $1', ["a\\b'c"])).toBe("SELECT  E'a\\\\b''c'");
    });

    it('sends dates, arrays and big integers as pg does', () => {
      const inlined = inlineParameters('SELECT $1, $2, $3', [
        new Date('2026-01-02T03:04:05.006Z'),
        ['a', 'b'],
        12n,
      ]);
      expect(inlined).toMatch(/^SELECT '2026-01-02T\d\d:\d\d:05\.006[+-]\d\d:\d\d', '\{"a","b"\}', '12'$/);
    });

    it('refuses a placeholder with no parameter', () => {
      expect(() => inlineParameters('SELECT $2', ['only one'])).toThrow('No parameter $2');
    });
  });
});
