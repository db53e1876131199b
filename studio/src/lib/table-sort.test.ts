import { describe, expect, test } from 'vitest';
import { filterRows, nextSort, sortRows } from './table-sort.ts';

describe('table sort and filter', () => {
  const rows = [
    { id: 'a', v: 2, s: 'SPY sma' },
    { id: 'b', v: null, s: 'QQQ rsi' },
    { id: 'c', v: 5, s: 'SPY rsi' },
    { id: 'd', v: 2, s: 'IWM momentum' },
  ];
  test('descending with nulls last and ties stable', () => {
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.id)).toEqual(['a', 'd', 'c', 'b']);
  });
  test('strings sort by locale', () => {
    expect(sortRows(rows, (r) => r.s, 'asc').map((r) => r.id)).toEqual(['d', 'b', 'c', 'a']);
  });
  test('header clicks: new column descending, same column flips', () => {
    expect(nextSort(null, 'x')).toEqual({ key: 'x', dir: 'desc' });
    expect(nextSort({ key: 'x', dir: 'desc' }, 'x')).toEqual({ key: 'x', dir: 'asc' });
    expect(nextSort({ key: 'x', dir: 'asc' }, 'y')).toEqual({ key: 'y', dir: 'desc' });
  });
  test('filter: every term must match', () => {
    expect(filterRows(rows, 'spy RSI', (r) => r.s).map((r) => r.id)).toEqual(['c']);
    expect(filterRows(rows, '  ', (r) => r.s)).toHaveLength(4);
  });
});
