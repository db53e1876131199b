import { describe, expect, test } from 'vitest';
import { METRIC_KEYS } from '../../engine/index.ts';
import { alignEquity, compareMetrics, configDiff } from './compare-runs.ts';

const curve = (points: [number, number][]) => ({ ts: Float64Array.from(points.map((p) => p[0])), equity: Float64Array.from(points.map((p) => p[1])), length: points.length });

describe('alignEquity', () => {
  test('union of timestamps; each curve carried forward from its last point, null before its first', () => {
    const { ts, series } = alignEquity([curve([[1, 10], [3, 30], [5, 50]]), curve([[2, 200], [3, 300], [6, 600]])]);
    expect([...ts]).toEqual([1, 2, 3, 5, 6]);
    expect(series).toEqual([
      [10, 10, 30, 50, 50],
      [null, 200, 300, 300, 600],
    ]);
  });

  test('empty curves and a single curve', () => {
    expect(alignEquity([curve([]), curve([])])).toEqual({ ts: new Float64Array(0), series: [[], []] });
    const { ts, series } = alignEquity([curve([[7, 1]])]);
    expect([...ts]).toEqual([7]);
    expect(series).toEqual([[1]]);
  });
});

describe('compareMetrics', () => {
  test('every metric key, values side by side, differences from the first run, null when either is null', () => {
    const rows = compareMetrics([{ sharpe: 1.5, cagr: null, trades: 4 }, { sharpe: 1, cagr: 0.1, trades: 6 }, { sharpe: 2.25, cagr: 0.2 }]);
    expect(rows.map((r) => r.key)).toEqual([...METRIC_KEYS]);
    expect(rows.find((r) => r.key === 'sharpe')).toEqual({ key: 'sharpe', values: [1.5, 1, 2.25], diffs: [0, -0.5, 0.75] });
    expect(rows.find((r) => r.key === 'cagr')).toEqual({ key: 'cagr', values: [null, 0.1, 0.2], diffs: [null, null, null] });
    expect(rows.find((r) => r.key === 'trades')).toEqual({ key: 'trades', values: [4, 6, null], diffs: [0, 2, null] });
  });
});

describe('configDiff', () => {
  test('flattened fields that differ, with each run’s value (missing as null); equal fields left out', () => {
    expect(configDiff([{ cash: 1, params: { fast: '10', slow: '30' }, symbols: ['SPY'] }, { cash: 1, params: { fast: '20', slow: '30' }, symbols: ['SPY', 'QQQ'], extra: true }])).toEqual({
      extra: [null, true],
      'params.fast': ['10', '20'],
      symbols: [['SPY'], ['SPY', 'QQQ']],
    });
  });
});
