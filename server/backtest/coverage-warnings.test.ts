import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../../engine/index.ts';
import { coverageWarnings, holeRule } from './coverage-warnings.ts';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const first = day('2012-01-03');
const last = day('2014-12-31');
const spy = { symbol: 'SPY', bars: 754, firstTs: first, lastTs: last, holes: [], holeCount: 0 };

describe('coverageWarnings', () => {
  test.each([
    ['every symbol spans the run', [spy], [], []],
    [
      'a symbol ends early, nothing held',
      [spy, { symbol: 'GOOG', bars: 291, firstTs: first, lastTs: day('2013-03-01'), holes: [], holeCount: 0 }],
      [],
      ["GOOG's bars end 2013-03-01, before the run's last bar 2014-12-31: it was not tradable after then"],
    ],
    [
      'a symbol ends early with a position open: its marking price is named',
      [spy, { symbol: 'GOOG', bars: 291, firstTs: first, lastTs: day('2013-03-01'), holes: [], holeCount: 0 }],
      [{ symbol: 'GOOG', side: 'long' as const, qty: 10, lastPrice: 806.19, entryTs: first, entryPrice: 570.98 }],
      ["GOOG's bars end 2013-03-01, before the run's last bar 2014-12-31: it was not tradable after then; the long position of 10 still open is marked at its last close 806.19 from then to the end"],
    ],
    [
      'a symbol starts late',
      [spy, { symbol: 'QQQ', bars: 5, firstTs: day('2012-06-01'), lastTs: last, holes: [], holeCount: 0 }],
      [],
      ["QQQ's bars start 2012-06-01, after the run's first bar 2012-01-03: it was not tradable before then"],
    ],
    ['a symbol with no bars at all', [spy, { symbol: 'XYZ', bars: 0, firstTs: NaN, lastTs: NaN, holes: [], holeCount: 0 }], [], ['XYZ has no bars in the run (2012-01-03..2014-12-31): it was never tradable']],
  ])('%s', (_name, coverage, openPositions, expected) => {
    expect(coverageWarnings({ coverage, openPositions }, first, last)).toEqual(expected);
  });

  const holed = (holes: { fromTs: number; toTs: number; missedSlices: number }[], holeCount = holes.length) => [spy, { symbol: 'QQQ', bars: 500, firstTs: first, lastTs: last, holes, holeCount }];
  const tail = 'it was not tradable then, and an indicator counting bars counts across the hole';
  test.each([
    // QQQ's real hole in the shared data: 2004-11-30 → 2011-03-23 is 2,304 days.
    ['a years-long hole', holed([{ fromTs: day('2004-11-30'), toTs: day('2011-03-23'), missedSlices: 1590 }]), [`QQQ has no bars between 2004-11-30 and 2011-03-23 (2,304 calendar days; 1,590 bar times of other symbols fall inside): ${tail}`]],
    ['a hole nothing else traded in', holed([{ fromTs: day('2013-01-02'), toTs: day('2013-01-13'), missedSlices: 0 }]), [`QQQ has no bars between 2013-01-02 and 2013-01-13 (11 calendar days): ${tail}`]],
    [
      'every hole, in order',
      holed([
        { fromTs: day('2019-03-01'), toTs: day('2019-03-13'), missedSlices: 6 },
        { fromTs: day('2019-07-09'), toTs: day('2019-07-30'), missedSlices: 14 },
      ]),
      [`QQQ has no bars between 2019-03-01 and 2019-03-13 (12 calendar days; 6 bar times of other symbols fall inside): ${tail}`, `QQQ has no bars between 2019-07-09 and 2019-07-30 (21 calendar days; 14 bar times of other symbols fall inside): ${tail}`],
    ],
    ['holes past the kept ones are counted', holed([{ fromTs: day('2013-01-02'), toTs: day('2013-01-13'), missedSlices: 0 }], 25), [`QQQ has no bars between 2013-01-02 and 2013-01-13 (11 calendar days): ${tail}`, 'QQQ has 24 more holes after the 1 named']],
  ])('%s', (_name, coverage, expected) => {
    expect(coverageWarnings({ coverage, openPositions: [] }, first, last)).toEqual(expected);
  });

  test.each([
    ['daily: ten days or a week of others’ bars', true, { minMs: 10 * DAY_MS, minMissedSlices: 5 }],
    ['intraday: only the calendar (a thin symbol misses minutes all the time)', false, { minMs: 10 * DAY_MS, minMissedSlices: Infinity }],
  ])('holeRule %s', (_name, daily, rule) => {
    expect(holeRule(daily)).toEqual(rule);
  });
});
