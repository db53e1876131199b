import { makeVector, tableFromArrays, tableToIPC, Table, vectorFromArray, Utf8, TimestampMillisecond, Int64, Dictionary, Int32, Float64 } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { decodeArrow, numericColumn, toRows } from './arrow.ts';

describe('decodeArrow', () => {
  test('floats, ints, bigints, strings and timestamps decode to columns', () => {
    const ts = [Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)];
    const table = new Table({
      ts: vectorFromArray(ts.map((t) => new Date(t)), new TimestampMillisecond()),
      equity: makeVector(Float64Array.from([100_000, 100_512.25])),
      n: makeVector(Int32Array.from([1, 2])),
      big: vectorFromArray([10n, 20n], new Int64()),
      symbol: vectorFromArray(['SPY', 'QQQ'], new Utf8()),
      dict: vectorFromArray(['a', 'b'], new Dictionary(new Utf8(), new Int32())),
    });
    const r = decodeArrow(tableToIPC(table, 'stream'));
    expect(r.numRows).toBe(2);
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([
      ['ts', 'time'],
      ['equity', 'number'],
      ['n', 'number'],
      ['big', 'number'],
      ['symbol', 'text'],
      ['dict', 'text'],
    ]);
    expect([...numericColumn(r, 'ts')]).toEqual(ts);
    expect([...numericColumn(r, 'equity')]).toEqual([100_000, 100_512.25]);
    expect([...numericColumn(r, 'big')]).toEqual([10, 20]);
    expect(toRows(r)[1]).toEqual({ ts: new Date(ts[1]), equity: 100_512.25, n: 2, big: 20, symbol: 'QQQ', dict: 'b' });
  });

  test('nulls in numeric columns become NaN, and null in rows', () => {
    const table = new Table({ x: vectorFromArray([1.5, null, 3], new Float64()) });
    const r = decodeArrow(tableToIPC(table, 'stream'));
    const x = numericColumn(r, 'x');
    expect(x[0]).toBe(1.5);
    expect(Number.isNaN(x[1])).toBe(true);
    expect(toRows(r)[1].x).toBeNull();
  });

  test('a million-point equity curve decodes without copying', () => {
    const n = 1_000_000;
    const ts = new Float64Array(n).map((_, i) => 1e12 + i * 60_000);
    const eq = new Float64Array(n).map((_, i) => 100_000 + Math.sin(i / 1000) * 1000);
    const bytes = tableToIPC(tableFromArrays({ ts, equity: eq }), 'stream');
    const t0 = performance.now();
    const r = decodeArrow(bytes);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(numericColumn(r, 'equity')[999_999]).toBe(eq[999_999]);
  });

  test('numericColumn names the columns the result has', () => {
    const r = decodeArrow(tableToIPC(tableFromArrays({ a: Float64Array.from([1]) }), 'stream'));
    expect(() => numericColumn(r, 'b')).toThrow('expected a numeric column "b"; the result has a (number)');
  });
});
