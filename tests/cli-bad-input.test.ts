// Bad input on the command line: exit 2, a message naming the flag (or environment variable) and what it allows,
// and nothing created or changed: every command here points at a database that does not exist and must stay so.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, DATA, tempDir } from './helpers.ts';

const SPY = join(DATA, 'daily/SPY.csv');

/** Runs the CLI against a database path that does not exist, and checks it still does not afterwards. */
function refused(args: readonly string[], env: Record<string, string> = {}) {
  const dir = tempDir();
  const db = join(dir, 'db', 'never.duckdb');
  const r = cli([...args, '--db', db], env);
  expect(existsSync(join(dir, 'db')), `${args.join(' ')} created ${db}`).toBe(false);
  return r;
}

const backtest = ['backtest', '--symbols', 'SPY', '--strategy', 'buy-and-hold', '--quiet'];

describe('backtest flags out of range are refused before the store is opened, naming the flag and the bound', () => {
  test.each([
    [['--cash', '1e13'], '--cash: must be at most 1e12'],
    [['--cash', '0'], '--cash: must be more than 0'],
    [['--commission-pct', '150'], '--commission-pct: must be at most 100 (percent of notional)'],
    [['--commission-fixed', '1e300'], '--commission-fixed: must be at most 1e6 (dollars per order)'],
    [['--slippage-bps', '1e9'], '--slippage-bps: must be at most 10000 (basis points, 100 %)'],
    [['--max-volume-pct', '0'], '--max-volume-pct: must be more than 0'],
    [['--seed', '1e20'], '--seed: must be a whole number from 0 to 2147483647'],
    [['--seed', '1.5'], '--seed: must be a whole number from 0 to 2147483647'],
    [['--cash', 'Infinity'], '--cash expects a number, got "Infinity"'],
  ])('%j → %s', (extra, message) => {
    const r = refused([...backtest, ...extra]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
    // One bad value, one line: a seed of 1e20 breaks two checks but is reported once.
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--symbols', () => {
  test.each([
    ['SPY,,QQQ', 'position 2 in "SPY,,QQQ"'],
    ['SPY,', 'position 2 in "SPY,"'],
    [',', 'position 1 in ","'],
    ['', 'position 1 in ""'],
  ])('an empty symbol in %j is refused naming --symbols', (list, where) => {
    const r = refused(['backtest', '--symbols', list, '--strategy', 'buy-and-hold']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: --symbols has an empty symbol at ${where}`);
  });

  test('a symbol that is not one after trimming and upper-casing is refused naming --symbols', () => {
    const r = refused(['backtest', '--symbols', 'SPY,s p y', '--strategy', 'buy-and-hold']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: --symbols (symbols.1): symbols are 1-16 of A-Z 0-9 . -');
  });
});

describe('--from and --to name real days, from no later than to', () => {
  test.each([
    ['--from', '2021-02-30'],
    ['--from', '2021-13-01'],
    ['--to', '2021-02-29'],
    ['--to', '2021-04-31T10:00:00Z'],
  ])('%s %s is refused as no such date', (flag, value) => {
    const r = refused([...backtest, flag, value]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: ${flag}: not a real date: "${value}" (no such day, month or time)`);
  });

  test('from after to is refused naming both', () => {
    const r = refused([...backtest, '--from', '2021-02-01', '--to', '2021-01-31']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: --from: 2021-02-01 is after to 2021-01-31');
  });
});

describe('data import options are checked before any file is read, naming the flag and the allowed values', () => {
  test.each([
    [['--symbol', 'sp y'], '--symbol must be 1–16 characters of A–Z, 0–9, "." or "-" (after upper-casing), got "sp y"'],
    [['--symbol', ''], '--symbol must be 1–16 characters of A–Z, 0–9, "." or "-" (after upper-casing), got ""'],
    [['--symbol', 'SPY', '--format', 'csv'], '--format must be one of auto, uniform, yahoo, quandl, backtesting-py, lean-zip, got "csv"'],
    [['--symbol', 'SPY', '--timeframe', '1day'], '--timeframe must be one of 1Min, 5Min, 1Hour, 1Day, got "1day"'],
  ])('%j', (flags, message) => {
    const r = refused(['data', 'import', SPY, ...flags, '--quiet']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
  });
});
