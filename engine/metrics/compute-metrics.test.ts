import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../domain/time.ts';
import { computeMetrics, METRIC_KEYS, type MetricsInput } from './compute-metrics.ts';

const T0 = Date.UTC(2023, 0, 3);

function input(over: Partial<MetricsInput> & { days?: number[]; points?: number[] } = {}): MetricsInput {
  const points = over.points ?? [100, 110, 99];
  const days = over.days ?? [0, 182.625, 365.25];
  const { points: _p, days: _d, ...rest } = over;
  return {
    ts: Float64Array.from(days, (d) => T0 + d * DAY_MS),
    equity: Float64Array.from(points),
    length: points.length,
    startingEquity: 100,
    barsPerYear: 252,
    riskFreeRate: 0,
    trades: [{ pnl: 20 }, { pnl: -10 }],
    fees: 1.5,
    exposedBars: 2,
    benchmarkReturn: 0.05,
    ...rest,
  };
}

describe('computeMetrics', () => {
  test('keys in the documented order', () => {
    expect(Object.keys(computeMetrics(input()))).toEqual([
      'finalEquity', 'totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'maxDrawdownDays',
      'calmar', 'exposure', 'trades', 'winRate', 'profitFactor', 'fees', 'benchmarkReturn',
    ]);
    expect(METRIC_KEYS).toEqual(Object.keys(computeMetrics(input())));
  });

  test('a three-point curve, every value by hand', () => {
    const m = computeMetrics(input());
    expect(m.finalEquity).toBe(99);
    // 99 / 100 − 1
    expect(m.totalReturn).toBeCloseTo(-0.01, 12);
    // first to last point is exactly 365.25 days, so CAGR = total return over that span: 99/100 − 1
    expect(m.cagr).toBeCloseTo(-0.01, 12);
    // returns [0, 0.1, −0.1]: sample std 0.1 × √252 = 1.58745079
    expect(m.volatility).toBeCloseTo(1.58745079, 8);
    // mean return 0 → Sharpe and Sortino 0
    expect(m.sharpe).toBeCloseTo(0, 8);
    expect(m.sortino).toBeCloseTo(0, 8);
    // peak 110 → 99: −0.1, from day 182.625 never regained to day 365.25
    expect(m.maxDrawdown).toBeCloseTo(-0.1, 12);
    expect(m.maxDrawdownDays).toBeCloseTo(182.625, 9);
    // −0.01 / 0.1
    expect(m.calmar).toBeCloseTo(-0.1, 12);
    // 2 exposed bars of 3
    expect(m.exposure).toBeCloseTo(2 / 3, 12);
    expect(m.trades).toBe(2);
    expect(m.winRate).toBe(0.5);
    // 20 / |−10|
    expect(m.profitFactor).toBe(2);
    expect(m.fees).toBe(1.5);
    expect(m.benchmarkReturn).toBe(0.05);
  });

  test('the spec CAGR: 10,000 → 12,100 over 730 calendar days ≈ 0.100, not 0.068', () => {
    // (1.21)^(365.25/730) − 1 ≈ 0.10007; 252 bars a year would wrongly give 1.21^(252/730) − 1 ≈ 0.068
    const m = computeMetrics(input({ startingEquity: 10_000, points: [10_000, 11_000, 12_100], days: [0, 365, 730], exposedBars: 0 }));
    expect(m.cagr).toBeCloseTo(0.10007, 5);
    expect(m.totalReturn).toBeCloseTo(0.21, 12);
  });

  test('risk-free rate reaches Sharpe and Sortino', () => {
    // returns [0.004, −0.006, 0.003, −0.002, 0.002] from start 100, rf 2 %/yr → Sharpe ≈ 0.46474 (see ratios.test.ts)
    const rs = [0.004, -0.006, 0.003, -0.002, 0.002];
    let e = 100;
    const points = rs.map((r) => (e *= 1 + r));
    const m = computeMetrics(input({ points, days: [0, 1, 2, 3, 4], riskFreeRate: 0.02, exposedBars: 5 }));
    expect(m.sharpe).toBeCloseTo(0.46474, 4);
    expect(m.exposure).toBe(1);
  });

  test('uses only the first `length` points of preallocated arrays', () => {
    const base = input();
    const m = computeMetrics({
      ...base,
      ts: Float64Array.from([...base.ts, 0, 0]),
      equity: Float64Array.from([...base.equity, 1e9, Number.NaN]),
    });
    expect(m).toEqual(computeMetrics(base));
  });

  test.each([
    {
      name: 'no points',
      over: { points: [], days: [], exposedBars: 0, trades: [] },
      expected: {
        finalEquity: 100, totalReturn: 0, cagr: null, volatility: null, sharpe: null, sortino: null, maxDrawdown: 0,
        maxDrawdownDays: 0, calmar: null, exposure: null, trades: 0, winRate: null, profitFactor: null, fees: 1.5, benchmarkReturn: 0.05,
      },
    },
    {
      // one point: one return (0.05), no time span, no sample std
      name: 'one point',
      over: { points: [105], days: [0], exposedBars: 1, trades: [{ pnl: 5 }] },
      expected: {
        finalEquity: 105, cagr: null, volatility: null, sharpe: null, sortino: null, maxDrawdown: 0,
        maxDrawdownDays: 0, calmar: null, exposure: 1, trades: 1, winRate: 1, profitFactor: null,
      },
    },
    {
      // flat, rf 0: returns all 0 → volatility 0, Sharpe and Sortino undefined, no drawdown → no Calmar
      name: 'flat equity',
      over: { points: [100, 100, 100], exposedBars: 0, trades: [], benchmarkReturn: Number.NaN },
      expected: {
        finalEquity: 100, totalReturn: 0, cagr: 0, volatility: 0, sharpe: null, sortino: null, maxDrawdown: 0,
        maxDrawdownDays: 0, calmar: null, exposure: 0, trades: 0, winRate: null, profitFactor: null, benchmarkReturn: null,
      },
    },
  ])('undefined values are null: $name', ({ over, expected }) => {
    const m = computeMetrics(input(over));
    expect(m).toMatchObject(expected);
    for (const v of Object.values(m)) expect(v === null || Number.isFinite(v)).toBe(true);
  });

  test('flat equity with a risk-free rate: Sharpe undefined (identical excess), Sortino defined', () => {
    // excess = −rf every bar: std 0 → Sharpe null; downside deviation = √(mean rf²) = rf → Sortino = −rf / rf × √252 = −15.8745079
    const m = computeMetrics(input({ points: [100, 100, 100], riskFreeRate: 0.03 }));
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeCloseTo(-15.8745079, 6);
  });

  test('byte-stable JSON: same input twice → same text', () => {
    expect(JSON.stringify(computeMetrics(input()))).toBe(JSON.stringify(computeMetrics(input())));
  });

  test.each([
    { field: 'startingEquity', over: { startingEquity: 0 } },
    { field: 'ts has 3 points, fewer than length 9', over: { length: 9 } },
    { field: 'barsPerYear', over: { barsPerYear: 0 } },
    { field: 'exposedBars', over: { exposedBars: 4 } },
    { field: 'equity\\[1\\]', over: { points: [100, Number.NaN, 99] } },
    { field: 'ts\\[2\\]', over: { days: [0, 2, 1] } },
    { field: 'trades\\[0\\]', over: { trades: [{ pnl: Number.POSITIVE_INFINITY }] } },
  ])('rejects a broken input naming $field', ({ field, over }) => {
    expect(() => computeMetrics(input(over))).toThrow(new RegExp(`computeMetrics: ${field}`));
  });
});
