import { describe, expect, test } from 'vitest';
import { batchFromBars, type Bar } from '../../domain/bar.ts';
import { DAY_MS } from '../../domain/time.ts';
import { FeatureBook } from './features.ts';

const day0 = Date.UTC(2024, 0, 1);
const bar = (k: number, close: number): Bar => ({ symbol: 'X', ts: day0 + k * DAY_MS, open: close - 1, high: close + 1, low: close - 2, close, volume: 1000 + k });

function book(closes: readonly number[], window: number): FeatureBook {
  const f = new FeatureBook(1, window);
  closes.forEach((c, k) => {
    const batch = batchFromBars([bar(k, c)], ['X']);
    f.observe({ ts: batch.ts[0], batch, start: 0, end: 1 });
  });
  return f;
}

describe('FeatureBook', () => {
  test('keeps only the last `window` bars, oldest first, in the prompt table', () => {
    const f = book([10, 11, 12, 13, 14], 3);
    expect(f.barsTable(0)).toBe(['date,open,high,low,close,volume', '2024-01-03,11.00,13.00,10.00,12.00,1002', '2024-01-04,12.00,14.00,11.00,13.00,1003', '2024-01-05,13.00,15.00,12.00,14.00,1004'].join('\n'));
    expect(f.seen(0)).toBe(5);
  });

  test('SMA(20) is the mean of the last 20 closes; n/a before 20 bars; change over the window', () => {
    const closes = Array.from({ length: 25 }, (_, k) => 100 + k);
    expect(book(closes.slice(0, 19), 20).indicatorText(0)).toContain('SMA(20) n/a');
    const text = book(closes, 20).indicatorText(0);
    // Closes 105..124: mean 114.5. Change from 105 (19 bars back) to 124: 18.10 %.
    expect(text).toContain('SMA(20) 114.50');
    expect(text).toContain('close 124.00');
    expect(text).toContain('change 18.10% over 19 bars');
    expect(text).toContain('SMA(50) n/a');
  });

  test('RSI(14) of a series that only rises is 100', () => {
    expect(book(Array.from({ length: 30 }, (_, k) => 50 + k), 20).indicatorText(0)).toContain('RSI(14) 100.00');
  });
});
