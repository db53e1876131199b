import { describe, expect, test } from 'vitest';
import { SMA } from 'trading-signals';
import { CloseWindows } from './close-windows.ts';
import { RollingMean } from './rolling-mean.ts';
import { readDailyBars } from './test-harness.ts';

describe('CloseWindows', () => {
  test('keeps the latest closes per symbol and looks back across the wrap', () => {
    const w = new CloseWindows(2, 3);
    [1, 2, 3, 4, 5].forEach((c) => w.push(1, c));
    w.push(0, 9);
    expect([w.count(0), w.count(1)]).toEqual([1, 5]);
    expect([w.back(1, 0), w.back(1, 1), w.back(1, 2), w.back(0, 0)]).toEqual([5, 4, 3, 9]);
  });
});

describe('RollingMean', () => {
  test('is NaN until full, then the mean of the latest period values per symbol', () => {
    const m = new RollingMean(2, 3);
    const got: number[] = [];
    for (const v of [1, 2, 3, 4, 5, 6, 7]) {
      m.push(1, v);
      m.push(0, 10 * v);
      got.push(m.mean(1));
    }
    expect(got).toEqual([NaN, NaN, 2, 3, 4, 5, 6]);
    expect(m.mean(0)).toBe(60);
  });

  test.each([2, 15, 30, 200])("SMA(%i) agrees with trading-signals' SMA on SPY closes, exactly at each resync", (period) => {
    const closes = readDailyBars('SPY').map((b) => b.close);
    const mean = new RollingMean(1, period);
    const reference = new SMA(period);
    let worst = 0;
    closes.forEach((c, k) => {
      mean.push(0, c);
      const theirs = reference.add(c);
      if (theirs === null) return expect(mean.mean(0)).toBeNaN();
      worst = Math.max(worst, Math.abs(mean.mean(0) - theirs));
      if ((k + 1) % period === 0) expect(mean.mean(0)).toBe(theirs);
    });
    expect(worst).toBeLessThan(1e-9);
  });
});
