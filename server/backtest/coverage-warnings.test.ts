import { describe, expect, test } from 'vitest';
import { coverageWarnings } from './coverage-warnings.ts';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const first = day('2012-01-03');
const last = day('2014-12-31');
const spy = { symbol: 'SPY', bars: 754, firstTs: first, lastTs: last };

describe('coverageWarnings', () => {
  test.each([
    ['every symbol spans the run', [spy], [], []],
    [
      'a symbol ends early, nothing held',
      [spy, { symbol: 'GOOG', bars: 291, firstTs: first, lastTs: day('2013-03-01') }],
      [],
      ["GOOG's bars end 2013-03-01, before the run's last bar 2014-12-31: it was not tradable after then"],
    ],
    [
      'a symbol ends early with a position open: its marking price is named',
      [spy, { symbol: 'GOOG', bars: 291, firstTs: first, lastTs: day('2013-03-01') }],
      [{ symbol: 'GOOG', side: 'long' as const, qty: 10, lastPrice: 806.19, entryTs: first, entryPrice: 570.98 }],
      ["GOOG's bars end 2013-03-01, before the run's last bar 2014-12-31: it was not tradable after then; the long position of 10 still open is marked at its last close 806.19 from then to the end"],
    ],
    [
      'a symbol starts late',
      [spy, { symbol: 'QQQ', bars: 5, firstTs: day('2012-06-01'), lastTs: last }],
      [],
      ["QQQ's bars start 2012-06-01, after the run's first bar 2012-01-03: it was not tradable before then"],
    ],
    ['a symbol with no bars at all', [spy, { symbol: 'XYZ', bars: 0, firstTs: NaN, lastTs: NaN }], [], ['XYZ has no bars in the run (2012-01-03..2014-12-31): it was never tradable']],
  ])('%s', (_name, coverage, openPositions, expected) => {
    expect(coverageWarnings({ coverage, openPositions }, first, last)).toEqual(expected);
  });
});
