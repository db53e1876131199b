import { describe, expect, test } from 'vitest';
import { sharpeRatio, sortinoRatio, volatility } from './ratios.ts';
import { returnRatios } from './return-stats.ts';
import { barReturns } from './returns.ts';

// A small seeded generator: the curves are random but the test is reproducible.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function curves(): { name: string; equity: Float64Array; start: number }[] {
  const out: { name: string; equity: Float64Array; start: number }[] = [];
  const rnd = lcg(7);
  for (const n of [0, 1, 2, 3, 10, 1000]) {
    const e = new Float64Array(n);
    let x = 100_000;
    for (let i = 0; i < n; i++) e[i] = x *= 1 + (rnd() - 0.5) * 0.02;
    out.push({ name: `random walk of ${n}`, equity: e, start: 100_000 });
  }
  out.push({ name: 'flat', equity: new Float64Array(50).fill(100_000), start: 100_000 });
  out.push({ name: 'flat after a first move', equity: new Float64Array(50).fill(90_000), start: 100_000 });
  out.push({ name: 'steady loss', equity: Float64Array.from({ length: 20 }, (_, i) => 100 * 0.99 ** (i + 1)), start: 100 });
  out.push({ name: 'equity touching zero (NaN returns)', equity: new Float64Array([100, 0, 5, 7, 6]), start: 100 });
  out.push({ name: 'negative equity', equity: new Float64Array([100, -20, 30, 40]), start: 100 });
  out.push({ name: 'only gains', equity: Float64Array.from({ length: 30 }, (_, i) => 100 + i), start: 100 });
  return out;
}

describe('returnRatios', () => {
  const cases = curves().flatMap((c) => [0, 0.02, -0.5].flatMap((rf) => [252, 98_280].map((bpy) => ({ ...c, rf, bpy }))));
  test.each(cases)('$name, rf $rf, $bpy bars a year: bit-identical to the array versions', ({ equity, start, rf, bpy }) => {
    const r = barReturns(equity, equity.length, start);
    const got = returnRatios(equity, equity.length, start, bpy, rf);
    expect(Object.is(got.volatility, volatility(r, bpy))).toBe(true);
    expect(Object.is(got.sharpe, sharpeRatio(r, bpy, rf))).toBe(true);
    expect(Object.is(got.sortino, sortinoRatio(r, bpy, rf))).toBe(true);
  });

  test('reads only the first `length` points', () => {
    const equity = new Float64Array([100, 110, 99, 1e9, -5]);
    expect(returnRatios(equity, 3, 100, 252)).toEqual(returnRatios(equity.subarray(0, 3), 3, 100, 252));
  });
});
