// Bad input on the command line: exit 2, a message naming the flag (or environment variable) and what it allows,
// and nothing created or changed: every command here points at a database that does not exist and must stay so.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { holdDatabase } from '../data/store/test-kit.ts';
import { READ_ONLY_COMMANDS } from '../server/cli/main.ts';
import { cli, cliAsync, DATA, tempDir } from './helpers.ts';

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
    [['--cash', 'Infinity'], '--cash expects a decimal number such as 100000, 0.05 or 1e6, got "Infinity"'],
    [['--cash', '1e309'], '--cash 1e309 is too large to be a number'],
    [['--cash', '0x10'], '--cash expects a decimal number such as 100000, 0.05 or 1e6, got "0x10"'],
    [['--slippage-bps', '1,5'], '--slippage-bps expects a decimal number such as 100000, 0.05 or 1e6, got "1,5"'],
  ])('%j → %s', (extra, message) => {
    const r = refused([...backtest, ...extra]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
    // One bad value, one line: a seed of 1e20 breaks two checks but is reported once.
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

test('runs compare with one run id is a usage error pointing at runs show', () => {
  const r = refused(['runs', 'compare', 'bt-0000000000000000']);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain('runs compare needs two or more run ids, got 1: tradebook runs show bt-0000000000000000 shows one run');
});

test.each([
  [['runs', 'compare', 'bt-0000000000000000', 'bt-0000000000000000'], 'runs compare got bt-0000000000000000 twice: name each run once'],
  [[...backtest.slice(0, 4), 'sma-cross', '--param', 'fast=5', '--param', 'fast=6'], '--param fast is given twice ("5" and "6")'],
  [[...backtest.slice(0, 4), 'sma-cross', '--risk', 'maxOrderNotional=5', '--risk', 'maxOrderNotional=6'], '--risk maxOrderNotional is given twice ("5" and "6")'],
  [[...backtest, '--llm', 'replay'], '--llm replay applies to --strategy llm only; buy-and-hold asks no model'],
])('%j is a usage error: %s', (args, message) => {
  const r = refused(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain(`error: ${message}`);
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
    expect(r.stderr).toContain('error: --from: 2021-02-01 is after the end date 2021-01-31');
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

describe('TRADEBOOK_MEMORY_LIMIT', () => {
  test('a bad value is a usage error naming the variable and the value expected', () => {
    const r = refused(['data', 'import', SPY, '--symbol', 'SPY', '--quiet'], { TRADEBOOK_MEMORY_LIMIT: 'lots' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: TRADEBOOK_MEMORY_LIMIT must be an amount of memory of at least 16MB such as 256MB or 2GB');
    expect(r.stderr).toContain('got "lots"');
  });
});

describe('read-only commands never create a database', () => {
  const ARGS: Record<string, string[]> = { 'runs show': ['bt-0000000000000000'], 'runs compare': ['bt-0000000000000000', 'bt-0000000000000001'], 'journal trace': ['o-1'] };

  test.each([...READ_ONLY_COMMANDS])('%s on a missing database says so, how to create one, and creates nothing', (command) => {
    const r = refused([...command.split(' '), ...(ARGS[command] ?? [])]);
    // journal verify: 3, could not verify (1 would say the chain is broken).
    expect(r.code, r.stderr).toBe(command === 'journal verify' ? 3 : 1);
    expect(r.stderr).toMatch(/^error: no database at \/.*\/db\/never\.duckdb: create it by importing bars \(tradebook data import FILE --symbol SYM --db .*\), or run npm run demo/);
  });
});

describe('an empty --db', () => {
  test.each([['runs', 'list'], ['data', 'list'], ['backtest', '--symbols', 'SPY', '--strategy', 'buy-and-hold'], ['demo']])('%s %s names the flag, not the working directory', (...args) => {
    const r = cli([...args, '--db', '']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe('error: --db needs a file path, got an empty one\n');
  });
});

describe('a database another process holds', () => {
  test('a reading and a writing command each name the file and the holder, and say to stop it or use the API', async () => {
    const dir = tempDir();
    const db = join(dir, 'held.duckdb');
    const csv = join(dir, 'bars.csv');
    writeFileSync(csv, 'timestamp,open,high,low,close,volume\n2030-01-02,10,11,9,10.5,100\n2030-01-03,10.5,11,10,10.8,120\n');
    expect(cli(['data', 'import', csv, '--symbol', 'NEW', '--db', db, '--quiet']).code).toBe(0);
    const holder = await holdDatabase(db);
    try {
      const [list, write] = await Promise.all([
        cliAsync(['data', 'list', '--db', db]),
        cliAsync(['data', 'import', csv, '--symbol', 'NEW', '--db', db, '--quiet']),
      ]);
      for (const r of [list, write]) {
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toContain(`error: the database ${db} is in use by another process (`);
        expect(r.stderr).toContain(`PID ${holder.pid}): stop that process (a running tradebook serve, say) and try again, or while it runs use its API instead`);
        // One line, no stack trace.
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
    } finally {
      await holder.release();
    }
    const after = cli(['data', 'list', '--db', db, '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject([{ symbol: 'NEW', count: 2 }]);
  });
});
