import { describe, expect, test } from 'vitest';
import { formatCell, formatCount, formatDate, formatDuration, formatMoney, formatNumber, formatPercent, formatPercentPoints, formatSigned, formatTimestamp, toMs } from './format.ts';

describe('format', () => {
  test.each([
    [1234.5, '$1,234.50'],
    [-3, '−$3.00'],
    [0, '$0.00'],
    [-0.001, '$0.00'],
    [1e6, '$1,000,000.00'],
    [Number.NaN, '—'],
    [null, '—'],
  ])('formatMoney(%s) = %s', (x, s) => expect(formatMoney(x)).toBe(s));

  test.each([
    [0.1234, 2, '12.34%'],
    [-0.05, 1, '−5.0%'],
    [-0.00001, 2, '0.00%'],
    [1, 0, '100%'],
    [undefined, 2, '—'],
  ])('formatPercent(%s, %s) = %s', (x, d, s) => expect(formatPercent(x, d)).toBe(s));

  test.each([
    [0.012, '+1.20 pp'],
    [-0.5, '−50.00 pp'],
    [0, '0.00 pp'],
  ])('formatPercentPoints(%s) = %s', (x, s) => expect(formatPercentPoints(x)).toBe(s));

  test.each([
    [1234.5678, 2, '1,234.57'],
    [-0.5, 2, '−0.5'],
    [-0.0001, 2, '0'],
    [Infinity, 2, '—'],
  ])('formatNumber(%s, %s) = %s', (x, d, s) => expect(formatNumber(x, d)).toBe(s));

  test.each([
    [0.5, '+0.5'],
    [-2, '−2'],
    [0, '0'],
  ])('formatSigned(%s) = %s', (x, s) => expect(formatSigned(x)).toBe(s));

  test.each([
    [950, '950'],
    [12_300, '12.3k'],
    [1_000_000, '1M'],
    [2_500_000_000, '2.5B'],
    [-1500, '−1.5k'],
  ])('formatCount(%s) = %s', (x, s) => expect(formatCount(x)).toBe(s));

  test('dates are UTC; midnight timestamps show as dates', () => {
    expect(formatDate(Date.UTC(2020, 2, 31))).toBe('2020-03-31');
    expect(formatDate('2020-03-31')).toBe('2020-03-31');
    expect(formatTimestamp(Date.UTC(2011, 2, 9, 14, 30))).toBe('2011-03-09 14:30:00');
    expect(formatTimestamp('2011-03-09T00:00:00Z')).toBe('2011-03-09');
    expect(formatTimestamp('not a date')).toBe('—');
    expect(toMs('2020-01-01')).toBe(Date.UTC(2020, 0, 1));
  });

  test.each([
    [850, '850 ms'],
    [12_500, '12.5 s'],
    [125_000, '2 min 5 s'],
    [120_000, '2 min'],
  ])('formatDuration(%s) = %s', (x, s) => expect(formatDuration(x)).toBe(s));

  test('formatCell shows any value', () => {
    expect(formatCell(3)).toBe('3');
    expect(formatCell(0.1234567891)).toBe('0.123457');
    expect(formatCell(10n)).toBe('10');
    expect(formatCell({ a: 1 })).toBe('{"a":1}');
    expect(formatCell(null)).toBe('—');
  });
});
