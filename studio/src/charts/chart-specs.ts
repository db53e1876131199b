import * as Plot from '@observablehq/plot';
import { decimateMinMax } from '../lib/decimate.ts';

/** Common chart settings. `document` lets tests render under jsdom. */
export interface ChartFrame {
  readonly width: number;
  readonly height: number;
  readonly document?: Document;
}

/** One named series, columnar: x as epoch ms (or any number), y values. */
export interface NamedSeries {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

/** Points kept per series: two per pixel column (its min and max), so nothing visible is lost. */
export function bucketsFor(width: number): number {
  return Math.max(50, Math.round(width));
}

/**
 * Decimated columns of several series, concatenated: `z` names the series, `seg` a run of finite values
 * within it (a NaN gap — no Sharpe while flat, no equity before a run starts — breaks the line there).
 */
export function seriesColumns(series: readonly NamedSeries[], width: number, maxGap = Infinity): { x: Float64Array; y: Float64Array; z: string[]; seg: string[]; length: number } {
  const parts = series.flatMap((s) =>
    finiteSegments(s, maxGap).map((seg, k) => ({ name: s.name, seg: `${s.name}\u0000${k}`, d: decimateMinMax({ x: seg.x, y: seg.y, length: seg.x.length }, Math.max(2, Math.round((bucketsFor(width) * seg.x.length) / Math.max(1, s.x.length)))) })),
  );
  const length = parts.reduce((n, p) => n + p.d.length, 0);
  const x = new Float64Array(length);
  const y = new Float64Array(length);
  const z: string[] = new Array(length);
  const seg: string[] = new Array(length);
  let k = 0;
  for (const p of parts) {
    x.set(p.d.x, k);
    y.set(p.d.y, k);
    z.fill(p.name, k, k + p.d.length);
    seg.fill(p.seg, k, k + p.d.length);
    k += p.d.length;
  }
  return { x, y, z, seg, length };
}

/**
 * Maximal runs of points whose x and y are finite and no further than `maxGap` apart in x (a hole in the
 * data is not drawn as a line). Views, not copies, when the input is a Float64Array.
 */
export function finiteSegments(s: NamedSeries, maxGap = Infinity): { x: Float64Array; y: Float64Array }[] {
  const x = s.x instanceof Float64Array ? s.x : Float64Array.from(s.x);
  const y = s.y instanceof Float64Array ? s.y : Float64Array.from(s.y);
  const n = Math.min(x.length, y.length);
  const out: { x: Float64Array; y: Float64Array }[] = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    // x − x and y − y are 0 for finite numbers, NaN for NaN and ±Infinity: one test for both.
    const ok = i < n && x[i] - x[i] === 0 && y[i] - y[i] === 0;
    if (ok && start >= 0 && x[i] - x[i - 1] > maxGap) {
      out.push({ x: x.subarray(start, i), y: y.subarray(start, i) });
      start = i;
    } else if (ok) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push({ x: x.subarray(start, i), y: y.subarray(start, i) });
      start = -1;
    }
  }
  return out;
}

/** A line chart of one or more time series over a UTC axis (equity, normalised equity, rolling Sharpe). */
export function timeSeriesChart(series: readonly NamedSeries[], frame: ChartFrame & { yLabel: string; yFormat?: string; zeroLine?: boolean; area?: boolean }) {
  const cols = seriesColumns(series, frame.width);
  const data = { length: cols.length };
  const many = series.length > 1;
  const marks: Plot.Markish[] = [Plot.gridY({ strokeOpacity: 0.08 })];
  if (frame.area) marks.push(Plot.areaY(data, { x: cols.x, y: cols.y, z: cols.seg, fill: many ? cols.z : 'var(--accent)', fillOpacity: 0.25, curve: 'step-after' }));
  marks.push(Plot.lineY(data, { x: cols.x, y: cols.y, z: cols.seg, stroke: many ? cols.z : 'var(--accent)', strokeWidth: 1.25 }));
  if (frame.zeroLine) marks.push(Plot.ruleY([0], { strokeOpacity: 0.4 }));
  return Plot.plot({
    width: frame.width,
    height: frame.height,
    document: frame.document,
    marginLeft: 56,
    style: { background: 'transparent', color: 'currentColor' },
    x: { type: 'utc', label: null },
    y: { label: frame.yLabel, tickFormat: frame.yFormat, grid: false },
    color: many ? { legend: true, type: 'categorical', domain: series.map((s) => s.name) } : undefined,
    marks,
  });
}

/** Equity in dollars, or normalised to 1 at the start when comparing runs. */
export function equityChart(series: readonly NamedSeries[], frame: ChartFrame & { normalised?: boolean }) {
  return timeSeriesChart(series, { ...frame, yLabel: frame.normalised ? 'Growth of 1' : 'Equity ($)', yFormat: frame.normalised ? '.2f' : '~s' });
}

/** Drawdown as a fraction ≤ 0, shaded. */
export function drawdownChart(series: readonly NamedSeries[], frame: ChartFrame) {
  return timeSeriesChart(series, { ...frame, yLabel: 'Drawdown', yFormat: '.0%', area: series.length === 1, zeroLine: true });
}

/** Rolling Sharpe of one or more runs. */
export function rollingSharpeChart(series: readonly NamedSeries[], frame: ChartFrame & { window: number }) {
  return timeSeriesChart(series, { ...frame, yLabel: `Rolling Sharpe (${frame.window} bars)`, yFormat: '.1f', zeroLine: true });
}

/** One fill or trade end to mark on a price chart. */
export interface TradeMark {
  readonly ts: number;
  readonly price: number;
  readonly kind: 'entry' | 'exit';
  readonly label: string;
}

/** Close prices of one symbol with entries (▲) and exits (▼) marked at their fill prices. */
export function priceChart(prices: NamedSeries, marks: readonly TradeMark[], frame: ChartFrame) {
  const cols = seriesColumns([prices], frame.width, 20 * medianStep(prices.x));
  return Plot.plot({
    width: frame.width,
    height: frame.height,
    document: frame.document,
    marginLeft: 56,
    style: { background: 'transparent', color: 'currentColor' },
    x: { type: 'utc', label: null },
    y: { label: `${prices.name} close ($)`, grid: true },
    color: { domain: ['entry', 'exit'], range: ['var(--good)', 'var(--bad)'], legend: true },
    marks: [
      Plot.lineY({ length: cols.length }, { x: cols.x, y: cols.y, z: cols.seg, stroke: 'var(--muted)', strokeWidth: 1 }),
      // ▲ entries, ▼ exits (the same triangle turned over).
      Plot.dot(marks, { x: 'ts', y: 'price', fill: 'kind', symbol: 'triangle', rotate: (d: TradeMark) => (d.kind === 'exit' ? 180 : 0), r: 3.5, title: 'label' }),
    ],
  });
}

/** What a chart cell asks for: a mark type and the columns for x, y and colour. */
export interface ResultChartSpec {
  readonly mark: 'line' | 'area' | 'bar' | 'dot';
  readonly x: string;
  readonly y: string;
  readonly color: string | null;
}

/** A chart of a query result (rows as objects), for notebook chart cells. */
export function resultChart(rows: readonly Record<string, unknown>[], spec: ResultChartSpec, frame: ChartFrame) {
  for (const key of [spec.x, spec.y, spec.color]) {
    if (key !== null && rows.length > 0 && !(key in rows[0])) throw new Error(`column "${key}" is not in the result (it has ${Object.keys(rows[0]).join(', ')})`);
  }
  const stroke = spec.color ?? 'var(--accent)';
  const channels = { x: spec.x, y: spec.y };
  const mark =
    spec.mark === 'line'
      ? Plot.lineY(rows, { ...channels, stroke, z: spec.color ?? undefined })
      : spec.mark === 'area'
        ? Plot.areaY(rows, { ...channels, fill: stroke, z: spec.color ?? undefined, fillOpacity: 0.6 })
        : spec.mark === 'bar'
          ? Plot.barY(rows, { ...channels, fill: stroke })
          : Plot.dot(rows, { ...channels, stroke, r: 2.5 });
  return Plot.plot({
    width: frame.width,
    height: frame.height,
    document: frame.document,
    marginLeft: 60,
    style: { background: 'transparent', color: 'currentColor' },
    x: { label: spec.x, ...(spec.mark === 'bar' ? { type: 'band' as const } : {}) },
    y: { label: spec.y, grid: true },
    color: spec.color ? { legend: true } : undefined,
    marks: [mark, ...(spec.mark === 'bar' || spec.mark === 'area' ? [Plot.ruleY([0])] : [])],
  });
}

/** Median spacing of the first 1,000 steps of x (the bar interval), Infinity when there are too few points. */
export function medianStep(x: ArrayLike<number>): number {
  const n = Math.min(x.length - 1, 1000);
  if (n < 1) return Infinity;
  const d = Array.from({ length: n }, (_, i) => x[i + 1] - x[i]).sort((a, b) => a - b);
  return d[Math.floor(n / 2)];
}
