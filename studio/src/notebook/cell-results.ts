import type { ResultTable } from '../api/arrow.ts';
import { toRows } from '../api/arrow.ts';
import type { EquityCurve, RunDetail } from '../api/types.ts';

/** What running a cell produced (kept in the tab, not saved). */
export type CellResult =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly startedAt: number; readonly progress?: { done: number; total: number }; readonly jobId?: string; readonly note?: string }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'done'; readonly kind: 'sql'; readonly table: ResultTable; readonly elapsedMs: number }
  | { readonly status: 'done'; readonly kind: 'backtest'; readonly run: RunDetail; readonly curve: EquityCurve; readonly elapsedMs: number }
  | { readonly status: 'done'; readonly kind: 'note'; readonly elapsedMs: number };

export const IDLE: CellResult = { status: 'idle' };

/** Rows a chart cell can plot from a source cell's result: a query's rows, or a backtest's equity curve. */
export function chartRows(result: CellResult | undefined, limit = 100_000): Record<string, unknown>[] | null {
  if (result?.status !== 'done') return null;
  if (result.kind === 'sql') return toRows(result.table, limit);
  if (result.kind === 'backtest') {
    const c = result.curve;
    const n = Math.min(c.length, limit);
    const rows: Record<string, unknown>[] = new Array(n);
    for (let i = 0; i < n; i++) rows[i] = { ts: new Date(c.ts[i]), equity: c.equity[i], drawdown: c.drawdown[i] };
    return rows;
  }
  return null;
}

/** Column names of a result, for the chart cell's pickers. */
export function resultColumns(result: CellResult | undefined): string[] {
  if (result?.status !== 'done') return [];
  if (result.kind === 'sql') return result.table.columns.map((c) => c.name);
  if (result.kind === 'backtest') return ['ts', 'equity', 'drawdown'];
  return [];
}
