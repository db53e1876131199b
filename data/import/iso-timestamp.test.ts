import { describe, expect, test } from 'vitest';
import { readIsoTimestamp } from './iso-timestamp.ts';

const read = (s: string) => readIsoTimestamp(s, 0, s.length);

describe('readIsoTimestamp', () => {
  test.each([
    ['2011-03-09', '2011-03-09T00:00:00.000Z'],
    ['1995-01-03', '1995-01-03T00:00:00.000Z'],
    ['2000-02-29', '2000-02-29T00:00:00.000Z'], // divisible by 400: a leap year
    ['1969-12-31', '1969-12-31T00:00:00.000Z'],
    ['2011-03-09T14:30:00Z', '2011-03-09T14:30:00.000Z'],
    ['2011-03-09 14:30:00Z', '2011-03-09T14:30:00.000Z'],
    ['2011-03-09T14:30Z', '2011-03-09T14:30:00.000Z'],
    ['2011-03-09T14:30:15.250Z', '2011-03-09T14:30:15.250Z'],
    ['2011-03-09T14:30:15.5Z', '2011-03-09T14:30:15.500Z'],
    ['2011-03-09T09:30:00-05:00', '2011-03-09T14:30:00.000Z'],
    ['2011-03-09 14:30:00+00:00', '2011-03-09T14:30:00.000Z'], // pandas, tz-aware
    ['2011-03-10T00:30:00+0100', '2011-03-09T23:30:00.000Z'],
  ])('%s → %s', (token, iso) => {
    expect(read(token)).toBe(Date.parse(iso));
  });

  test.each([
    '', '2011-3-09', '2011/03/09', '2011-02-29', '1900-02-29', '2011-04-31', '2011-13-01', '2011-00-10', '2011-03-00',
    '20110309', '2011-03-09T14:30:00', // no zone: a local time of unknown place
    '2011-03-09 14:30:00', '2011-03-09T24:00:00Z', '2011-03-09T14:60:00Z', '2011-03-09T14:30:60Z', '2011-03-09T14:30:00.Z',
    '2011-03-09T14:30:00+5', '2011-03-09T14:30:00ZZ', '2011-03-09X14:30:00Z', ' 2011-03-09',
  ])('%j is refused', (token) => {
    expect(read(token)).toBeNaN();
  });

  test('agrees with Date.parse for every day of 1990–2030', () => {
    for (let t = Date.parse('1990-01-01'); t < Date.parse('2031-01-01'); t += 86_400_000) {
      const token = new Date(t).toISOString().slice(0, 10);
      if (read(token) !== t) throw new Error(`differs on ${token}`);
    }
  });
});
