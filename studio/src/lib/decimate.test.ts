import { describe, expect, test } from 'vitest';
import { bucketOf, decimateMinMax } from './decimate.ts';

/** A deterministic noisy walk (LCG, seeded). */
function walk(n: number, seed = 7): { x: Float64Array; y: Float64Array; length: number } {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let s = seed;
  let v = 100;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v += (s / 2147483648 - 0.5) * 2;
    x[i] = 1_000_000 + i * 60_000;
    y[i] = v;
  }
  return { x, y, length: n };
}

describe('decimateMinMax', () => {
  test('keeps, for every bucket, the minimum and maximum of that bucket (by definition), plus first and last', () => {
    const s = walk(100_000);
    const buckets = 500;
    const d = decimateMinMax(s, buckets);
    // Reference: min and max y of each bucket, computed naively.
    const min = new Array(buckets).fill(Infinity);
    const max = new Array(buckets).fill(-Infinity);
    for (let i = 0; i < s.length; i++) {
      const b = bucketOf(s.x[i], s.x[0], s.x[s.length - 1], buckets);
      min[b] = Math.min(min[b], s.y[i]);
      max[b] = Math.max(max[b], s.y[i]);
    }
    const keptByBucket = new Map<number, number[]>();
    for (let j = 0; j < d.length; j++) {
      const b = bucketOf(d.x[j], s.x[0], s.x[s.length - 1], buckets);
      keptByBucket.set(b, [...(keptByBucket.get(b) ?? []), d.y[j]]);
    }
    for (let b = 0; b < buckets; b++) {
      const kept = keptByBucket.get(b) ?? [];
      expect(kept).toContain(min[b]);
      expect(kept).toContain(max[b]);
    }
    expect(d.index[0]).toBe(0);
    expect(d.index[d.length - 1]).toBe(s.length - 1);
    expect(d.length).toBeLessThanOrEqual(2 * buckets + 2);
    // Indices strictly ascending: the decimated line is drawn in x order.
    for (let j = 1; j < d.length; j++) expect(d.index[j]).toBeGreaterThan(d.index[j - 1]);
    // Values are the source's values at those indices.
    for (let j = 0; j < d.length; j += 37) expect(d.y[j]).toBe(s.y[d.index[j]]);
  });

  test('the global extremes survive', () => {
    const s = walk(50_000, 3);
    const d = decimateMinMax(s, 100);
    expect(Math.min(...d.y)).toBe(Math.min(...s.y));
    expect(Math.max(...d.y)).toBe(Math.max(...s.y));
  });

  test('a short series is returned whole', () => {
    const s = { x: [1, 2, 3], y: [5, 4, 6], length: 3 };
    const d = decimateMinMax(s, 10);
    expect([...d.y]).toEqual([5, 4, 6]);
  });

  test('a spike in one bucket is kept', () => {
    const n = 10_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = new Float64Array(n).fill(1);
    y[4321] = 99;
    y[8765] = -50;
    const d = decimateMinMax({ x, y, length: n }, 20);
    expect([...d.y]).toContain(99);
    expect([...d.y]).toContain(-50);
  });

  test('a million points in well under a second', () => {
    const s = walk(1_000_000);
    const t0 = performance.now();
    const d = decimateMinMax(s, 1200);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(d.length).toBeLessThanOrEqual(2402);
  });

  test('refuses zero buckets', () => expect(() => decimateMinMax(walk(10), 0)).toThrow('buckets must be at least 1'));
});
