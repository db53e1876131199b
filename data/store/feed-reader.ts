import type { DuckDBConnection, DuckDBDataChunk, DuckDBMaterializedResult } from '@duckdb/node-api';
import type { BarBatch } from '../../engine/index.ts';
import { chunkRead } from './chunk-memory.ts';
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
 * larger than a whole batch grows the batch). Each batch owns fresh arrays, so a consumer may keep it, unless
 * `reuse`: then a batch's arrays are overwritten once the batch after it is requested (a replay then allocates two
 * batches, not one per 65,536 rows: 3.4 MB each, which piled up between collections).
 *
 * With `materialize`, each query's result is fetched in one call and its chunks read synchronously: streaming costs
 * one thread-pool round trip per 2,048-row chunk, which a busy run waits on (a 1M-bar backtest waited 0.7–0.9 s on
 * its feed streaming, 0.3–0.45 s materialised, the sort included). The next window's query then starts as soon as
 * the current one is in hand, so DuckDB sorts it on its own threads while the run consumes this one, and a run
 * waits only for the first window. A materialised result is freed only when the garbage collector gets to it, so
 * callers materialise only short replays; long ones stream, never holding more than the window DuckDB is sorting.
 * Either way the event loop turns once per chunk.
 */
export async function* readBatches(conn: DuckDBConnection, queries: readonly string[], batchSize: number, materialize: boolean, reuse = false): AsyncGenerator<BarBatch> {
  let capacity = batchSize;
  let b = allocate(capacity);
  let n = 0;
  // With `reuse`, the arrays of the batch before the last one yielded are filled again instead of fresh ones.
  let spare: Columns | null = null;
  const start = (q: number): Promise<DuckDBMaterializedResult> | null => {
    if (!materialize || q >= queries.length) return null;
    const run = conn.run(queries[q]);
    run.catch(() => undefined); // awaited in turn, or below when the reader stops early
    return run;
  };
  let pending = start(0);
  try {
    for (let q = 0; q < queries.length; q++) {
      let next: () => Promise<DuckDBDataChunk | null> | DuckDBDataChunk | null;
      if (materialize) {
        const result = await pending!;
        pending = start(q + 1);
        let c = 0;
        next = () => (c < result.chunkCount ? result.getChunk(c++) : null);
      } else {
        const result = await conn.stream(queries[q]);
        next = () => result.fetchChunk();
      }
      for (;;) {
        const got = next();
        let chunk: DuckDBDataChunk | null;
        if (got instanceof Promise) chunk = await got;
        else {
          await macrotask();
          chunk = got;
        }
        if (chunk === null || chunk.rowCount === 0) break;
        chunkRead();
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
            const next = spare !== null && spare.ts.length >= capacity ? spare : allocate(capacity);
            spare = null;
            copyRows(b, cut, n, next, 0);
            yield view(b, cut);
            if (reuse) spare = b;
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
  } finally {
    // A reader stopped early lets the window being prepared finish before the connection is released.
    await pending?.catch(() => undefined);
  }
  if (n > 0) yield view(b, n);
}

// Reading a materialised result never leaves the microtask queue, so without this a whole replay would run
// without the event loop turning: an API server could not answer (a cancel request, progress events) until the end.
// One turn per chunk, as streaming gave, for a few microseconds each instead of a thread-pool round trip.
function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
