import type { Timeframe } from '../../engine/index.ts';

/** How a run ended. */
export type RunStatus = 'completed' | 'failed' | 'cancelled';

/** An equity curve, columnar: `length` points of (ts epoch ms, equity in dollars), ts strictly ascending. */
export interface EquitySeries {
  readonly ts: Float64Array;
  readonly equity: Float64Array;
  readonly length: number;
}

/** Everything stored about one run. Saving a record with an existing runId replaces it whole. */
export interface RunRecord {
  readonly runId: string;
  /** Wall-clock time the run was recorded, epoch ms. */
  readonly createdAt: number;
  readonly status: RunStatus;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  /** First and last bar timestamp the run read, epoch ms. */
  readonly fromTs: number;
  readonly toTs: number;
  /** The full run config (JSON-able, finite numbers only). */
  readonly config: unknown;
  /** Performance statistics (JSON-able, finite numbers only). */
  readonly metrics: unknown;
  /** A small digest for list views (JSON-able); null when omitted. */
  readonly summary?: unknown;
  /** Trades, fills, orders, rejections… (JSON-able, finite numbers only). */
  readonly result: unknown;
  readonly equity: EquitySeries;
}

/** A run as listed: no config, result or equity. */
export type RunSummary = Pick<RunRecord, 'runId' | 'createdAt' | 'status' | 'strategy' | 'symbols' | 'timeframe' | 'fromTs' | 'toTs' | 'metrics'> & {
  readonly summary: unknown;
  /** Points of the stored equity curve (read them with getEquity). */
  readonly equityPoints: number;
};

/** A stored run without its equity curve (read that with getEquity). */
export interface StoredRun extends RunSummary {
  readonly config: unknown;
  readonly result: unknown;
}

/** Narrows listRuns; every field given must match. Newest first. */
export interface RunFilter {
  readonly strategy?: string;
  readonly status?: RunStatus;
  /** Runs whose universe includes this symbol. */
  readonly symbol?: string;
  /** At most this many runs (default 100). */
  readonly limit?: number;
}
