import { describe, expect, test } from 'vitest';
import { EquityCurve, type EquitySink } from './equity-curve.ts';

function recorder(): EquitySink & { ts: number[]; equity: number[]; writes: number[] } {
  const r = { ts: [] as number[], equity: [] as number[], writes: [] as number[] };
  return Object.assign(r, {
    write: async (ts: Float64Array, equity: Float64Array, n: number) => {
      r.ts.push(...ts.subarray(0, n));
      r.equity.push(...equity.subarray(0, n));
      r.writes.push(n);
    },
  });
}

describe('EquityCurve', () => {
  test('without a sink it keeps every point', () => {
    const c = new EquityCurve(2);
    for (let i = 0; i < 100; i++) c.push(i, 1000 + i);
    expect(c.kept).toBe(true);
    expect(Array.from(c.equity.subarray(0, c.length))).toEqual(Array.from({ length: 100 }, (_, i) => 1000 + i));
  });

  test('with a sink: slabs once gathered, never the last point before finish, every point exactly once in order', async () => {
    const sink = recorder();
    const c = new EquityCurve(1_000, sink, 16);
    for (let i = 0; i < 50; i++) {
      c.push(i, 1000 + i);
      if (i % 10 === 9) await c.drain();
    }
    // drains at 10 (too few), 20 (writes 19), 30 (10 left after the kept point: too few), 40 (writes 20), 50 (writes nothing: 9 + last)
    expect(sink.writes).toEqual([19, 20]);
    c.setLast(7);
    await c.finish();
    expect(sink.ts).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(sink.equity.at(-1)).toBe(7);
    expect(sink.equity.slice(0, 49)).toEqual(Array.from({ length: 49 }, (_, i) => 1000 + i));
    expect([c.length, c.lastTs, c.lastEquity]).toEqual([50, 49, 7]);
  });

  test('a failed write surfaces at the next drain', async () => {
    const c = new EquityCurve(100, { write: () => Promise.reject(new Error('disk full')) }, 2);
    for (let i = 0; i < 5; i++) c.push(i, 1);
    await c.drain();
    for (let i = 5; i < 10; i++) c.push(i, 1);
    await expect(c.drain()).rejects.toThrow('disk full');
  });
});
