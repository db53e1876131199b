import type { DuckDBConnection } from '@duckdb/node-api';
import { TIMEFRAMES, type Timeframe } from '../../engine/index.ts';
import { createNyOffsetMacro, REGULAR_SESSION_SQL } from './session-sql.ts';
import { queryRows, sqlString } from './sql.ts';
import { StoreError } from './store-error.ts';

/** Which bars a feed replays. */
export interface FeedQuery {
  /** The universe, in order: BarBatch.symbol indexes this list. */
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  /** First bar open to include, UTC epoch ms (inclusive); default: the first stored. */
  readonly from?: number;
  /** Last bar open to include, UTC epoch ms (inclusive); default: the last stored. */
  readonly to?: number;
  /** 'regular' keeps intraday bars opening 09:30–16:00 New York; daily bars are all kept. Default 'all'. */
  readonly session?: 'regular' | 'all';
  /** Rows per batch (default 65,536); a batch grows past it only when one slice is larger. */
  readonly batchSize?: number;
  /** Rows DuckDB sorts per query (default 262,144): bounds the reader's memory on long replays; the next window is sorted while one is read. */
  readonly windowRows?: number;
  /**
   * Refill the arrays of earlier batches instead of allocating (default false): a batch is then valid only until
   * the batch after it is requested. For a consumer that never keeps a batch, such as the engine.
   */
  readonly reuseBatches?: boolean;
}

/** A validated query with defaults applied. */
export interface ResolvedFeedQuery {
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly from: number | null;
  readonly to: number | null;
  readonly regularOnly: boolean;
  readonly batchSize: number;
  readonly windowRows: number;
  readonly reuseBatches: boolean;
}

/** Checks a FeedQuery, naming the field at fault. */
export function resolveFeedQuery(q: FeedQuery): ResolvedFeedQuery {
  const bad = (what: string) => new StoreError('invalid', `feed query: ${what}`);
  if (!Array.isArray(q.symbols) || q.symbols.length === 0) throw bad('symbols must be a non-empty list');
  const seen = new Set<string>();
  for (const s of q.symbols) {
    if (typeof s !== 'string' || s === '') throw bad(`symbols must be non-empty strings, got ${JSON.stringify(s)}`);
    if (seen.has(s)) throw bad(`symbol ${s} is listed twice`);
    seen.add(s);
  }
  if (!TIMEFRAMES.includes(q.timeframe)) throw bad(`timeframe must be one of ${TIMEFRAMES.join(', ')}, got ${JSON.stringify(q.timeframe)}`);
  const bound = (name: string, v: number | undefined, round: (x: number) => number) => {
    if (v === undefined || v === null) return null;
    if (!Number.isFinite(v)) throw bad(`${name} must be epoch milliseconds, got ${v}`);
    return round(v);
  };
  const from = bound('from', q.from, Math.ceil);
  const to = bound('to', q.to, Math.floor);
  const session = q.session ?? 'all';
  if (session !== 'all' && session !== 'regular') throw bad(`session must be 'regular' or 'all', got ${JSON.stringify(session)}`);
  const count = (name: string, v: number | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    if (!Number.isSafeInteger(v) || v < 1) throw bad(`${name} must be a whole number ≥ 1, got ${v}`);
    return v;
  };
  return {
    symbols: [...q.symbols],
    timeframe: q.timeframe,
    from,
    to,
    regularOnly: session === 'regular' && q.timeframe !== '1Day',
    batchSize: count('batchSize', q.batchSize, 65_536),
    windowRows: count('windowRows', q.windowRows, 262_144),
    reuseBatches: q.reuseBatches === true,
  };
}

/**
 * SQL for the selected rows as a subquery with columns ts (BIGINT), idx (universe index, INTEGER),
 * symbol, open, high, low, close, volume. For the session filter it first creates a TEMP macro on
 * `conn`, so run every query of the feed on that connection.
 */
export async function selectionSql(conn: DuckDBConnection, q: ResolvedFeedQuery): Promise<string> {
  const universe = q.symbols.map((s, i) => `(${sqlString(s)}, ${i})`).join(', ');
  const where = [`b.timeframe = ${sqlString(q.timeframe)}`];
  if (q.from !== null) where.push(`b.ts >= ${q.from}`);
  if (q.to !== null) where.push(`b.ts <= ${q.to}`);
  const base = `FROM bars b JOIN (VALUES ${universe}) u(symbol, idx) ON b.symbol = u.symbol`;
  if (q.regularOnly) {
    const [range] = await queryRows(conn, `SELECT min(b.ts)::DOUBLE AS lo, max(b.ts)::DOUBLE AS hi ${base} WHERE ${where.join(' AND ')}`);
    if (range.lo !== null) {
      await createNyOffsetMacro(conn, range.lo as number, range.hi as number);
      where.push(REGULAR_SESSION_SQL);
    }
  }
  return `(SELECT b.ts, u.idx::INTEGER AS idx, b.symbol, b.open, b.high, b.low, b.close, b.volume ${base} WHERE ${where.join(' AND ')})`;
}
