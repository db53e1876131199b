import { describe, expect, test } from 'vitest';
import { sortRows } from './table-sort.ts';
import { timeframeMinutes } from './timeframe.ts';

describe('timeframeMinutes', () => {
  test.each([
    ['1Min', 1],
    ['5Min', 5],
    ['1Hour', 60],
    ['1Day', 1440],
    ['1Week', 10_080],
    ['daily', null],
    ['', null],
  ])('%s → %s', (tf, minutes) => {
    expect(timeframeMinutes(tf)).toBe(minutes);
  });

  test('sorts by bar length, not by name (1Min < 5Min < 1Hour < 1Day)', () => {
    const sorted = sortRows(['1Day', '1Min', '1Hour', '5Min'], timeframeMinutes, 'asc');
    expect(sorted).toEqual(['1Min', '5Min', '1Hour', '1Day']);
  });
});
