// The shared strategy contract, run against the llm strategy with a model behind the real SDK: a scripted
// OpenAI-compatible server on 127.0.0.1 answering from the prompt's own numbers (deterministic), record mode.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store } from '../../data/index.ts';
import { llmStrategy } from '../../engine/index.ts';
import { mergeBars, readDailyBars } from '../../engine/strategy/test-harness.ts';
import { strategyContract } from '../../engine/strategy/strategy.contract.ts';
import { tempDir } from '../../tests/helpers.ts';
import { createLlmServices } from './index.ts';
import { rsiPolicy, startTestModelServer, type TestModelServer } from './test-model-server.ts';

let store: Store;
let server: TestModelServer;
beforeAll(async () => {
  store = await openStore(join(tempDir('tradebook-llm-contract-'), 'c.duckdb'));
  server = await startTestModelServer(rsiPolicy);
});
afterAll(async () => {
  await server.close();
  await store.close();
});

// The provider is built lazily: the contract registers its tests before beforeAll has started the server.
const models = {
  open(settings: Parameters<ReturnType<typeof createLlmServices>['provider']['open']>[0]) {
    return createLlmServices(store, { mode: 'record', env: { OPENAI_BASE_URL: server.baseURL, TRADEBOOK_LLM_MAX_RETRIES: '0' } }).provider.open(settings);
  },
};

const BASKET = ['AAPL', 'IWM', 'SPY'];
const recent = (symbol: string) => readDailyBars(symbol).filter((b) => b.ts >= Date.UTC(2017, 0, 1));
strategyContract({ definition: llmStrategy, params: { model: 'scripted-test-model', every: '10' }, env: { models } }, [
  { name: 'SPY daily 2017-2021', universe: ['SPY'], bars: () => recent('SPY') },
  { name: 'AAPL/IWM/SPY daily 2017-2021', universe: BASKET, bars: () => mergeBars(BASKET, ...BASKET.map(recent)) },
]);
