import { numericColumn, type ResultTable } from './arrow.ts';
import { api, apiArrow, query, type ArrowTiming } from './client.ts';
import type { ChainVerdict, CompareResult, EquityCurve, Fill, Job, JournalEntry, NotebookBody, NotebookSummary, RunDetail, RunSummary, SeriesInfo, SessionInfo, Trade } from './types.ts';

/** Every API call the studio makes, one function each (server/http/API.md). */

export const getSession = () => api<SessionInfo>('/api/session');
export const signIn = (token: string) => api<SessionInfo>('/api/session', { method: 'POST', body: { token } });
export const signOut = () => api<void>('/api/session', { method: 'DELETE' });

export interface RunFilter {
  readonly strategy?: string;
  readonly symbol?: string;
  readonly status?: string;
  readonly limit?: number;
  readonly cursor?: string | null;
}

export const listRuns = (f: RunFilter = {}) => api<{ runs: RunSummary[]; nextCursor: string | null }>(`/api/runs${query({ ...f, limit: f.limit ?? 200 })}`);
export const getRun = (id: string) => api<RunDetail>(`/api/runs/${encodeURIComponent(id)}`);

/** A run's equity and drawdown as Arrow; `timing` receives the download time and size. */
export async function getEquity(id: string, timing?: ArrowTiming): Promise<EquityCurve> {
  const t = await apiArrow(`/api/runs/${encodeURIComponent(id)}/equity`, {}, timing);
  return { ts: numericColumn(t, 'ts'), equity: numericColumn(t, 'equity'), drawdown: numericColumn(t, 'drawdown'), length: t.numRows };
}

export const getTrades = (id: string, cursor?: string | null) => api<{ trades: Trade[]; nextCursor: string | null }>(`/api/runs/${encodeURIComponent(id)}/trades${query({ limit: 1000, cursor })}`);
export const getFills = (id: string, cursor?: string | null) => api<{ fills: Fill[]; nextCursor: string | null }>(`/api/runs/${encodeURIComponent(id)}/fills${query({ limit: 1000, cursor })}`);
export const getDecisions = (id: string, cursor?: string | null) => api<{ entries: JournalEntry[]; nextCursor: string | null }>(`/api/runs/${encodeURIComponent(id)}/decisions${query({ limit: 500, cursor })}`);
export const compareRuns = (ids: readonly string[]) => api<CompareResult>(`/api/runs/compare${query({ ids: ids.join(',') })}`);

export interface LogFilter {
  readonly run?: string;
  readonly kind?: string;
  readonly actor?: string;
  readonly symbol?: string;
  readonly q?: string;
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly cursor?: string | null;
}

export const listLogs = (f: LogFilter = {}) => api<{ entries: JournalEntry[]; nextCursor: string | null }>(`/api/logs${query({ ...f, limit: f.limit ?? 200 })}`);
export const verifyLogs = (run?: string) => api<ChainVerdict>(`/api/logs/verify${query({ run })}`);
export const traceOrder = (orderId: string) => api<{ orderId: string; entries: JournalEntry[] }>(`/api/logs/trace/${encodeURIComponent(orderId)}`);

export const listSeries = () => api<{ series: SeriesInfo[] }>('/api/market-data/symbols');

/** Close prices of a symbol as Arrow (columns ts, open, high, low, close, volume). */
export async function getBars(symbol: string, timeframe: string, from?: number, to?: number): Promise<{ ts: Float64Array; close: Float64Array }> {
  const t = await apiArrow(`/api/market-data/bars${query({ symbol, timeframe, from, to })}`);
  return { ts: numericColumn(t, 'ts'), close: numericColumn(t, 'close') };
}

export const startBacktest = (config: unknown) => api<Job>('/api/backtests', { method: 'POST', body: config });
export const cancelJob = (id: string) => api<Job>(`/api/backtests/${encodeURIComponent(id)}/cancel`, { method: 'POST' });

/** Runs one SQL statement in the sandbox; the result comes back as Arrow. */
export async function runSql(sql: string, maxRows = 10_000): Promise<ResultTable> {
  return apiArrow('/api/sql', { method: 'POST', body: { sql, maxRows } });
}

export const listNotebooks = (owner?: string) => api<{ notebooks: NotebookSummary[] }>(`/api/notebooks${query({ owner })}`);
export const getNotebook = (id: string) => api<NotebookBody>(`/api/notebooks/${encodeURIComponent(id)}`);
export const createNotebook = (title: string, cells: readonly object[]) => api<NotebookBody>('/api/notebooks', { method: 'POST', body: { title, cells } });
export const createStarterNotebook = () => api<NotebookBody>('/api/notebooks/starter', { method: 'POST' });
export const saveNotebook = (id: string, title: string, cells: readonly object[], version: number) =>
  api<NotebookBody>(`/api/notebooks/${encodeURIComponent(id)}`, { method: 'PUT', body: { title, cells, version } });
