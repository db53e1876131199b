import { describe, expect, test } from 'vitest';
import { formatParams, getField, numberOrBlank, paramsHelp, paramsPlaceholder, parseParams, parseSymbols, setField, STRATEGIES } from './backtest-form.ts';

describe('backtest form', () => {
  test('params parse and print', () => {
    expect(parseParams('fast=50, slow = 200\nshort=true')).toEqual({ fast: '50', slow: '200', short: 'true' });
    expect(parseParams('  ')).toEqual({});
    expect(() => parseParams('fast:50')).toThrow('"fast:50" is not key=value');
    expect(formatParams({ fast: '50', slow: '200' })).toBe('fast=50, slow=200');
  });

  test.each([
    ['buy-and-hold', 'weight=1', 'weight: target weight of equity (default 1)'],
    ['sma-cross', 'fast=10, slow=30, short=false', 'fast: fast SMA bars (default 10); slow: slow SMA bars (default 30); short: go short on a cross down (default false)'],
    ['rsi-reversion', 'period=14, lower=30, upper=70', 'period: RSI bars (default 14); lower: buy below this RSI (default 30); upper: exit above this RSI (default 70)'],
    ['signals', 'file=…', 'file: path of a signals CSV on the server, required'],
    ['no-such-strategy', 'key=value, …', 'key=value pairs the strategy reads'],
  ])('the params placeholder and help follow the strategy: %s', (strategy, placeholder, help) => {
    expect(paramsPlaceholder(strategy)).toBe(placeholder);
    expect(paramsHelp(strategy)).toBe(help);
  });

  test.each(STRATEGIES.map((s) => [s.name, s] as const))('%s starts a new cell with parameters it has', (_name, s) => {
    const names = s.params.map((p) => p.name);
    expect(Object.keys(s.example).filter((k) => !names.includes(k))).toEqual([]);
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
