import type { Timeframe } from '../../engine/index.ts';
import type { RunStatus, RunSummary } from './run-record.ts';

/** A row of the runs table (JSON columns as text) as a RunSummary. */
export function summaryFromRow(row: Record<string, unknown>): RunSummary {
  return {
    runId: row.run_id as string,
    createdAt: row.created_at as number,
    status: row.status as RunStatus,
    strategy: row.strategy as string,
    symbols: row.symbols as string[],
    timeframe: row.timeframe as Timeframe,
    fromTs: row.from_ts as number,
    toTs: row.to_ts as number,
    metrics: jsonColumn(row.metrics),
    summary: jsonColumn(row.summary),
    equityPoints: row.equity_points as number,
  };
}

/** A JSON column's value, null when the column is NULL. */
export function jsonColumn(text: unknown): unknown {
  return text === null || text === undefined ? null : JSON.parse(text as string);
}
