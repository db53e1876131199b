// Bars must fit the --timeframe they are imported as: consecutive bars at least the timeframe's length
// apart (1Min 60 s, 5Min 300 s, 1Hour 3600 s) and each opening on its grid (1Min whole minutes, 5Min a
// multiple of 5 minutes, 1Hour a multiple of 30 minutes). 1Day timestamps are dates: any two distinct ones fit.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { TEST_DATA_DIR } from '../../engine/strategy/test-harness.ts';
import { ImportError, parseBarsFile, type ImportOptions } from './index.ts';
import { importError, tempFiles } from './test-files.ts';

const { write } = tempFiles('tradebook-spacing-');

const UNIFORM = 'timestamp,open,high,low,close,volume';
/** A uniform file with one identical bar at each timestamp, the header on line 1. */
const uniform = (...ts: string[]) => [UNIFORM, ...ts.map((t) => `${t},10,11,9,10.5,100`)].join('\n') + '\n';
const as = (timeframe: string): ImportOptions => ({ symbol: 'SPY', timeframe });

describe('bars closer together than the timeframe refuse the file at the second bar', () => {
  test.each<[string, string, string[], number, string]>([
    ['1-minute bars as 5Min', '5Min', ['2020-03-02T14:30:00Z', '2020-03-02T14:31:00Z'], 3, 'bars 60 s apart, closer than the 5Min timeframe (300 s): is --timeframe right?'],
    ['1-minute bars as 1Hour', '1Hour', ['2020-03-02T14:30:00Z', '2020-03-02T14:31:00Z'], 3, 'bars 60 s apart, closer than the 1Hour timeframe (3600 s): is --timeframe right?'],
    ['5-minute bars as 1Hour', '1Hour', ['2020-03-02T14:00:00Z', '2020-03-02T14:05:00Z'], 3, 'bars 300 s apart, closer than the 1Hour timeframe (3600 s): is --timeframe right?'],
    ['half-hour bars as 1Hour', '1Hour', ['2020-03-02T14:30:00Z', '2020-03-02T15:00:00Z'], 3, 'bars 1800 s apart, closer than the 1Hour timeframe (3600 s): is --timeframe right?'],
    ['30-second bars as 1Min', '1Min', ['2020-03-02T14:30:00Z', '2020-03-02T14:30:30Z'], 3, 'bars 30 s apart, closer than the 1Min timeframe (60 s): is --timeframe right?'],
    ['a 4-minute gap later in a 5Min file', '5Min', ['2020-03-02T14:30:00Z', '2020-03-02T14:35:00Z', '2020-03-02T14:40:00Z', '2020-03-02T14:44:00Z'], 5, 'bars 240 s apart, closer than the 5Min timeframe (300 s): is --timeframe right?'],
  ])('%s', async (_, timeframe, ts, line, reason) => {
    const path = write('bars.csv', uniform(...ts));
    const error = await importError(path, as(timeframe));
    expect({ file: error.file, line: error.line, reason: error.reason }).toEqual({ file: path, line, reason });
    expect(error.message).toBe(`${path}:${line}: ${reason}`);
  });

  test('lean-zip minute bars as 5Min: the line inside the zip entry', async () => {
    // 34200000 ms = 09:30 New York, 34260000 ms = 09:31
    const rows = '34200000,1674300,1675200,1674100,1674400,816453\n34260000,1674400,1674500,1674000,1674100,500';
    const path = write('20131007_trade.zip', zipSync({ 'day.csv': strToU8(rows) }));
    const error = await importError(path, as('5Min'));
    expect({ line: error.line, reason: error.reason }).toEqual({ line: 2, reason: 'day.csv: bars 60 s apart, closer than the 5Min timeframe (300 s): is --timeframe right?' });
  });

  test('quandl rows newest first are spaced by the absolute gap', async () => {
    const header = 'Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume';
    const row = (ts: string) => `${ts},10,11,9,10.5,100.0,0.0,1.0,5,5.5,4.5,5.25,200.0`;
    const ok = await parseBarsFile(write('q.csv', [header, row('2020-03-02T14:40:00Z'), row('2020-03-02T14:35:00Z'), row('2020-03-02T14:30:00Z')].join('\n')), as('5Min'));
    expect([...ok.ts]).toEqual([Date.UTC(2020, 2, 2, 14, 30), Date.UTC(2020, 2, 2, 14, 35), Date.UTC(2020, 2, 2, 14, 40)]);
    const close = write('q.csv', [header, row('2020-03-02T14:35:00Z'), row('2020-03-02T14:34:00Z')].join('\n'));
    expect((await importError(close, as('5Min'))).line).toBe(3);
  });
});

describe('intraday bars off the timeframe grid refuse the file', () => {
  test.each<[string, string, string[], number, string]>([
    ['a 5Min bar at 14:37', '5Min', ['2020-03-02T14:30:00Z', '2020-03-02T14:37:00Z'], 3, 'bar at 2020-03-02T14:37:00Z is not on the 5Min grid (a multiple of 5 minutes): is --timeframe right?'],
    ['a first 5Min bar off the grid', '5Min', ['2020-03-02T14:32:00Z', '2020-03-02T14:37:00Z'], 2, 'bar at 2020-03-02T14:32:00Z is not on the 5Min grid (a multiple of 5 minutes): is --timeframe right?'],
    ['a 1Min bar with seconds', '1Min', ['2020-03-02T14:30:00Z', '2020-03-02T14:31:30Z'], 3, 'bar at 2020-03-02T14:31:30Z is not on the 1Min grid (whole minutes): is --timeframe right?'],
    ['a 1Min bar with milliseconds', '1Min', ['2020-03-02T14:30:00.500Z'], 2, 'bar at 2020-03-02T14:30:00.500Z is not on the 1Min grid (whole minutes): is --timeframe right?'],
    ['a 1Hour bar at a quarter past', '1Hour', ['2020-03-02T14:15:00Z'], 2, 'bar at 2020-03-02T14:15:00Z is not on the 1Hour grid (a multiple of 30 minutes): is --timeframe right?'],
    ['a 1Hour bar at 09:45 New York written with its offset', '1Hour', ['2020-03-02T09:45:00-05:00'], 2, 'bar at 2020-03-02T14:45:00Z is not on the 1Hour grid (a multiple of 30 minutes): is --timeframe right?'],
    ['a 5Min bar before 1970 off the grid', '5Min', ['1969-12-31T23:57:00Z'], 2, 'bar at 1969-12-31T23:57:00Z is not on the 5Min grid (a multiple of 5 minutes): is --timeframe right?'],
  ])('%s', async (_, timeframe, ts, line, reason) => {
    const path = write('bars.csv', uniform(...ts));
    const error = await importError(path, as(timeframe));
    expect({ file: error.file, line: error.line, reason: error.reason }).toEqual({ file: path, line, reason });
  });
});

describe('bars that fit their timeframe are read', () => {
  test.each<[string, string, string[]]>([
    ['1Min, gaps allowed', '1Min', ['2020-03-02T14:30:00Z', '2020-03-02T14:31:00Z', '2020-03-02T14:35:00Z']],
    ['5Min across a night', '5Min', ['2020-03-02T20:55:00Z', '2020-03-03T14:30:00Z', '2020-03-03T14:35:00Z', '2020-03-03T14:50:00Z']],
    ['1Hour from 09:30 New York (14:30Z in EST)', '1Hour', ['2020-03-02T14:30:00Z', '2020-03-02T15:30:00Z', '2020-03-02T20:30:00Z', '2020-03-03T14:30:00Z']],
    ['1Hour on the hour', '1Hour', ['2020-03-02T14:00:00Z', '2020-03-02T15:00:00Z']],
    ['1Hour at 09:30 New York written with its offset', '1Hour', ['2020-03-02T09:30:00-05:00', '2020-03-02T10:30:00-05:00']],
    ['5Min just before 1970', '5Min', ['1969-12-31T23:50:00Z', '1969-12-31T23:55:00Z', '1970-01-01T00:00:00Z']],
    ['1Day on consecutive dates', '1Day', ['2020-03-02', '2020-03-03', '2020-03-04']],
  ])('%s', async (_, timeframe, ts) => {
    const bars = await parseBarsFile(write('ok.csv', uniform(...ts)), as(timeframe));
    expect([...bars.ts]).toEqual(ts.map((t) => Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t)));
  });
});

describe('the real minute files of the data folder', () => {
  const INTRADAY = `${TEST_DATA_DIR}/intraday/`;
  // The first two data rows (lines 2 and 3) of each file, from the files themselves.
  test.each([
    ['SPY_1m_2011-01.csv', 14_180, 60], // 09:00:00Z, 09:01:00Z
    ['SPY_1m_2011-03.csv', 17_577, 120], // 09:00:00Z, 09:02:00Z
    ['SPY_1m_2013-10.csv', 4_128, 60], // 08:00:00Z, 08:01:00Z
  ])('%s imports as 1Min (%i bars) and is refused as 5Min and 1Hour at line 3 (%i s apart)', async (name, count, seconds) => {
    expect((await parseBarsFile(INTRADAY + name, as('1Min'))).length).toBe(count);
    for (const [timeframe, length] of [['5Min', 300], ['1Hour', 3600]] as const) {
      const error = await importError(INTRADAY + name, as(timeframe));
      expect({ line: error.line, reason: error.reason }).toEqual({
        line: 3,
        reason: `bars ${seconds} s apart, closer than the ${timeframe} timeframe (${length} s): is --timeframe right?`,
      });
    }
  });

  test('every intraday/*.csv imports as 1Min and is refused as 5Min', async () => {
    const names = readdirSync(INTRADAY).filter((f) => f.endsWith('.csv'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const rows = readFileSync(INTRADAY + name, 'utf8').split('\n').filter((l) => l.trim() !== '').length - 1;
      expect((await parseBarsFile(INTRADAY + name, as('1Min'))).length, name).toBe(rows);
      expect((await importError(INTRADAY + name, as('5Min'))).reason, name).toMatch(/: is --timeframe right\?$/);
    }
  });
});
