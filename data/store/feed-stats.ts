import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { canonicalJson } from '../../engine/index.ts';
import type { ResolvedFeedQuery } from './feed-query.ts';
import { describeSeries, listSeries, listSome } from './series.ts';
import { queryRows, queryValue, sqlString } from './sql.ts';
import { StoreError } from './store-error.ts';

/** What a feed will deliver, known before the first batch. */
export interface FeedStats {
  readonly count: number;
  readonly slices: number;
  /** NaN when count is 0. */
  readonly firstTs: number;
  readonly lastTs: number;
  readonly fingerprint: string;
  /** Half-open ts ranges [lo, hi), in order, that together hold every selected row; one sorted query each. */
  readonly windows: readonly (readonly [number, number])[];
}

const HISTOGRAM_BUCKETS = 1024;

/**
 * Counts, fingerprints and plans the selection `sel` (see selectionSql) in two scans.
 * The fingerprint is sha256 of canonical JSON holding the timeframe, the universe in order, the row
 * and slice counts, the first and last ts, and per symbol its row count, ts range and the sum of
 * DuckDB's 64-bit hash() over (symbol, ts, open, high, low, close, volume) of its rows: an
 * order-independent digest that changes when any selected bar changes, appears or disappears.
 * (hash() is DuckDB's; a DuckDB upgrade that changed it would change fingerprints of identical data.)
 * Throws not_found naming symbols that have no bars of the timeframe at all.
 */
export async function computeFeedStats(conn: DuckDBConnection, q: ResolvedFeedQuery, sel: string): Promise<FeedStats> {
  const rows = await queryRows(
    conn,
    `SELECT idx, count(*)::DOUBLE AS n, min(ts)::DOUBLE AS first_ts, max(ts)::DOUBLE AS last_ts,
       sum(hash(symbol, ts, open, high, low, close, volume))::VARCHAR AS digest
     FROM ${sel} GROUP BY idx`,
  );
  const perSymbol = q.symbols.map(() => ({ n: 0, first: null as number | null, last: null as number | null, digest: '0' }));
  for (const r of rows) perSymbol[r.idx as number] = { n: r.n as number, first: r.first_ts as number, last: r.last_ts as number, digest: r.digest as string };
  const absent = q.symbols.filter((_, i) => perSymbol[i].n === 0);
  if (absent.length > 0) await assertSeriesExist(conn, q, absent);

  const count = perSymbol.reduce((n, s) => n + s.n, 0);
  const firsts = perSymbol.flatMap((s) => (s.first === null ? [] : [s.first]));
  const lasts = perSymbol.flatMap((s) => (s.last === null ? [] : [s.last]));
  const firstTs = count > 0 ? Math.min(...firsts) : Number.NaN;
  const lastTs = count > 0 ? Math.max(...lasts) : Number.NaN;
  const slices = count === 0 ? 0 : q.symbols.length === 1 ? count : Number(await queryValue(conn, `SELECT count(DISTINCT ts)::DOUBLE FROM ${sel}`));
  const description = {
    fingerprint: 'tradebook-bars/1',
    timeframe: q.timeframe,
    universe: q.symbols,
    count,
    slices,
    firstTs: count > 0 ? firstTs : null,
    lastTs: count > 0 ? lastTs : null,
    symbols: perSymbol.map((s) => [s.n, s.first, s.last, s.digest]),
  };
  const fingerprint = createHash('sha256').update(canonicalJson(description)).digest('hex');
  const windows = count === 0 ? [] : await planWindows(conn, sel, count, firstTs, lastTs, q.windowRows);
  return { count, slices, firstTs, lastTs, fingerprint, windows };
}

async function assertSeriesExist(conn: DuckDBConnection, q: ResolvedFeedQuery, candidates: readonly string[]): Promise<void> {
  const found = await queryRows(conn, `SELECT DISTINCT symbol FROM bars WHERE timeframe = ${sqlString(q.timeframe)} AND symbol IN (${candidates.map(sqlString).join(', ')})`);
  const have = new Set(found.map((r) => r.symbol as string));
  const missing = candidates.filter((s) => !have.has(s));
  if (missing.length === 0) return;
  const series = await listSeries(conn);
  throw new StoreError('not_found', `no ${q.timeframe} bars for ${listSome(missing)}; the store has ${describeSeries(series)}`);
}

/**
 * Cuts [firstTs, lastTs] into ts windows of about `windowRows` rows each, from an exact histogram
 * of 1,024 equal-width buckets, so each sorted query holds a bounded number of rows. A window
 * is a whole ts range, so no slice is ever split between two windows.
 */
async function planWindows(conn: DuckDBConnection, sel: string, count: number, firstTs: number, lastTs: number, windowRows: number): Promise<[number, number][]> {
  if (count <= windowRows) return [[firstTs, lastTs + 1]];
  const width = Math.ceil((lastTs - firstTs + 1) / HISTOGRAM_BUCKETS);
  const buckets = await queryRows(conn, `SELECT ((ts - ${firstTs}) // ${width})::INTEGER AS bucket, count(*)::DOUBLE AS n FROM ${sel} GROUP BY bucket ORDER BY bucket`);
  const windows: [number, number][] = [];
  let lo = firstTs;
  let rows = 0;
  for (const b of buckets) {
    const n = b.n as number;
    const start = firstTs + (b.bucket as number) * width;
    if (rows > 0 && rows + n > windowRows) {
      windows.push([lo, start]);
      lo = start;
      rows = 0;
    }
    rows += n;
  }
  windows.push([lo, lastTs + 1]);
  return windows;
}
