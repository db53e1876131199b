import { describe, expect, test } from 'vitest';
import { coverageWarnings } from './coverage-warnings.ts';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const first = day('2012-01-03');
const last = day('2014-12-31');
const spy = { symbol: 'SPY', bars: 754, firstTs: first, lastTs: last, longestGap: { fromTs: day('2012-11-23'), toTs: day('2012-11-26'), missedSlices: 0 } };

describe('coverageWarnings', () => {
  test.each([
    ['every symbol spans the run', [spy], [], []],
    [
      'a symbol ends early, nothing held',
      [spy, { symbol: 'GOOG', bars: 291, firstTs: first, lastTs: day('2013-03-01'), longestGap: null }],
      [],
      ["GOOG's bars end 2013-03-01, before the run's last bar 2014-12-31: it was not tradable after then"],
    ],
    [
      'a symbol ends early with a position open: its marking price is named',
      [spy, { symbol: 'GOOG', bars: 291, firstTs: first, lastTs: day('2013-03-01'), longestGap: null }],
      [{ symbol: 'GOOG', side: 'long' as const, qty: 10, lastPrice: 806.19, entryTs: first, entryPrice: 570.98 }],
      ["GOOG's bars end 2013-03-01, before the run's last bar 2014-12-31: it was not tradable after then; the long position of 10 still open is marked at its last close 806.19 from then to the end"],
    ],
    [
      'a symbol starts late',
      [spy, { symbol: 'QQQ', bars: 5, firstTs: day('2012-06-01'), lastTs: last, longestGap: null }],
      [],
      ["QQQ's bars start 2012-06-01, after the run's first bar 2012-01-03: it was not tradable before then"],
    ],
    ['a symbol with no bars at all', [spy, { symbol: 'XYZ', bars: 0, firstTs: NaN, lastTs: NaN, longestGap: null }], [], ['XYZ has no bars in the run (2012-01-03..2014-12-31): it was never tradable']],
  ])('%s', (_name, coverage, openPositions, expected) => {
    expect(coverageWarnings({ coverage, openPositions }, first, last)).toEqual(expected);
  });

  const gapped = (fromTs: number, toTs: number, missedSlices: number) => [spy, { symbol: 'QQQ', bars: 500, firstTs: first, lastTs: last, longestGap: { fromTs, toTs, missedSlices } }];
  test.each([
    // QQQ's real hole in the shared data: 2004-11-30 → 2011-03-23 is 2,304 days.
    ['a years-long hole', gapped(day('2004-11-30'), day('2011-03-23'), 1590), true, "QQQ has no bars between 2004-11-30 and 2011-03-23 (2,304 calendar days; 1,590 bar times of other symbols fall inside): it was not tradable then, and indicators and lookbacks counted in bars reach across the gap"],
    ['eleven days, nothing else trading either', gapped(day('2013-01-02'), day('2013-01-13'), 0), true, 'QQQ has no bars between 2013-01-02 and 2013-01-13 (11 calendar days): it was not tradable then, and indicators and lookbacks counted in bars reach across the gap'],
    ['a week of daily bars the others had', gapped(day('2013-01-02'), day('2013-01-09'), 5), true, 'QQQ has no bars between 2013-01-02 and 2013-01-09 (7 calendar days; 5 bar times of other symbols fall inside): it was not tradable then, and indicators and lookbacks counted in bars reach across the gap'],
    ['the 9/11 closure (7 days, the market shut for all)', gapped(day('2001-09-10'), day('2001-09-17'), 0), true, null],
    ['four missed days', gapped(day('2013-01-02'), day('2013-01-08'), 4), true, null],
    ['an intraday symbol missing many minutes others traded', gapped(Date.UTC(2013, 0, 2, 15), Date.UTC(2013, 0, 2, 20), 300), false, null],
  ])('%s', (_name, coverage, daily, expected) => {
    expect(coverageWarnings({ coverage, openPositions: [] }, first, last, daily)).toEqual(expected === null ? [] : [expected]);
  });
});
