import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { TIMEFRAMES, type Timeframe } from '../../engine/index.ts';
import { queryValue } from './sql.ts';
import { StoreError } from './store-error.ts';
import { chunkRead } from './chunk-memory.ts';
import { doubleItems } from './vector-items.ts';

/** Which stored bars of one series to read (the API's `/api/market-data/bars`). */
export interface BarsQuery {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Bar open bounds, UTC epoch ms, inclusive. */
  readonly from?: number;
  readonly to?: number;
  /** At most this many bars, the earliest first. */
  readonly limit: number;
}

/** Bars of one series as columns, ascending; `truncated` when more matched than `limit`. */
export interface BarColumns {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly length: number;
  readonly truncated: boolean;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Reads one series' bars chunk by chunk straight into typed arrays. */
export async function readBars(conn: DuckDBConnection, q: BarsQuery): Promise<BarColumns> {
  if (!TIMEFRAMES.includes(q.timeframe)) throw new StoreError('invalid', `timeframe must be one of ${TIMEFRAMES.join(', ')}, got ${JSON.stringify(q.timeframe)}`);
  if (!Number.isSafeInteger(q.limit) || q.limit < 1) throw new StoreError('invalid', `bars limit must be a whole number ≥ 1, got ${q.limit}`);
  const where = ['symbol = $1', 'timeframe = $2'];
  const values: DuckDBValue[] = [q.symbol, q.timeframe];
  if (q.from !== undefined) where.push(`ts >= $${values.push(Math.ceil(q.from))}`);
  if (q.to !== undefined) where.push(`ts <= $${values.push(Math.floor(q.to))}`);
  const matched = Number(await queryValue(conn, `SELECT count(*)::DOUBLE FROM bars WHERE ${where.join(' AND ')}`, values));
  const n = Math.min(matched, q.limit);
  const cols = Array.from({ length: 6 }, () => new Float64Array(n));
  const result = await conn.stream(
    `SELECT ts::DOUBLE, open, high, low, close, volume FROM bars WHERE ${where.join(' AND ')} ORDER BY ts LIMIT ${n}`,
    values,
  );
  let length = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    chunkRead();
    const take = Math.min(chunk.rowCount, n - length);
    for (let c = 0; c < 6; c++) cols[c].set(doubleItems(chunk.getColumnVector(c)).subarray(0, take), length);
    length += take;
    if (length >= n) break;
  }
  const [ts, open, high, low, close, volume] = cols.map((col) => (length === n ? col : col.slice(0, length)));
  return { symbol: q.symbol, timeframe: q.timeframe, length, truncated: matched > length, ts, open, high, low, close, volume };
}
