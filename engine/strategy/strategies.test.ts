import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Bar } from '../domain/bar.ts';
import { STRATEGIES, strategyByName } from './registry.ts';
import { strategyContract, type ContractDataset } from './strategy.contract.ts';
import { mergeBars, readDailyBars } from './test-harness.ts';

const cache = new Map<string, Bar[]>();
const daily = (symbol: string) => cache.get(symbol) ?? cache.set(symbol, readDailyBars(symbol)).get(symbol)!;

const BASKET = ['AAPL', 'IWM', 'QQQ', 'SPY'];
const DATASETS: ContractDataset[] = [
  { name: 'SPY daily 1998-2021', universe: ['SPY'], bars: () => daily('SPY') },
  { name: 'AAPL/IWM/QQQ/SPY daily (staggered starts)', universe: BASKET, bars: () => mergeBars(BASKET, ...BASKET.map(daily)) },
];
const SIGNALS_FIXTURE = fileURLToPath(new URL('./fixtures/signals-spy.csv', import.meta.url));

const PARAMS: Record<string, Record<string, string>> = { signals: { file: SIGNALS_FIXTURE } };

for (const definition of STRATEGIES.values()) {
  // The llm strategy needs a model: its contract runs in server/llm against a local OpenAI-compatible server.
  if (definition.name === 'llm') continue;
  strategyContract({ definition, params: PARAMS[definition.name] }, DATASETS);
}
strategyContract({ definition: strategyByName('sma-cross'), params: { fast: '5', slow: '20', short: 'true' } }, DATASETS);

describe('registry', () => {
  test('lists every strategy by its own name', () => {
    expect([...STRATEGIES.keys()]).toEqual(['buy-and-hold', 'sma-cross', 'close-vs-sma', 'rsi-reversion', 'momentum', 'signals', 'llm']);
    for (const [name, d] of STRATEGIES) expect(d.name).toBe(name);
  });

  test('every strategy declares the schema of its params, with exactly the params its help lists (the run id covers them canonically)', () => {
    for (const [name, d] of STRATEGIES) expect(Object.keys(d.paramsSchema?.shape ?? {}).sort(), name).toEqual(Object.keys(d.params).sort());
  });

  test('strategyByName throws listing the known names', () => {
    expect(() => strategyByName('sma')).toThrow('unknown strategy "sma"; known strategies: buy-and-hold, sma-cross, close-vs-sma, rsi-reversion, momentum, signals, llm');
    expect(() => strategyByName('constructor')).toThrow(/unknown strategy/);
  });
});
