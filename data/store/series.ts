import type { DuckDBConnection } from '@duckdb/node-api';
import type { Timeframe } from '../../engine/index.ts';
import { queryRows } from './sql.ts';

/** One stored series: a symbol's bars of one timeframe. */
export interface SeriesSummary {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** First and last bar open, UTC epoch ms. */
  readonly firstTs: number;
  readonly lastTs: number;
  readonly count: number;
}

/** Every stored series, ordered by symbol then timeframe. */
export async function listSeries(conn: DuckDBConnection): Promise<SeriesSummary[]> {
  const rows = await queryRows(
    conn,
    `SELECT symbol, timeframe, min(ts)::DOUBLE AS first_ts, max(ts)::DOUBLE AS last_ts, count(*)::DOUBLE AS n
     FROM bars GROUP BY symbol, timeframe ORDER BY symbol, timeframe`,
  );
  return rows.map((r) => ({ symbol: r.symbol as string, timeframe: r.timeframe as Timeframe, firstTs: r.first_ts as number, lastTs: r.last_ts as number, count: r.n as number }));
}

/** "AAPL 1Day, MSFT 1Min" — what the store holds, for error messages. */
export function describeSeries(series: readonly SeriesSummary[]): string {
  return series.length === 0 ? 'no bars at all' : listSome(series.map((s) => `${s.symbol} ${s.timeframe}`));
}

/** The first `most` items joined with commas, then how many more: a message stays readable for 2,000 names. */
export function listSome(items: readonly string[], most = 20): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}
