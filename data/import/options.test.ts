import { describe, expect, test } from 'vitest';
import { FORMATS, IMPORT_FORMATS, ImportOptionsSchema } from './index.ts';

describe('ImportOptionsSchema', () => {
  test('upper-cases and trims the symbol, fills format auto and adjusted false', () => {
    expect(ImportOptionsSchema.parse({ symbol: ' brk.b ', timeframe: '1Day' })).toEqual({
      symbol: 'BRK.B',
      timeframe: '1Day',
      format: 'auto',
      adjusted: false,
    });
  });

  test.each(['SPY', 'BF-B', 'BRK.B', '7203', 'ABCDEFGHIJKLMNOP'])('accepts the symbol %j', (symbol) => {
    expect(ImportOptionsSchema.safeParse({ symbol, timeframe: '1Min' }).success).toBe(true);
  });

  test.each([
    [{ symbol: 'SP Y', timeframe: '1Day' }, 'symbol'],
    [{ symbol: '', timeframe: '1Day' }, 'symbol'],
    [{ symbol: 'ABCDEFGHIJKLMNOPQ', timeframe: '1Day' }, 'symbol'],
    [{ symbol: 'SPY$', timeframe: '1Day' }, 'symbol'],
    [{ timeframe: '1Day' }, 'symbol'],
    [{ symbol: 'SPY', timeframe: '1d' }, 'timeframe'],
    [{ symbol: 'SPY', timeframe: '1Day', format: 'csv' }, 'format'],
    [{ symbol: 'SPY', timeframe: '1Day', adjusted: 'yes' }, 'adjusted'],
  ])('%j is refused, naming %s', (options, option) => {
    const result = ImportOptionsSchema.safeParse(options);
    expect(result.error?.issues.map((i) => i.path[0])).toEqual([option]);
    expect(result.error?.issues[0].message.startsWith(option)).toBe(true);
  });

  test('FORMATS lists the file formats; IMPORT_FORMATS the --format values', () => {
    expect(FORMATS).toEqual(['uniform', 'yahoo', 'quandl', 'backtesting-py', 'lean-zip']);
    expect(IMPORT_FORMATS).toEqual(['auto', ...FORMATS]);
  });
});
