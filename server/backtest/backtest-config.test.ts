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

describe('numeric fields are finite and in sane ranges, the error naming the field and the bound', () => {
  test.each([
    [{ cash: 0 }, 'cash: must be more than 0'],
    [{ cash: 1e13 }, 'cash: must be at most 1e12'],
    [{ cash: 1e308 }, 'cash: must be at most 1e12'],
    [{ commission: { pct: -0.1 } }, 'commission.pct: must not be negative'],
    [{ commission: { pct: 100.5 } }, 'commission.pct: must be at most 100 (percent of notional)'],
    [{ commission: { perShare: 5000 } }, 'commission.perShare: must be at most 1000 (dollars per share)'],
    [{ commission: { min: 1e7 } }, 'commission.min: must be at most 1e6 (dollars per order)'],
    [{ commission: { fixed: 1e300 } }, 'commission.fixed: must be at most 1e6 (dollars per order)'],
    [{ slippageBps: 1e9 }, 'slippageBps: must be at most 10000 (basis points, 100 %)'],
    [{ slippageBps: -1 }, 'slippageBps: must not be negative'],
    [{ maxVolumePct: 0 }, 'maxVolumePct: must be more than 0 (percent of a bar’s volume)'],
    [{ maxVolumePct: 101 }, 'maxVolumePct: must be at most 100 (percent of a bar’s volume)'],
    [{ riskFreeRate: 2 }, 'riskFreeRate: must be at most 1 (100 %)'],
    [{ riskFreeRate: -1 }, 'riskFreeRate: must be more than -1 (-100 %)'],
    [{ riskFreeRate: -3 }, 'riskFreeRate: must be more than -1 (-100 %)'],
    [{ seed: 1.5 }, 'seed: must be a whole number from 0 to 2147483647'],
    [{ seed: -1 }, 'seed: must be a whole number from 0 to 2147483647'],
    [{ seed: 2 ** 31 }, 'seed: must be a whole number from 0 to 2147483647'],
  ])('refuses %j with "%s"', (fields, message) => {
    expect(() => parseBacktestConfig({ ...BASE, ...fields })).toThrow(`invalid backtest config: ${message}`);
  });

  test('a value that breaks two checks the same way is reported once (1e20 as a seed: too big and not a safe integer)', () => {
    expect(() => parseBacktestConfig({ ...BASE, seed: 1e20 })).toThrow(/^invalid backtest config: seed: must be a whole number from 0 to 2147483647$/);
  });

  test('the bounds themselves are accepted', () => {
    const c = parseBacktestConfig({ ...BASE, cash: 1e12, commission: { pct: 100, perShare: 1000, min: 1e6, fixed: 1e6 }, slippageBps: 10_000, maxVolumePct: 100, riskFreeRate: -0.99, seed: 2 ** 31 - 1 });
    expect(c).toMatchObject({ cash: 1e12, slippageBps: 10_000, seed: 2 ** 31 - 1 });
  });
});

describe('from after to', () => {
  test.each([
    ['2021-02-01', '2021-01-31'],
    ['2021-01-05T00:00:00Z', '2021-01-04'],
  ])('refuses from %s to %s, naming both', (from, to) => {
    expect(() => parseBacktestConfig({ ...BASE, from, to })).toThrow(`invalid backtest config: from: ${from} is after the end date ${to}`);
  });

  test.each([
    ['2021-01-04', '2021-01-04'],
    ['2021-01-04T15:00:00Z', '2021-01-04'], // a bare to date includes its whole day
  ])('accepts from %s to %s', (from, to) => {
    expect(parseBacktestConfig({ ...BASE, from, to })).toMatchObject({ from, to });
  });
});

describe('symbols', () => {
  test('are read in any case and with spaces around, as the CLI and the importer store them: upper case', () => {
    expect(parseBacktestConfig({ ...BASE, symbols: ['spy', ' Qqq ', 'brk.b'] }).symbols).toEqual(['SPY', 'QQQ', 'BRK.B']);
  });

  test.each([[['SP Y'], 'symbols.0'], [['SPY', ''], 'symbols.1'], [['ABCDEFGHIJKLMNOPQ'], 'symbols.0']])('refuses %j naming %s', (symbols, path) => {
    expect(() => parseBacktestConfig({ ...BASE, symbols })).toThrow(`invalid backtest config: ${path}: symbols are 1-16 of A-Z 0-9 . - (any case)`);
  });
});
