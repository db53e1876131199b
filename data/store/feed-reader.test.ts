import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, test } from 'vitest';
import type { BarBatch } from '../../engine/index.ts';
import { readBatches } from './feed-reader.ts';
import { collect } from './test-kit.ts';

// Three sort windows over 5,000 rows in two-row slices, so slices straddle chunks (2,048 rows) and batches.
const WINDOWS = [
  [0, 1000],
  [1000, 1700],
  [1700, 2500],
];
const queries = WINDOWS.map(
  ([lo, hi]) => `SELECT (i // 2)::DOUBLE AS ts, (i % 2)::INTEGER AS idx, i::DOUBLE, i::DOUBLE, i::DOUBLE, (i * 10)::DOUBLE, i::DOUBLE FROM range(5000) t(i) WHERE i // 2 >= ${lo} AND i // 2 < ${hi} ORDER BY ts, idx`,
);

const rows = (batches: BarBatch[]) => batches.flatMap((b) => Array.from({ length: b.length }, (_, i) => [b.ts[i], b.symbol[i], b.close[i]]));

describe('readBatches', () => {
  test.each([true, false])('materialize %s: every row once in order, batches end on slice boundaries', async (materialize) => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const batches = await collect(readBatches(conn, queries, 777, materialize));
      expect(rows(batches)).toEqual(Array.from({ length: 5000 }, (_, i) => [Math.floor(i / 2), i % 2, i * 10]));
      for (let k = 1; k < batches.length; k++) expect(batches[k].ts[0]).not.toBe(batches[k - 1].ts[batches[k - 1].length - 1]);
      expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(777);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  test('reuse: the same rows and batch boundaries, each batch copied as it comes, from two sets of arrays', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const fresh = await collect(readBatches(conn, queries, 777, true));
      const copies: BarBatch[] = [];
      const buffers = new Set<ArrayBufferLike>();
      for await (const b of readBatches(conn, queries, 777, true, true)) {
        buffers.add(b.ts.buffer);
        copies.push({ ...b, ts: b.ts.slice(), symbol: b.symbol.slice(), close: b.close.slice() });
      }
      expect(rows(copies)).toEqual(rows(fresh));
      expect(copies.map((b) => b.length)).toEqual(fresh.map((b) => b.length));
      expect(buffers.size).toBe(2);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  test('a reader stopped early leaves the connection usable once it returns', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      for await (const b of readBatches(conn, queries, 100, true)) {
        expect(b.length).toBe(100);
        break;
      }
      expect((await conn.runAndReadAll('SELECT 42')).getRowsJS()).toEqual([[42]]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
