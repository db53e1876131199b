import { formatMoney, formatNumber, formatPercent, formatPercentPoints, formatSigned } from './format.ts';

/** How a metric is shown and which direction is better. */
export interface MetricSpec {
  readonly key: string;
  readonly label: string;
  readonly kind: 'money' | 'percent' | 'ratio' | 'count' | 'days';
  /** 'higher' or 'lower' is better; null when neither (e.g. number of trades). */
  readonly better: 'higher' | 'lower' | null;
}

/** The metrics the studio shows, in display order (names as the engine's Metrics object has them). */
export const METRICS: readonly MetricSpec[] = [
  { key: 'totalReturn', label: 'Total return', kind: 'percent', better: 'higher' },
  { key: 'cagr', label: 'CAGR', kind: 'percent', better: 'higher' },
  { key: 'sharpe', label: 'Sharpe', kind: 'ratio', better: 'higher' },
  { key: 'sortino', label: 'Sortino', kind: 'ratio', better: 'higher' },
  { key: 'maxDrawdown', label: 'Max drawdown', kind: 'percent', better: 'higher' },
  { key: 'maxDrawdownDays', label: 'Max DD days', kind: 'days', better: 'lower' },
  { key: 'volatility', label: 'Volatility', kind: 'percent', better: 'lower' },
  { key: 'calmar', label: 'Calmar', kind: 'ratio', better: 'higher' },
  { key: 'exposure', label: 'Exposure', kind: 'percent', better: null },
  { key: 'trades', label: 'Trades', kind: 'count', better: null },
  { key: 'winRate', label: 'Win rate', kind: 'percent', better: 'higher' },
  { key: 'profitFactor', label: 'Profit factor', kind: 'ratio', better: 'higher' },
  { key: 'fees', label: 'Fees', kind: 'money', better: 'lower' },
  { key: 'finalEquity', label: 'Final equity', kind: 'money', better: 'higher' },
  { key: 'benchmarkReturn', label: 'Benchmark return', kind: 'percent', better: null },
];

/** The headline metrics for tables and cards. */
export const KEY_METRICS = ['totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'trades'] as const;

export function metricSpec(key: string): MetricSpec {
  return METRICS.find((m) => m.key === key) ?? { key, label: key, kind: 'ratio', better: null };
}

/** A metric value from an untyped metrics object: a finite number or null. */
export function metricValue(metrics: unknown, key: string): number | null {
  if (metrics === null || typeof metrics !== 'object') return null;
  const v = (metrics as Record<string, unknown>)[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function formatMetric(spec: MetricSpec, v: number | null): string {
  switch (spec.kind) {
    case 'money':
      return formatMoney(v);
    case 'percent':
      return formatPercent(v);
    case 'count':
      return formatNumber(v, 0);
    case 'days':
      return v === null ? '—' : `${formatNumber(v, 0)} d`;
    default:
      return formatNumber(v, 2);
  }
}

/** Difference against the baseline, formatted for the metric (pp for percentages). */
export function formatMetricDiff(spec: MetricSpec, v: number | null, base: number | null): string {
  if (v === null || base === null) return '—';
  const d = v - base;
  if (spec.kind === 'percent') return formatPercentPoints(d);
  if (spec.kind === 'money') return `${d >= 0 ? '+' : '−'}${formatMoney(Math.abs(d))}`;
  return formatSigned(d, spec.kind === 'ratio' ? 2 : 0);
}

/**
 * Index of the best value in a row (per the metric's direction), or -1 when the metric has no
 * direction, fewer than two values are known, or every known value is the same.
 */
export function bestIndex(spec: MetricSpec, values: readonly (number | null)[]): number {
  if (spec.better === null) return -1;
  let best = -1;
  let known = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) continue;
    known++;
    if (best < 0) best = i;
    else if (spec.better === 'higher' ? v > values[best]! : v < values[best]!) best = i;
  }
  if (known < 2) return -1;
  const b = values[best];
  return values.every((v) => v === null || v === b) ? -1 : best;
}
