import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../domain/time.ts';
import { maxDrawdown, maxDrawdownDays } from './drawdown.ts';
import { EquityStats } from './equity-stats.ts';
import { returnRatios } from './return-stats.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function curve(n: number, seed: number): { ts: Float64Array; equity: Float64Array } {
  const rnd = lcg(seed);
  const ts = Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * 3_600_000);
  let x = 100_000;
  const equity = Float64Array.from({ length: n }, () => (x *= 1 + (rnd() - 0.5) * 0.02));
  return { ts, equity };
}

/** Streams a curve through EquityStats in slabs of `slab` points, second pass in slabs of `slab2`. */
function streamed(ts: Float64Array, equity: Float64Array, start: number, rf: number, slab: number, slab2: number): EquityStats {
  const s = new EquityStats(start, 252, rf);
  for (let i = 0; i < equity.length; i += slab) s.add(ts.subarray(i), equity.subarray(i), Math.min(slab, equity.length - i));
  if (s.needsSecondPass) for (let i = 0; i < equity.length; i += slab2) s.addSecond(equity.subarray(i), Math.min(slab2, equity.length - i));
  return s;
}

describe('EquityStats', () => {
  test.each([
    { name: 'random walk, one slab', n: 1000, slab: 1000, slab2: 1000, rf: 0 },
    { name: 'random walk, uneven slabs', n: 1000, slab: 7, slab2: 333, rf: 0 },
    { name: 'with a risk-free rate', n: 500, slab: 64, slab2: 1, rf: 0.03 },
    { name: 'two points', n: 2, slab: 1, slab2: 1, rf: 0 },
    { name: 'one point', n: 1, slab: 1, slab2: 1, rf: 0 },
    { name: 'no points', n: 0, slab: 1, slab2: 1, rf: 0 },
  ])('bit-identical to the whole-array functions: $name', ({ n, slab, slab2, rf }) => {
    const { ts, equity } = curve(n, n + 3);
    const s = streamed(ts, equity, 100_000, rf, slab, slab2);
    const whole = returnRatios(equity, n, 100_000, 252, rf);
    const got = s.ratios();
    expect(Object.is(got.volatility, whole.volatility) && Object.is(got.sharpe, whole.sharpe) && Object.is(got.sortino, whole.sortino)).toBe(true);
    expect(Object.is(s.maxDrawdown, maxDrawdown(equity, n, 100_000))).toBe(true);
    expect(Object.is(s.maxDrawdownDays, maxDrawdownDays(ts, equity, n, 100_000))).toBe(true);
    expect(s.finalEquity).toBe(n > 0 ? equity[n - 1] : 100_000);
  });

  test('flat equity needs no second pass and has volatility 0', () => {
    const ts = Float64Array.from({ length: 5 }, (_, i) => i * DAY_MS);
    const s = new EquityStats(100, 252);
    s.add(ts, new Float64Array(5).fill(100), 5);
    expect(s.needsSecondPass).toBe(false);
    expect(s.ratios()).toEqual({ volatility: 0, sharpe: null, sortino: null });
  });

  test('ratios refuse a missing second pass', () => {
    const { ts, equity } = curve(10, 1);
    const s = new EquityStats(100_000, 252);
    s.add(ts, equity, 10);
    s.addSecond(equity, 4);
    expect(() => s.ratios()).toThrow(/second pass got 4 of 10 points/);
  });

  test.each([
    { why: 'a non-finite equity', equity: [1, Number.NaN], ts: [0, 1], message: /equity\[1\] is not finite/ },
    { why: 'time going back across slabs', equity: [1, 2], ts: [5, 4], message: /ts\[1\] is earlier than ts\[0\]/ },
  ])('names the point at fault: $why', ({ equity, ts, message }) => {
    const s = new EquityStats(1, 252);
    s.add(ts, equity, 1);
    expect(() => s.add(ts.slice(1), equity.slice(1), 1)).toThrow(message);
  });
});
