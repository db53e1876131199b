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

  test('two pairs of arrays take turns: a long curve allocates none per slab, and a refill never touches a write in progress', async () => {
    const buffers: ArrayBufferLike[] = [];
    const seen: number[] = [];
    let inFlight: Float64Array | null = null;
    const sink: EquitySink = {
      write: async (ts, equity, n) => {
        buffers.push(equity.buffer);
        inFlight = equity;
        const before = Array.from(equity.subarray(0, n));
        await new Promise((r) => setTimeout(r, 1));
        // The curve went on pushing meanwhile; the slab being written must be unchanged.
        expect(Array.from(equity.subarray(0, n))).toEqual(before);
        seen.push(...before);
        inFlight = null;
      },
    };
    const c = new EquityCurve(1_000, sink, 8);
    for (let i = 0; i < 200; i++) {
      c.push(i, i);
      if (i % 10 === 9) await c.drain();
    }
    await c.finish();
    expect(inFlight).toBe(null);
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(buffers.length).toBeGreaterThan(4);
    // Alternating: writes 1, 3, 5… share one buffer and 2, 4, 6… the other.
    expect(new Set(buffers).size).toBe(2);
    for (let k = 2; k < buffers.length; k++) expect(buffers[k]).toBe(buffers[k - 2]);
  });
});
