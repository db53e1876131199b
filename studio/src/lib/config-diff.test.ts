import { describe, expect, test } from 'vitest';
import { diffConfigs, flattenConfig, MISSING } from './config-diff.ts';

describe('config diff', () => {
  test('flattens nested objects to dotted paths; arrays are leaves', () => {
    expect(Object.fromEntries(flattenConfig({ a: { b: 1, c: { d: null } }, e: [1, 2], f: {} }))).toEqual({ 'a.b': 1, 'a.c.d': null, e: [1, 2], f: {} });
  });

  test('marks the paths that differ and keeps the equal ones unless asked', () => {
    const a = { strategy: 'sma-cross', params: { fast: '50', slow: '200' }, symbols: ['SPY'], cash: 100000 };
    const b = { strategy: 'sma-cross', params: { fast: '20', slow: '200' }, symbols: ['SPY', 'QQQ'], cash: 100000, fractional: true };
    const rows = diffConfigs([a, b]);
    expect(rows.map((r) => r.path)).toEqual(['cash', 'fractional', 'params.fast', 'params.slow', 'strategy', 'symbols']);
    expect(rows.filter((r) => r.differs).map((r) => r.path)).toEqual(['fractional', 'params.fast', 'symbols']);
    expect(rows.find((r) => r.path === 'fractional')!.values).toEqual([MISSING, true]);
    expect(diffConfigs([a, b], { onlyDifferences: true })).toHaveLength(3);
  });

  test('three runs: a path differs when any one run differs', () => {
    const rows = diffConfigs([{ x: 1 }, { x: 1 }, { x: 2 }]);
    expect(rows).toEqual([{ path: 'x', values: [1, 1, 2], differs: true }]);
  });
});
