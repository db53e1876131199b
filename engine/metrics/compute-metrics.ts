import { roundCents } from '../domain/money.ts';
import { EquityStats } from './equity-stats.ts';
import { cagr, calendarDays } from './growth.ts';
import { finiteOrNull } from './stats.ts';
import { tradeStats } from './trades.ts';

/** What {@link computeMetrics} needs: an equity curve, the trade list and a few totals from the run. */
export interface MetricsInput {
  /** UTC epoch ms of each equity point (one per bar/slice, at the bar's close), non-decreasing. */
  readonly ts: Float64Array;
  /** Equity in dollars marked at each bar's close; same length as ts. */
  readonly equity: Float64Array;
  /** Number of valid points; the arrays may be longer (preallocated). */
  readonly length: number;
  /** Starting cash in dollars: seeds the drawdown peak and is the base of the first bar's return. */
  readonly startingEquity: number;
  /** Bars per year for annualising: 252 for daily; regular-session bars per day × 252 intraday. */
  readonly barsPerYear: number;
  /** Annual risk-free rate as a fraction (0.02 = 2 %); default 0. */
  readonly riskFreeRate?: number;
  /** Closed round trips, pnl in dollars net of fees. */
  readonly trades: readonly { readonly pnl: number }[];
  /** Total fees paid, dollars. */
  readonly fees: number;
  /** Bars during which some position was non-zero. */
  readonly exposedBars: number;
  /** Total return of the benchmark over the same period, a fraction, computed by the caller. */
  readonly benchmarkReturn: number;
}

/** Performance statistics of one run. Every number is finite; what is undefined is null. Key order is fixed. */
export interface Metrics {
  /** Equity at the last point, dollars rounded to cents (startingEquity when there are no points). */
  readonly finalEquity: number;
  /** Last equity (before finalEquity's rounding to cents) / startingEquity − 1. */
  readonly totalReturn: number;
  /** (finalEquity / startingEquity)^(365.25 / days) − 1, days = calendar days from the first to the last point; null when the points span no time. */
  readonly cagr: number | null;
  /** Sample std of per-bar returns × √barsPerYear; per-bar returns start with equity[0] / startingEquity − 1. */
  readonly volatility: number | null;
  /** mean(excess) / sample std(excess) × √barsPerYear, excess = per-bar return − ((1 + riskFreeRate)^(1/barsPerYear) − 1). */
  readonly sharpe: number | null;
  /** mean(excess) / √(mean over all bars of min(0, excess)²) × √barsPerYear. */
  readonly sortino: number | null;
  /** Largest fall from the running equity peak (seeded with startingEquity), a fraction ≤ 0. */
  readonly maxDrawdown: number;
  /** Longest stretch, in calendar days, from a peak until equity regains it (or the last point). */
  readonly maxDrawdownDays: number;
  /** cagr / |maxDrawdown|; null when there is no drawdown or no cagr. */
  readonly calmar: number | null;
  /** exposedBars / length: the fraction of bars holding a position. */
  readonly exposure: number | null;
  /** Number of closed round trips. */
  readonly trades: number;
  /** Winning trips (pnl > 0) / trips; null when there are none. */
  readonly winRate: number | null;
  /** Gross profit / |gross loss| over trips; null when no trip lost money. */
  readonly profitFactor: number | null;
  /** Total fees paid, dollars. */
  readonly fees: number;
  /** The caller's benchmark total return (null when it is not finite). */
  readonly benchmarkReturn: number | null;
}

/** The names of {@link Metrics}, in output order. */
export const METRIC_KEYS = [
  'finalEquity', 'totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'maxDrawdownDays',
  'calmar', 'exposure', 'trades', 'winRate', 'profitFactor', 'fees', 'benchmarkReturn',
] as const satisfies readonly (keyof Metrics)[];

/** The run totals that {@link metricsFromStats} needs besides the equity statistics. */
export type RunTotals = Pick<MetricsInput, 'trades' | 'fees' | 'exposedBars' | 'benchmarkReturn'>;

/** Computes every metric of a run. Throws a RangeError naming the field when the input breaks an invariant. */
export function computeMetrics(input: MetricsInput): Metrics {
  validate(input);
  const { ts, equity, length: n } = input;
  const stats = new EquityStats(input.startingEquity, input.barsPerYear, input.riskFreeRate ?? 0);
  stats.add(ts, equity, n);
  if (stats.needsSecondPass) stats.addSecond(equity, n);
  return metricsFromStats(stats, input);
}

/**
 * Every metric of a run from statistics gathered while its equity curve streamed by (the second pass included
 * when it was needed): the same numbers as computeMetrics over the whole curve.
 */
export function metricsFromStats(stats: EquityStats, totals: RunTotals): Metrics {
  const n = stats.length;
  const start = stats.startingEquity;
  if (!Number.isFinite(totals.fees)) throw new RangeError(`computeMetrics: fees must be finite, got ${totals.fees}`);
  if (!Number.isInteger(totals.exposedBars) || totals.exposedBars < 0 || totals.exposedBars > n)
    throw new RangeError(`computeMetrics: exposedBars must be an integer in [0, length ${n}], got ${totals.exposedBars}`);
  for (let i = 0; i < totals.trades.length; i++) {
    if (!Number.isFinite(totals.trades[i].pnl)) throw new RangeError(`computeMetrics: trades[${i}].pnl is not finite (${totals.trades[i].pnl})`);
  }
  const ratios = stats.ratios();
  const finalEquity = stats.finalEquity;
  const growth = n > 0 ? cagr(start, finalEquity, calendarDays(stats.firstTs, stats.lastTs)) : null;
  const dd = stats.maxDrawdown;
  const tripStats = tradeStats(totals.trades);
  return {
    // Dollar figures are reported in cents; the ratios use the unrounded equity.
    finalEquity: roundCents(finalEquity),
    totalReturn: finalEquity / start - 1,
    cagr: growth,
    volatility: ratios.volatility,
    sharpe: ratios.sharpe,
    sortino: ratios.sortino,
    maxDrawdown: dd,
    maxDrawdownDays: stats.maxDrawdownDays,
    calmar: growth !== null && dd < 0 ? finiteOrNull(growth / -dd) : null,
    exposure: n > 0 ? finiteOrNull(totals.exposedBars / n) : null,
    trades: tripStats.trades,
    winRate: tripStats.winRate,
    profitFactor: tripStats.profitFactor,
    fees: roundCents(totals.fees),
    benchmarkReturn: finiteOrNull(totals.benchmarkReturn),
  };
}

function validate(input: MetricsInput): void {
  const { ts, equity, length: n } = input;
  const fail = (field: string, why: string): never => {
    throw new RangeError(`computeMetrics: ${field} ${why}`);
  };
  if (!Number.isInteger(n) || n < 0) fail('length', `must be a non-negative integer, got ${n}`);
  if (ts.length < n) fail('ts', `has ${ts.length} points, fewer than length ${n}`);
  if (equity.length < n) fail('equity', `has ${equity.length} points, fewer than length ${n}`);
  if (!(input.startingEquity > 0) || !Number.isFinite(input.startingEquity)) fail('startingEquity', `must be a positive number, got ${input.startingEquity}`);
  if (!(input.barsPerYear > 0) || !Number.isFinite(input.barsPerYear)) fail('barsPerYear', `must be a positive number, got ${input.barsPerYear}`);
  const rf = input.riskFreeRate ?? 0;
  if (!(rf >= -1) || !Number.isFinite(rf)) fail('riskFreeRate', `must be a finite number >= -1, got ${rf}`);
  if (!Number.isFinite(input.fees)) fail('fees', `must be finite, got ${input.fees}`);
  if (!Number.isInteger(input.exposedBars) || input.exposedBars < 0 || input.exposedBars > n)
    fail('exposedBars', `must be an integer in [0, length ${n}], got ${input.exposedBars}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(equity[i])) fail(`equity[${i}]`, `is not finite (${equity[i]})`);
    if (!Number.isFinite(ts[i])) fail(`ts[${i}]`, `is not finite (${ts[i]})`);
    if (i > 0 && ts[i] < ts[i - 1]) fail(`ts[${i}]`, `is earlier than ts[${i - 1}]`);
  }
  for (let i = 0; i < input.trades.length; i++) {
    if (!Number.isFinite(input.trades[i].pnl)) fail(`trades[${i}].pnl`, `is not finite (${input.trades[i].pnl})`);
  }
}
