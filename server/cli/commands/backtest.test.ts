import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { configFromFlags, type BacktestFlags } from './backtest.ts';

const flags = (over: Partial<BacktestFlags>): BacktestFlags => ({
  symbols: 'SPY',
  timeframe: '1Day',
  session: 'regular',
  strategy: 'sma-cross',
  param: {},
  cash: '100000',
  fill: 'next-open',
  risk: {},
  seed: '0',
  tag: [],
  llm: 'live',
  ...over,
});

describe('configFromFlags: params that name files', () => {
  test('a relative signals file becomes the absolute path it names from the working directory, however it is spelled', () => {
    const want = join(process.cwd(), 'sigs', 'a.csv');
    for (const file of ['sigs/a.csv', './sigs/a.csv', 'sigs/../sigs/a.csv', want]) {
      expect(configFromFlags(flags({ strategy: 'signals', param: { file } })).params).toEqual({ file: want });
    }
  });

  test('the llm prompt is a file param too; other params and other strategies keep their text', () => {
    expect(configFromFlags(flags({ strategy: 'llm', param: { prompt: 'p.txt', model: 'gpt-4o-mini' } })).params).toEqual({ prompt: resolve('p.txt'), model: 'gpt-4o-mini' });
    expect(configFromFlags(flags({ strategy: 'sma-cross', param: { fast: '5', file: 'x.csv' } })).params).toEqual({ fast: '5', file: 'x.csv' });
    // An unknown strategy is refused later, by the config schema, naming the strategy.
    expect(configFromFlags(flags({ strategy: 'nope', param: { file: 'x.csv' } })).params).toEqual({ file: 'x.csv' });
    // An empty file param is left for the strategy's own check to name.
    expect(configFromFlags(flags({ strategy: 'signals', param: { file: '' } })).params).toEqual({ file: '' });
  });
});
