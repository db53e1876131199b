import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TEST_DATA_DIR } from '../../engine/strategy/test-harness.ts';
import { detectFormat, parseBarsFile, type FileFormat, type ParsedBars } from './index.ts';

// Real files from the data folder ($TRADEBOOK_DATA_DIR, else ../shared/data; read in place, never
// copied). Counts and dates from its README.
const DATA = `${TEST_DATA_DIR}/`;
const ORCL_YAHOO = `${DATA}reference/backtrader/orcl-1995-2014.txt`;
const ORCL_QUANDL = `${DATA}reference/pyalgotrade/WIKI-ORCL-2000-quandl.csv`;
const GOOG_BTPY = `${DATA}reference/backtesting.py/GOOG.csv`;
const LEAN_DAYS = ['20131007', '20131008', '20131009', '20131010', '20131011'];
const lean = (day: string) => `${DATA}reference/lean/minute_spy/${day}_trade.zip`;

const utc = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('T00:00:00.000Z', '').replace(':00.000Z', 'Z');
const rowAt = (bars: ParsedBars, ts: string) => {
  const i = bars.ts.indexOf(utc(ts));
  if (i < 0) throw new Error(`no bar at ${ts}`);
  return { open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i] };
};
const strictlyAscending = (ts: Float64Array) => ts.every((t, i) => i === 0 || t > ts[i - 1]);

describe('every format on its real reference file (format auto-detected)', () => {
  test.each([
    ['daily/SPY.csv', '1Day', false, 5849, '1998-01-02', '2021-03-31'],
    ['daily/GOOG.csv', '1Day', false, 2148, '2004-08-19', '2013-03-01'],
    ['daily/QQQ.csv', '1Day', false, 3964, '1999-03-10', '2021-03-31'],
    ['daily/AAPL.csv', '1Day', false, 5849, '1998-01-02', '2021-03-31'],
    ['daily/IBM.csv', '1Day', false, 5849, '1998-01-02', '2021-03-31'],
    ['daily/IWM.csv', '1Day', false, 5244, '2000-05-26', '2021-03-31'],
    ['intraday/SPY_1m_2013-10.csv', '1Min', false, 4128, '2013-10-07T08:00Z', '2013-10-11T23:59Z'],
    ['intraday/SPY_1m_2011-01.csv', '1Min', false, 14180, '2011-01-03T09:00Z', '2011-02-01T00:59Z'],
    ['intraday/SPY_1m_2011-03.csv', '1Min', false, 17577, '2011-03-01T09:00Z', '2011-03-31T23:58Z'],
    ['reference/backtrader/orcl-1995-2014.txt', '1Day', false, 5036, '1995-01-03', '2014-12-31'],
    ['reference/backtrader/orcl-1995-2014.txt', '1Day', true, 5036, '1995-01-03', '2014-12-31'],
    ['reference/pyalgotrade/WIKI-ORCL-2000-quandl.csv', '1Day', false, 252, '2000-01-03', '2000-12-29'],
    ['reference/pyalgotrade/WIKI-ORCL-2000-quandl.csv', '1Day', true, 252, '2000-01-03', '2000-12-29'],
    ['reference/backtesting.py/GOOG.csv', '1Day', false, 2148, '2004-08-19', '2013-03-01'],
  ] as const)('%s (%s, adjusted %s): %i bars, %s .. %s, ascending', async (file, timeframe, adjusted, rows, first, last) => {
    const bars = await parseBarsFile(DATA + file, { symbol: 'test', timeframe, adjusted });
    expect(bars).toMatchObject({ file: DATA + file, symbol: 'TEST', timeframe, length: rows });
    expect([iso(bars.ts[0]), iso(bars.ts[rows - 1])]).toEqual([first, last]);
    expect(strictlyAscending(bars.ts)).toBe(true);
    for (const column of [bars.ts, bars.open, bars.high, bars.low, bars.close, bars.volume]) expect(column.length).toBe(rows);
  });

  test.each<[string, FileFormat]>([
    ['daily/SPY.csv', 'uniform'],
    ['intraday/SPY_1m_2011-03.csv', 'uniform'],
    ['reference/backtrader/orcl-1995-2014.txt', 'yahoo'],
    ['reference/pyalgotrade/WIKI-ORCL-2000-quandl.csv', 'quandl'],
    ['reference/backtesting.py/GOOG.csv', 'backtesting-py'],
    ['reference/lean/minute_spy/20131007_trade.zip', 'lean-zip'],
  ])('%s is detected as %s', (file, format) => {
    expect(detectFormat(DATA + file, readFileSync(DATA + file))).toBe(format);
  });

  test('an explicit format reads the same bars as auto', async () => {
    const auto = await parseBarsFile(ORCL_YAHOO, { symbol: 'ORCL', timeframe: '1Day', adjusted: true });
    const explicit = await parseBarsFile(ORCL_YAHOO, { symbol: 'ORCL', timeframe: '1Day', adjusted: true, format: 'yahoo' });
    expect(explicit).toEqual(auto);
  });
});

describe('yahoo (backtrader ORCL 1995–2014)', () => {
  test('raw: Open..Close and Volume as written', async () => {
    const bars = await parseBarsFile(ORCL_YAHOO, { symbol: 'ORCL', timeframe: '1Day' });
    // 2000-01-25,55.06,57.50,54.88,56.44,53059200,26.61
    expect(rowAt(bars, '2000-01-25')).toEqual({ open: 55.06, high: 57.5, low: 54.88, close: 56.44, volume: 53059200 });
  });

  // Adjusted by hand, f = Close / Adj Close; open, high, low = raw / f and close = Adj Close, to cents
  // half away from zero; volume = raw × f to whole shares.
  test.each([
    // 1995-01-03,44.12,44.38,42.87,42.87,36301200,2.00: f = 42.87 / 2.00 = 21.435
    // open 44.12 / 21.435 = 2.05831 → 2.06; high 44.38 / 21.435 = 2.07045 → 2.07; low 42.87 / 21.435 = 2 → 2.00
    // volume 36301200 × 21.435 = 778116222
    ['1995-01-03', { open: 2.06, high: 2.07, low: 2, close: 2, volume: 778_116_222 }],
    // 1995-02-09,44.25,44.88,43.50,43.50,48528000,2.03: f = 43.50 / 2.03 = 21.42857
    // open 44.25 × 2.03 / 43.50 = 2.065 exactly, a half cent → 2.07 (binary gives 2.06499..., toFixed says 2.06)
    // high 44.88 × 2.03 / 43.50 = 2.0944 → 2.09; low = close = 2.03; volume 48528000 × 21.42857 = 1039885714.3 → 1039885714
    ['1995-02-09', { open: 2.07, high: 2.09, low: 2.03, close: 2.03, volume: 1_039_885_714 }],
    // 2000-01-25,55.06,57.50,54.88,56.44,53059200,26.61: f = 56.44 / 26.61 = 2.121007
    // open 55.06 / 2.121007 = 25.9594 → 25.96; high 57.50 / 2.121007 = 27.1098 → 27.11
    // low 54.88 / 2.121007 = 25.87450 → 25.87; volume 53059200 × 2.121007 = 112538942.05 → 112538942
    ['2000-01-25', { open: 25.96, high: 27.11, low: 25.87, close: 26.61, volume: 112_538_942 }],
    // 2000-01-26,56.75,58.94,55.00,55.06,47569200,25.96: f = 55.06 / 25.96 = 2.120955
    // open 56.75 / 2.120955 = 26.7568 → 26.76; high 58.94 / 2.120955 = 27.7894 → 27.79
    // low 55.00 / 2.120955 = 25.9317 → 25.93; volume 47569200 × 2.120955 = 100892147.6 → 100892148
    ['2000-01-26', { open: 26.76, high: 27.79, low: 25.93, close: 25.96, volume: 100_892_148 }],
  ])('adjusted %s', async (date, expected) => {
    const bars = await parseBarsFile(ORCL_YAHOO, { symbol: 'ORCL', timeframe: '1Day', adjusted: true });
    expect(rowAt(bars, date)).toEqual(expected);
  });

  test('backtrader quickstart fact: adjusted 2000-01-25 close 26.61, 2000-01-26 open 26.76', async () => {
    const bars = await parseBarsFile(ORCL_YAHOO, { symbol: 'ORCL', timeframe: '1Day', adjusted: true });
    expect(rowAt(bars, '2000-01-25').close).toBe(26.61);
    expect(rowAt(bars, '2000-01-26').open).toBe(26.76);
  });

  test('every adjusted price is a whole number of cents', async () => {
    const bars = await parseBarsFile(ORCL_YAHOO, { symbol: 'ORCL', timeframe: '1Day', adjusted: true });
    for (const column of [bars.open, bars.high, bars.low, bars.close]) {
      expect(column.every((p) => Math.round(p * 100) / 100 === p)).toBe(true);
    }
  });
});

describe('quandl (WIKI ORCL 2000, newest row first)', () => {
  test('rows come back ascending, the last file row first', async () => {
    const bars = await parseBarsFile(ORCL_QUANDL, { symbol: 'ORCL', timeframe: '1Day' });
    // last line of the file: 2000-01-03,122.7,125.0,111.6,118.1,24528700.0,...
    expect(iso(bars.ts[0])).toBe('2000-01-03');
    expect(rowAt(bars, '2000-01-03')).toEqual({ open: 122.7, high: 125, low: 111.6, close: 118.1, volume: 24_528_700 });
  });

  test('the raw columns show the 2:1 split of 2000-01-19; the Adj. columns do not', async () => {
    const raw = await parseBarsFile(ORCL_QUANDL, { symbol: 'ORCL', timeframe: '1Day' });
    expect(rowAt(raw, '2000-01-18').close).toBe(111.3);
    expect(rowAt(raw, '2000-01-19').close).toBe(57.13);
    const adjusted = await parseBarsFile(ORCL_QUANDL, { symbol: 'ORCL', timeframe: '1Day', adjusted: true });
    // 2000-01-18 Adj. Close 25.339803289383088, Adj. Volume 66780000.0; 2000-01-19 Adj. Close 26.0137100075913
    expect(rowAt(adjusted, '2000-01-18')).toMatchObject({ close: 25.339803289383088, volume: 66_780_000 });
    expect(rowAt(adjusted, '2000-01-19').close).toBe(26.0137100075913);
  });
});

describe('backtesting.py (GOOG)', () => {
  test('first and last rows as written', async () => {
    const bars = await parseBarsFile(GOOG_BTPY, { symbol: 'GOOG', timeframe: '1Day' });
    // 2004-08-19,100,104.06,95.96,100.34,22351900
    expect(rowAt(bars, '2004-08-19')).toEqual({ open: 100, high: 104.06, low: 95.96, close: 100.34, volume: 22_351_900 });
    expect(bars.close[bars.length - 1]).toBe(806.19);
  });
});

describe('lean-zip (SPY minutes, October 2013, EDT)', () => {
  test.each(LEAN_DAYS)('%s: first regular bar at 13:30Z, prices in dollars', async (day) => {
    const bars = await parseBarsFile(lean(day), { symbol: 'SPY', timeframe: '1Min' });
    const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
    const regular = [...bars.ts].filter((t) => t >= utc(`${date}T13:30:00Z`) && t < utc(`${date}T20:00:00Z`));
    expect(regular.length).toBe(390);
    expect(iso(regular[0])).toBe(`${date}T13:30Z`);
    expect(iso(bars.ts[0])).toBe(`${date}T08:00Z`); // 14400000 ms = 04:00 New York
    expect(bars.close.every((p) => p > 100 && p < 200)).toBe(true);
  });

  test('2013-10-07 09:30 New York bar: 1674300,1675200,1674100,1674400,816453 in 1/10000 dollar', async () => {
    const bars = await parseBarsFile(lean('20131007'), { symbol: 'SPY', timeframe: '1Min' });
    expect(rowAt(bars, '2013-10-07T13:30:00Z')).toEqual({ open: 167.43, high: 167.52, low: 167.41, close: 167.44, volume: 816_453 });
  });

  test('the 5 zips hold exactly the bars of the uniform SPY_1m_2013-10.csv', async () => {
    const uniform = await parseBarsFile(`${DATA}intraday/SPY_1m_2013-10.csv`, { symbol: 'SPY', timeframe: '1Min' });
    const days = await Promise.all(LEAN_DAYS.map((d) => parseBarsFile(lean(d), { symbol: 'SPY', timeframe: '1Min' })));
    const concat = (pick: (b: ParsedBars) => Float64Array) => days.flatMap((b) => [...pick(b)]);
    expect(concat((b) => b.ts)).toEqual([...uniform.ts]);
    expect(concat((b) => b.open)).toEqual([...uniform.open]);
    expect(concat((b) => b.close)).toEqual([...uniform.close]);
    expect(concat((b) => b.volume)).toEqual([...uniform.volume]);
  });
});
