import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, test } from 'vitest';
import { isRegularSession } from '../../engine/index.ts';
import { appendColumns } from './columnar-append.ts';
import { createNyOffsetMacro, REGULAR_SESSION_SQL } from './session-sql.ts';

const MIN = 60_000;

/** Every 5 minutes over the three UTC days around `isoDay`. */
function around(isoDay: string): number[] {
  const mid = Date.parse(`${isoDay}T00:00:00Z`);
  return Array.from({ length: (3 * 24 * 60) / 5 }, (_, i) => mid - 86_400_000 + i * 5 * MIN);
}

describe('REGULAR_SESSION_SQL', () => {
  test.each([
    ['spring forward 2024', '2024-03-10'],
    ['fall back 2024', '2024-11-03'],
    ['spring forward 2007 (new rules)', '2007-03-11'],
    ['summer', '2024-07-15'],
    ['winter', '2024-01-16'],
    ['before 1970', '1965-06-15'],
  ])('agrees with isRegularSession: %s', async (_name, day) => {
    const ts = around(day);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run('CREATE TEMP TABLE pts (ts DOUBLE)');
      await appendColumns(conn, { table: 'pts', temp: true }, [{ columns: [Float64Array.from(ts)], length: ts.length }]);
      await createNyOffsetMacro(conn, ts[0], ts[ts.length - 1]);
      const reader = await conn.runAndReadAll(`SELECT b.ts::DOUBLE FROM (SELECT ts::BIGINT AS ts FROM temp.pts) b WHERE ${REGULAR_SESSION_SQL} ORDER BY b.ts`);
      const sql = reader.getRowsJS().map((r) => r[0]);
      const js = ts.filter(isRegularSession);
      expect(js.length).toBeGreaterThan(0);
      expect(sql).toEqual(js);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
