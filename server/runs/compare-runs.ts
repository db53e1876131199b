import type { EquitySeries, Store, StoredRun } from '../../data/index.ts';
import { METRIC_KEYS } from '../../engine/index.ts';

/** Flattened config fields whose values differ between runs, with each run's value (`tradebook runs compare`). */
export function configDiff(configs: readonly Record<string, unknown>[]): Record<string, unknown[]> {
  const flat = configs.map((c) => flatten(c));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  const out: Record<string, unknown[]> = {};
  for (const k of keys) {
    const values = flat.map((f) => f[k] ?? null);
    if (new Set(values.map((v) => JSON.stringify(v))).size > 1) out[k] = values;
  }
  return out;
}

function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = value;
  return out;
}

/** One metric of several runs: each run's value and its difference from the first run's (null when either is null). */
export interface MetricComparison {
  readonly key: string;
  readonly values: (number | null)[];
  readonly diffs: (number | null)[];
}

/** Each metric side by side with differences from the first run. */
export function compareMetrics(metrics: readonly Record<string, unknown>[]): MetricComparison[] {
  return METRIC_KEYS.map((key) => {
    const values = metrics.map((m) => (typeof m?.[key] === 'number' ? (m[key] as number) : null));
    const base = values[0];
    return { key, values, diffs: values.map((v) => (v === null || base === null ? null : v - base)) };
  });
}

/**
 * Equity curves on the union of their timestamps: each curve carried forward from its last point, null before
 * its first point.
 */
export function alignEquity(curves: readonly EquitySeries[]): { ts: Float64Array; series: (number | null)[][] } {
  const all = new Float64Array(curves.reduce((n, c) => n + c.length, 0));
  let k = 0;
  for (const c of curves) {
    all.set(c.ts.subarray(0, c.length), k);
    k += c.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  const ts = all.slice(0, n);
  const series = curves.map((c) => {
    const out: (number | null)[] = new Array(n);
    let j = -1;
    for (let i = 0; i < n; i++) {
      while (j + 1 < c.length && c.ts[j + 1] <= ts[i]) j++;
      out[i] = j < 0 ? null : c.equity[j];
    }
    return out;
  });
  return { ts, series };
}

/** Everything the API's compare returns: the runs, metrics side by side, config differences, aligned equity. */
export async function compareRuns(store: Store, ids: readonly string[]) {
  const runs: StoredRun[] = await Promise.all(ids.map((id) => store.getRun(id)));
  const curves = await Promise.all(ids.map((id) => store.getEquity(id)));
  const aligned = alignEquity(curves);
  return {
    runs: runs.map((r) => ({ runId: r.runId, strategy: r.strategy, symbols: r.symbols, timeframe: r.timeframe, fromTs: r.fromTs, toTs: r.toTs, status: r.status })),
    metrics: compareMetrics(runs.map((r) => r.metrics as Record<string, unknown>)),
    configDiff: configDiff(runs.map((r) => r.config as Record<string, unknown>)),
    equity: { ts: [...aligned.ts], series: runs.map((r, i) => ({ runId: r.runId, equity: aligned.series[i] })) },
  };
}
