import { describe, expect, test } from 'vitest';
import { formatParams, getField, numberOrBlank, parseParams, parseSymbols, setField } from './backtest-form.ts';

describe('backtest form', () => {
  test('params parse and print', () => {
    expect(parseParams('fast=50, slow = 200\nshort=true')).toEqual({ fast: '50', slow: '200', short: 'true' });
    expect(parseParams('  ')).toEqual({});
    expect(() => parseParams('fast:50')).toThrow('"fast:50" is not key=value');
    expect(formatParams({ fast: '50', slow: '200' })).toBe('fast=50, slow=200');
  });

  test('symbols are upper-cased and split on commas or spaces', () => {
    expect(parseSymbols('spy, qqq  IWM')).toEqual(['SPY', 'QQQ', 'IWM']);
  });

  test('nested fields set, read and clear', () => {
    let c: Record<string, unknown> = { strategy: 'x' };
    c = setField(c, 'commission.pct', 0.05);
    c = setField(c, 'risk.maxDrawdown', 0.2);
    expect(c).toEqual({ strategy: 'x', commission: { pct: 0.05 }, risk: { maxDrawdown: 0.2 } });
    expect(getField(c, 'commission.pct')).toBe(0.05);
    c = setField(c, 'commission.pct', undefined);
    expect(c).toEqual({ strategy: 'x', risk: { maxDrawdown: 0.2 } });
    c = setField(c, 'strategy', '');
    expect(c).toEqual({ risk: { maxDrawdown: 0.2 } });
  });

  test('number fields', () => {
    expect(numberOrBlank(' ')).toBeUndefined();
    expect(numberOrBlank('2.5')).toBe(2.5);
    expect(Number.isNaN(numberOrBlank('x'))).toBe(true);
  });
});
