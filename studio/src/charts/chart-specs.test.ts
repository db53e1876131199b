// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { drawdownChart, equityChart, finiteSegments, medianStep, priceChart, resultChart, rollingSharpeChart, seriesColumns } from './chart-specs.ts';

const day = 86_400_000;
const x = Float64Array.from({ length: 300 }, (_, i) => Date.UTC(2020, 0, 1) + i * day);
const y = Float64Array.from({ length: 300 }, (_, i) => 100_000 + i * 10 + (i % 7) * 50);
const frame = { width: 640, height: 240, document };

function text(el: Element): string {
  return el.textContent ?? '';
}

describe('chart specs', () => {
  test('equity chart: one line path, a UTC x axis and the y label', () => {
    const el = equityChart([{ name: 'run', x, y }], frame);
    const svg = el.tagName === 'svg' ? el : el.querySelector('svg')!;
    expect(svg.querySelectorAll('[aria-label="line"] path').length).toBe(1);
    expect(svg.querySelector('[aria-label="x-axis tick label"]')).not.toBeNull();
    expect(text(svg.querySelector('[aria-label="y-axis label"]')!)).toContain('Equity ($)');
    expect(svg.getAttribute('width')).toBe('640');
  });

  test('compared equity curves: one path per run and a legend with each name', () => {
    const el = equityChart(
      [
        { name: 'A', x, y },
        { name: 'B', x, y: y.map((v) => v * 1.1) },
      ],
      { ...frame, normalised: true },
    );
    expect(el.querySelectorAll('[aria-label="line"] path').length).toBe(2);
    expect(text(el)).toContain('A');
    expect(text(el)).toContain('B');
    expect(text(el.querySelector('[aria-label="y-axis label"]')!)).toContain('Growth of 1');
  });

  test('drawdown chart: an area and a zero rule', () => {
    const el = drawdownChart([{ name: 'dd', x, y: y.map((v) => -v / 1e6) }], frame);
    expect(el.querySelectorAll('[aria-label="area"] path').length).toBe(1);
    expect(el.querySelector('[aria-label="rule"]')).not.toBeNull();
    expect(text(el.querySelector('[aria-label="y-axis label"]')!)).toContain('Drawdown');
  });

  test('rolling Sharpe chart skips the NaN warm-up', () => {
    const s = y.map((v, i) => (i < 20 ? Number.NaN : v / 1e5));
    const el = rollingSharpeChart([{ name: 'r', x, y: s }], { ...frame, window: 20 });
    expect(text(el.querySelector('[aria-label="y-axis label"]')!)).toContain('Rolling Sharpe (20 bars)');
    expect(el.querySelector('[aria-label="line"] path')!.getAttribute('d')).not.toContain('NaN');
  });

  test('a NaN gap breaks the line into two paths instead of bridging it', () => {
    const g = y.map((v, i) => (i >= 100 && i < 120 ? Number.NaN : v));
    const el = rollingSharpeChart([{ name: 'r', x, y: g }], { ...frame, window: 20 });
    expect(el.querySelectorAll('[aria-label="line"] path').length).toBe(2);
    expect(finiteSegments({ name: 'r', x, y: g }).map((s) => s.x.length)).toEqual([100, 180]);
  });

  test('a hole in the data (years without bars) is not bridged on a price chart', () => {
    const gx = Float64Array.from([...x.subarray(0, 100), ...x.subarray(0, 100).map((v) => v + 1000 * day)]);
    const gy = Float64Array.from([...y.subarray(0, 100), ...y.subarray(0, 100)]);
    expect(medianStep(gx)).toBe(day);
    const el = priceChart({ name: 'QQQ', x: gx, y: gy }, [], frame);
    expect(el.querySelectorAll('[aria-label="line"] path').length).toBe(2);
  });

  test('price chart marks entries and exits as dots', () => {
    const el = priceChart({ name: 'SPY', x, y }, [
      { ts: x[10], price: y[10], kind: 'entry', label: 'buy' },
      { ts: x[50], price: y[50], kind: 'exit', label: 'sell' },
    ], frame);
    expect(el.querySelectorAll('[aria-label="dot"] path').length).toBe(2);
    expect(text(el.querySelector('[aria-label="y-axis label"]')!)).toContain('SPY close ($)');
  });

  test.each(['line', 'area', 'bar', 'dot'] as const)('result chart: %s mark draws', (mark) => {
    const rows = [
      { d: new Date(Date.UTC(2020, 0, 1)), v: 1, s: 'A' },
      { d: new Date(Date.UTC(2020, 0, 2)), v: 3, s: 'A' },
      { d: new Date(Date.UTC(2020, 0, 3)), v: 2, s: 'B' },
    ];
    const el = resultChart(rows, { mark, x: 'd', y: 'v', color: mark === 'bar' ? null : 's' }, frame);
    const label = mark === 'bar' ? 'bar' : mark;
    expect(el.querySelector(`[aria-label="${label}"]`)).not.toBeNull();
    expect(text(el.querySelector('[aria-label="y-axis label"]')!)).toContain('v');
  });

  test('result chart names a missing column', () => {
    expect(() => resultChart([{ a: 1 }], { mark: 'line', x: 'a', y: 'b', color: null }, frame)).toThrow('column "b" is not in the result (it has a)');
  });

  test('a million points are decimated to about two per pixel before plotting', () => {
    const n = 1_000_000;
    const bx = Float64Array.from({ length: n }, (_, i) => i * 1000);
    const by = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 5000));
    const cols = seriesColumns([{ name: 'big', x: bx, y: by }], 1200);
    expect(cols.length).toBeLessThanOrEqual(2 * 1200 + 2);
    const t0 = performance.now();
    equityChart([{ name: 'big', x: bx, y: by }], { width: 1200, height: 300, document });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
