import type { DuckDBConnection } from '@duckdb/node-api';
import type { BarBatch } from '../../engine/index.ts';
import { doubleItems, intItems } from './vector-items.ts';

interface Columns {
  ts: Float64Array;
  symbol: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

const DOUBLES = ['open', 'high', 'low', 'close', 'volume'] as const;

function allocate(capacity: number): Columns {
  const f = () => new Float64Array(capacity);
  return { ts: f(), symbol: new Int32Array(capacity), open: f(), high: f(), low: f(), close: f(), volume: f() };
}

/** Copies rows [from, to) of `src` to `dst` at `at`. */
function copyRows(src: Columns, from: number, to: number, dst: Columns, at: number): void {
  dst.ts.set(src.ts.subarray(from, to), at);
  dst.symbol.set(src.symbol.subarray(from, to), at);
  for (const k of DOUBLES) dst[k].set(src[k].subarray(from, to), at);
}

function view(c: Columns, length: number): BarBatch {
  const cut = <T extends Float64Array | Int32Array>(a: T) => a.subarray(0, length) as T;
  return { length, ts: cut(c.ts), symbol: cut(c.symbol), open: cut(c.open), high: cut(c.high), low: cut(c.low), close: cut(c.close), volume: cut(c.volume) };
}

/**
 * Runs each query in turn (columns: ts DOUBLE, idx INTEGER, open, high, low, close, volume DOUBLE,
 * ordered by ts then idx) and yields BarBatches of `batchSize` rows, filled chunk by chunk with
 * TypedArray.set straight from DuckDB's vectors. A batch ends on a slice boundary: when it is full
 * and the next row shares the last row's ts, the trailing slice moves to the next batch (a slice
 * larger than a whole batch grows the batch). Each batch owns fresh arrays, so a consumer may keep it.
 */
export async function* readBatches(conn: DuckDBConnection, queries: readonly string[], batchSize: number): AsyncGenerator<BarBatch> {
  let capacity = batchSize;
  let b = allocate(capacity);
  let n = 0;
  for (const sql of queries) {
    const result = await conn.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const m = chunk.rowCount;
      // Views on the chunk's memory, read only while `chunk` is in hand.
      const src: Columns = {
        ts: doubleItems(chunk.getColumnVector(0)),
        symbol: intItems(chunk.getColumnVector(1)),
        open: doubleItems(chunk.getColumnVector(2)),
        high: doubleItems(chunk.getColumnVector(3)),
        low: doubleItems(chunk.getColumnVector(4)),
        close: doubleItems(chunk.getColumnVector(5)),
        volume: doubleItems(chunk.getColumnVector(6)),
      };
      let off = 0;
      while (off < m) {
        if (n === capacity) {
          const lastTs = b.ts[n - 1];
          let cut = n;
          if (src.ts[off] === lastTs) while (cut > 0 && b.ts[cut - 1] === lastTs) cut--;
          if (cut === 0) {
            const bigger = allocate((capacity *= 2));
            copyRows(b, 0, n, bigger, 0);
            b = bigger;
            continue;
          }
          capacity = Math.max(batchSize, n - cut);
          const next = allocate(capacity);
          copyRows(b, cut, n, next, 0);
          yield view(b, cut);
          b = next;
          n -= cut;
        }
        const k = Math.min(m - off, capacity - n);
        copyRows(src, off, off + k, b, n);
        n += k;
        off += k;
      }
    }
  }
  if (n > 0) yield view(b, n);
}
