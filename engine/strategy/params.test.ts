import { describe, expect, test } from 'vitest';
import { canonicalParams, ParamError } from './params.ts';
import { strategyByName } from './registry.ts';

const env = { universe: ['SPY'], timeframe: '1Day' } as const;

describe('strategy params', () => {
  test.each([
    ['sma-cross', { fast: 'abc' }, 'sma-cross: param fast="abc" is invalid: expected an integer >= 1'],
    ['sma-cross', { fast: '' }, 'sma-cross: param fast="" is invalid: expected an integer >= 1'],
    ['sma-cross', { fast: '2.5' }, 'sma-cross: param fast="2.5" is invalid: expected an integer >= 1'],
    ['sma-cross', { fast: '30' }, 'sma-cross: param fast="30" is invalid: expected an integer less than slow (30)'],
    ['sma-cross', { slow: '1' }, 'sma-cross: param slow="1" is invalid: expected an integer >= 2'],
    ['sma-cross', { short: 'yes' }, 'sma-cross: param short="yes" is invalid: expected true or false'],
    ['sma-cross', { fats: '5' }, 'sma-cross: unknown param "fats"; known params: fast, slow, short'],
    ['close-vs-sma', { stake: '0' }, 'close-vs-sma: param stake="0" is invalid: expected a number > 0 and <= 1000000000'],
    ['close-vs-sma', { period: '-3' }, 'close-vs-sma: param period="-3" is invalid: expected an integer >= 1'],
    ['rsi-reversion', { lower: '80' }, 'rsi-reversion: param lower="80" is invalid: expected a number less than upper (70)'],
    ['rsi-reversion', { upper: '101' }, 'rsi-reversion: param upper="101" is invalid: expected a number >= 0 and <= 100'],
    ['momentum', { top: '0' }, 'momentum: param top="0" is invalid: expected an integer >= 1'],
    ['momentum', { rebalance: 'monthly' }, 'momentum: param rebalance="monthly" is invalid: expected an integer >= 1'],
    ['buy-and-hold', { weight: '-1' }, 'buy-and-hold: param weight="-1" is invalid: expected a number > 0 and <= 1'],
    ['buy-and-hold', { weight: 'NaN' }, 'buy-and-hold: param weight="NaN" is invalid: expected a number > 0 and <= 1'],
    ['signals', {}, 'signals: param file is required: expected a path to a signals CSV file'],
  ])('%s %j → %s', (name, params, message) => {
    expect(() => strategyByName(name).create(params, env)).toThrow(message);
  });

  test.each([
    ['buy-and-hold', {}, 1],
    ['sma-cross', {}, 31],
    ['sma-cross', { fast: ' 3 ', slow: '+8' }, 9],
    ['close-vs-sma', {}, 15],
    ['rsi-reversion', {}, 15],
    ['momentum', {}, 127],
  ])('%s %j parses, warmup %i', (name, params, warmup) => {
    expect(strategyByName(name).create(params, env).warmup).toBe(warmup);
  });
});

describe('canonicalParams', () => {
  test('each value in one spelling and every default written out, keys sorted', () => {
    const sma = strategyByName('sma-cross');
    expect(canonicalParams('sma-cross', sma.paramsSchema!, { slow: '+040', fast: '05', short: ' true ' })).toEqual({ fast: '5', short: 'true', slow: '40' });
    expect(canonicalParams('sma-cross', sma.paramsSchema!, {})).toEqual({ fast: '10', short: 'false', slow: '30' });
  });

  test('a decimal keeps its value, printed back the shortest way', () => {
    const llm = strategyByName('llm');
    const out = canonicalParams('llm', llm.paramsSchema!, { model: 'm', temperature: '0.50' }, llm.fileParams);
    expect(out.temperature).toBe('0.5');
    expect(out.model).toBe('m');
  });

  test('a file param given no value stays absent (its default may be a path that differs between machines); given, it is kept', () => {
    const llm = strategyByName('llm');
    expect(canonicalParams('llm', llm.paramsSchema!, { model: 'm' }, llm.fileParams)).not.toHaveProperty('prompt');
    expect(canonicalParams('llm', llm.paramsSchema!, { model: 'm', prompt: '/p/t.txt' }, llm.fileParams).prompt).toBe('/p/t.txt');
  });

  test('bad values are refused as parseParams refuses them, naming the param', () => {
    expect(() => canonicalParams('sma-cross', strategyByName('sma-cross').paramsSchema!, { fast: 'x' })).toThrow(ParamError);
  });
});
