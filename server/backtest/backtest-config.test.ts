import { describe, expect, test } from 'vitest';
import { parseBacktestConfig } from './backtest-config.ts';

const BASE = { symbols: ['SPY'], strategy: 'buy-and-hold' };

describe('from / to dates (the --from and --to flags)', () => {
  test.each([
    ['2020-02-29', '2020-12-31'], // 2020 is a leap year
    ['2000-02-29', '2000-04-30'], // 2000 is divisible by 400: leap
    ['2020-03-01T14:30:00Z', '2020-03-01T20:59Z'],
    ['2020-03-01T14:30:00.5Z', null],
  ])('accepts from %s to %s as written', (from, to) => {
    expect(parseBacktestConfig({ ...BASE, from, to })).toMatchObject({ from, to });
  });

  test.each(['2020-02-31', '2021-02-29', '1900-02-29', '2020-02-30', '2020-04-31', '2020-13-01', '2020-00-01', '2020-01-00', '2020-02-31T14:30:00Z', '2020-03-01T24:30Z'])(
    'refuses the impossible from %s, naming the field path from',
    (from) => {
      expect(() => parseBacktestConfig({ ...BASE, from })).toThrow(`invalid backtest config: from: not a real date: "${from}" (no such day, month or time)`);
    },
  );

  test('names the field path to for an impossible to', () => {
    expect(() => parseBacktestConfig({ ...BASE, from: '2020-01-02', to: '2021-02-29' })).toThrow(
      'invalid backtest config: to: not a real date: "2021-02-29" (no such day, month or time)',
    );
  });

  test.each(['2020-3-1', '03/01/2020', '2020-03-01T14:30:00', '2020-03-01T14:30:00+01:00'])('refuses the malformed from %s with the shape message only', (from) => {
    expect(() => parseBacktestConfig({ ...BASE, from })).toThrow(/^invalid backtest config: from: expected YYYY-MM-DD or an ISO-8601 UTC instant$/);
  });
});
