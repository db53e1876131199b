import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { ImportError, parseBarsFile, type ImportOptions } from './index.ts';
import { importError, tempFiles } from './test-files.ts';

const { write } = tempFiles('tradebook-import-');

const UNIFORM = 'timestamp,open,high,low,close,volume';
const DAILY: ImportOptions = { symbol: 'SPY', timeframe: '1Day' };
const MINUTE: ImportOptions = { symbol: 'SPY', timeframe: '1Min' };
const daily = (...rows: string[]) => [UNIFORM, '2011-01-03,10,11,9,10.5,100', ...rows].join('\n') + '\n';

describe('a bad row refuses the file, naming the file, the line and the reason', () => {
  test.each<[string, string, ImportOptions, number | null, RegExp]>([
    ['an empty file', '', DAILY, null, /^the file is empty$/],
    ['a header only', `${UNIFORM}\n`, DAILY, null, /^no data rows after the header$/],
    ['too few columns', daily('2011-01-04,10,11,9,10.5'), DAILY, 3, /^expected 6 columns \(timestamp,open,high,low,close,volume\), found 5$/],
    ['too many columns', daily('2011-01-04,10,11,9,10.5,100,7'), DAILY, 3, /^expected 6 columns .*found 7$/],
    ['a non-numeric price', daily('2011-01-04,10,abc,9,10.5,100'), DAILY, 3, /^high is not a number: "abc"$/],
    ['an empty field', daily('2011-01-04,10,11,9,10.5,'), DAILY, 3, /^volume is empty$/],
    ['a bad date', daily('2011-02-30,10,11,9,10.5,100'), DAILY, 3, /^timestamp "2011-02-30" is not a valid timestamp \(expected YYYY-MM-DD\)$/],
    ['NaN prices with volume 500', daily('2011-01-04,NaN,NaN,NaN,NaN,500'), DAILY, 3, /^open must be a positive finite price, got NaN$/],
    ['an infinite price', daily('2011-01-04,10,Infinity,9,10.5,100'), DAILY, 3, /^high must be a positive finite price, got Infinity$/],
    ['a zero price', daily('2011-01-04,10,11,0,10.5,100'), DAILY, 3, /^low must be a positive finite price, got 0$/],
    ['a negative price', daily('2011-01-04,10,11,9,-10.5,100'), DAILY, 3, /^close must be a positive finite price, got -10.5$/],
    ['high < low', daily('2011-01-04,10,9,11,10,100'), DAILY, 3, /^high 9 is below low 11$/],
    ['high < max(open, close)', daily('2011-01-04,10,10.5,9,11,100'), DAILY, 3, /^high 10.5 is below max\(open 10, close 11\)$/],
    ['low > min(open, close)', daily('2011-01-04,10,12,10.5,11,100'), DAILY, 3, /^low 10.5 is above min\(open 10, close 11\)$/],
    ['a negative volume', daily('2011-01-04,10,11,9,10.5,-5'), DAILY, 3, /^volume must be a finite number ≥ 0, got -5$/],
    ['an infinite volume', daily('2011-01-04,10,11,9,10.5,inf'), DAILY, 3, /^volume must be a finite number ≥ 0, got Infinity$/],
    ['a duplicate timestamp', daily('2011-01-04,10,11,9,10.5,100', '2011-01-04,10,11,9,10.5,100'), DAILY, 4, /^duplicate timestamp 2011-01-04 \(also on line 3\)$/],
    ['a timestamp going back', daily('2011-01-05,10,11,9,10.5,100', '2011-01-04,10,11,9,10.5,100'), DAILY, 4, /^rows must be in strictly ascending time order: 2011-01-04 is before 2011-01-05 on line 3$/],
    ['an intraday timestamp in a 1Day file', daily('2011-01-04T14:30:00Z,10,11,9,10.5,100'), DAILY, 3, /^timestamp "2011-01-04T14:30:00Z" has a time of day, but the timeframe is 1Day/],
    ['a date in a 1Min file', `${UNIFORM}\n2011-01-04,10,11,9,10.5,100\n`, MINUTE, 2, /^timestamp "2011-01-04" is a date without a time, but the timeframe is 1Min/],
    ['a time without a zone', `${UNIFORM}\n2011-01-04T14:30:00,10,11,9,10.5,100\n`, MINUTE, 2, /^timestamp "2011-01-04T14:30:00" is not a valid timestamp \(expected YYYY-MM-DDTHH:MM:SSZ\)$/],
  ])('uniform: %s', async (_, content, options, line, reason) => {
    const path = write('bars.csv', content);
    const error = await importError(path, options);
    expect({ file: error.file, line: error.line }).toEqual({ file: path, line });
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(line === null ? `${path}: ${error.reason}` : `${path}:${line}: ${error.reason}`);
  });

  const QUANDL = 'Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume';
  const quandlRow = (date: string, adjHigh = '5.5') => `${date},10,11,9,10.5,100.0,0.0,1.0,5,${adjHigh},4.5,5.25,200.0`;
  const YAHOO = 'Date,Open,High,Low,Close,Volume,Adj Close';

  test.each<[string, string, string, ImportOptions, number | null, RegExp]>([
    ['quandl: mixed order', 'q.csv', [QUANDL, quandlRow('2000-01-05'), quandlRow('2000-01-04'), quandlRow('2000-01-06')].join('\n'), DAILY, 4, /^rows must all be in one time order, descending as the first two rows: 2000-01-06 is after 2000-01-04 on line 3$/],
    ['quandl: a bad adjusted row (Adj. High below Adj. Close)', 'q.csv', [QUANDL, quandlRow('2000-01-05'), quandlRow('2000-01-04', '5.1')].join('\n'), { ...DAILY, adjusted: true }, 3, /^high 5.1 is below max\(open 5, close 5.25\) \(Adj. columns\)$/],
    ['yahoo: a "null" row as Yahoo writes them', 'y.csv', [YAHOO, '2000-01-04,null,null,null,null,null,null'].join('\n'), DAILY, 2, /^Open is not a number: "null"$/],
    ['yahoo: adjusting with Adj Close 0', 'y.csv', [YAHOO, '2000-01-04,10,11,9,10.5,100,0'].join('\n'), { ...DAILY, adjusted: true }, 2, /^adjusting needs a positive finite Close and Adj Close, got Close 10.5 and Adj Close 0$/],
    ['auto: an unknown header', 'x.csv', 'Date,Price\n2000-01-04,10\n', DAILY, 1, /^unknown header "Date,Price" in .*x\.csv; known formats: uniform \(timestamp,open,high,low,close,volume\); yahoo \(.*\); quandl \(.*\); backtesting-py \(,open,high,low,close,volume\); lean-zip/],
    ['binary bytes given as uniform CSV: named as binary, not echoed', 'z.csv', 'PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000 bytes', { ...DAILY, format: 'uniform' }, 1, /^header \(binary data, not CSV text: a zip file needs --format lean-zip\) is not the uniform layout/],
    ['a very long header is cut in the message', 'l.csv', `${'x'.repeat(500)}\n`, { ...DAILY, format: 'uniform' }, 1, new RegExp(`^header "${'x'.repeat(160)}…" is not the uniform layout`)],
    ['a header that is not the chosen format', 'y.csv', daily(), { ...DAILY, format: 'yahoo' }, 1, /^header "timestamp,open,high,low,close,volume" is not the yahoo layout \(expected "date,open,high,low,close,volume,adj close" or/],
    ['--adjusted on a format without adjusted columns', 'u.csv', daily(), { ...DAILY, adjusted: true }, null, /^--adjusted needs adjusted columns .*the uniform format has none$/],
    ['an invalid symbol', 'u.csv', daily(), { ...DAILY, symbol: 'SP Y' }, null, /^invalid options: symbol must be 1–16 characters/],
    ['a symbol too long', 'u.csv', daily(), { ...DAILY, symbol: 'ABCDEFGHIJKLMNOPQ' }, null, /^invalid options: symbol must be/],
    ['an unknown timeframe and format', 'u.csv', daily(), { symbol: 'SPY', timeframe: '1Week', format: 'csv' }, null, /^invalid options: timeframe must be one of 1Min, 5Min, 1Hour, 1Day; format must be one of auto, uniform/],
  ])('%s', async (_, name, content, options, line, reason) => {
    const path = write(name, content);
    const error = await importError(path, options);
    expect({ file: error.file, line: error.line }).toEqual({ file: path, line });
    expect(error.reason).toMatch(reason);
  });

  test('a missing file', async () => {
    const error = await importError(join(write('x.csv', ''), '..', 'missing.csv'), DAILY);
    expect([error.line, error.reason]).toEqual([null, 'cannot read the file: no such file']);
  });

  test('a folder is named as a folder, with what to give instead', async () => {
    const folder = join(write('y.csv', ''), '..');
    const error = await importError(folder, DAILY);
    expect([error.line, error.reason]).toEqual([null, 'cannot read the file: is a folder: name the files in it (e.g. DIR/*.csv)']);
  });
});

describe('lean-zip refusals', () => {
  const zip = (entries: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strToU8(v)])));
  const GOOD = '34200000,1674300,1675200,1674100,1674400,816453\n34260000,1674400,1674500,1674000,1674100,500';

  test.each<[string, string, Uint8Array, ImportOptions, number | null, RegExp]>([
    ['a name without the date', 'spy.zip', zip({ 'a.csv': GOOD }), MINUTE, null, /^lean-zip files are named YYYYMMDD_trade\.zip/],
    ['a 1Day timeframe', '20131007_trade.zip', zip({ 'a.csv': GOOD }), DAILY, null, /^lean-zip holds intraday bars .* but the timeframe is 1Day$/],
    ['two entries', '20131007_trade.zip', zip({ 'a.csv': GOOD, 'b.csv': GOOD }), MINUTE, null, /^a lean-zip archive holds exactly one CSV, found 2: a\.csv, b\.csv$/],
    ['not a zip', '20131007_trade.zip', strToU8('timestamp,open\n'), MINUTE, null, /^not a readable zip archive/],
    ['a bad row, named by its line in the entry', '20131007_trade.zip', zip({ 'day.csv': `${GOOD}\n34320000,1674100,1674000,1674200,1674100,9` }), MINUTE, 3, /^day\.csv: high 167.4 is below low 167.42$/],
    ['a time of day past midnight', '20131007_trade.zip', zip({ 'day.csv': `${GOOD}\n86400000,1674100,1674200,1674000,1674100,9` }), MINUTE, 3, /^day\.csv: ms_since_midnight_NY must be a whole number in \[0, 86400000\), got 86400000$/],
    ['a row with a header-like text', '20131007_trade.zip', zip({ 'day.csv': `time,open,high,low,close,volume\n${GOOD}` }), MINUTE, 1, /^day\.csv: ms_since_midnight_NY is not a number: "time"$/],
    ['an empty entry', '20131007_trade.zip', zip({ 'day.csv': '' }), MINUTE, null, /^day\.csv: the file is empty$/],
  ])('%s', async (_, name, content, options, line, reason) => {
    const path = write(name, content);
    const error = await importError(path, options);
    expect({ file: error.file, line: error.line }).toEqual({ file: path, line });
    expect(error.reason).toMatch(reason);
  });
});

describe('harmless variations are read', () => {
  test.each([
    ['CRLF line ends', `${UNIFORM}\r\n2011-01-03,10,11,9,10.5,100\r\n2011-01-04,10,11,9,10.5,100\r\n`],
    ['a byte-order mark', `\uFEFF${UNIFORM}\n2011-01-03,10,11,9,10.5,100\n2011-01-04,10,11,9,10.5,100`],
    ['blank lines', `${UNIFORM}\n\n2011-01-03,10,11,9,10.5,100\n   \n2011-01-04,10,11,9,10.5,100\n\n`],
    ['quoted fields and an upper-case header', `"Timestamp","Open","High","Low","Close","Volume"\n"2011-01-03","10","11","9","10.5","100"\n2011-01-04, 10 ,11,9,10.5,100`],
  ])('%s', async (_, content) => {
    const bars = await parseBarsFile(write('ok.csv', content), DAILY);
    expect(bars.length).toBe(2);
    expect([...bars.ts]).toEqual([Date.parse('2011-01-03'), Date.parse('2011-01-04')]);
    expect([bars.open[1], bars.high[1], bars.low[1], bars.close[1], bars.volume[1]]).toEqual([10, 11, 9, 10.5, 100]);
  });

  test('quandl already sorted ascending is read as is', async () => {
    const header = 'Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume';
    const rows = ['2000-01-03', '2000-01-04'].map((d) => `${d},10,11,9,10.5,100.0,0.0,1.0,5,5.5,4.5,5.25,200.0`);
    const bars = await parseBarsFile(write('q.csv', [header, ...rows].join('\n')), { ...DAILY, symbol: ' orcl ' });
    expect([bars.symbol, bars.length, ...bars.ts]).toEqual(['ORCL', 2, Date.parse('2000-01-03'), Date.parse('2000-01-04')]);
  });
});
