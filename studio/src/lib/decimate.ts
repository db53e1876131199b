/** A series of (x, y) points, columnar. x ascending. */
export interface XYSeries {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly length: number;
}

/** Decimated series: the indices kept from the source, ascending, and their values. */
export interface Decimated {
  readonly index: Uint32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly length: number;
}

/**
 * Min/max decimation for display: the x range is split into `buckets` equal-width buckets (one per
 * pixel column); from each bucket the point with the smallest y and the one with the largest y are
 * kept, in x order, so every peak and trough of the full series survives. The first and last points
 * are always kept. A series with no more than 2 × buckets points is returned whole. O(n), one pass.
 */
export function decimateMinMax(series: XYSeries, buckets: number): Decimated {
  const n = series.length;
  const { x, y } = series;
  if (!(buckets >= 1)) throw new RangeError(`buckets must be at least 1, got ${buckets}`);
  if (n <= 2 * buckets) return pick(series, Uint32Array.from({ length: n }, (_, i) => i));
  const x0 = x[0];
  const span = x[n - 1] - x0;
  const out = new Uint32Array(2 * buckets + 2);
  let k = 0;
  out[k++] = 0;
  let bucket = -1;
  let minI = -1;
  let maxI = -1;
  const flush = () => {
    if (minI < 0) return;
    const a = Math.min(minI, maxI);
    const b = Math.max(minI, maxI);
    if (a !== out[k - 1]) out[k++] = a;
    if (b !== a && b !== out[k - 1]) out[k++] = b;
  };
  for (let i = 0; i < n; i++) {
    const bi = span > 0 ? Math.min(buckets - 1, Math.floor(((x[i] - x0) / span) * buckets)) : Math.min(buckets - 1, Math.floor((i / n) * buckets));
    if (bi !== bucket) {
      flush();
      bucket = bi;
      minI = i;
      maxI = i;
    } else {
      const v = y[i];
      if (v < y[minI]) minI = i;
      if (v > y[maxI]) maxI = i;
    }
  }
  flush();
  if (out[k - 1] !== n - 1) out[k++] = n - 1;
  return pick(series, out.slice(0, k));
}

/** Bucket of x for a series decimated into `buckets` buckets (for tests and tooltips). */
export function bucketOf(xi: number, x0: number, x1: number, buckets: number): number {
  const span = x1 - x0;
  return span > 0 ? Math.min(buckets - 1, Math.floor(((xi - x0) / span) * buckets)) : 0;
}

function pick(series: XYSeries, index: Uint32Array): Decimated {
  const x = new Float64Array(index.length);
  const y = new Float64Array(index.length);
  for (let j = 0; j < index.length; j++) {
    x[j] = series.x[index[j]];
    y[j] = series.y[index[j]];
  }
  return { index, x, y, length: index.length };
}
