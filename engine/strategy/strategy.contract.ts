// Shared contract suite: every StrategyDefinition must pass it (see strategies.test.ts).
import { beforeAll, describe, expect, test } from 'vitest';
import type { Bar } from '../domain/bar.ts';
import { SignalSchema } from '../domain/signal.ts';
import type { StrategyDefinition, StrategyEnv } from './strategy.ts';
import { runStrategy, type HarnessRun } from './test-harness.ts';

/** Bars and the universe they are drawn from. */
export interface ContractDataset {
  readonly name: string;
  readonly universe: readonly string[];
  readonly bars: () => readonly Bar[];
}

/** One strategy configuration to check. */
export interface ContractCase {
  readonly definition: StrategyDefinition;
  readonly params?: Readonly<Record<string, string>>;
  /** The strategy must emit at least one signal on each dataset (guards against a vacuous pass). */
  readonly expectSignals?: boolean;
  /** Services the strategy needs beyond universe and timeframe (e.g. a model provider for llm). */
  readonly env?: Omit<Partial<StrategyEnv>, 'universe' | 'timeframe'>;
}

/** Registers the contract tests for `c` over each dataset. */
export function strategyContract(c: ContractCase, datasets: readonly ContractDataset[]): void {
  const { definition } = c;
  const params = c.params ?? {};
  const env = (universe: readonly string[]): StrategyEnv => ({ ...c.env, universe, timeframe: '1Day' });

  describe(`strategy contract: ${definition.name}`, () => {
    test('has a name, a description and documented params', () => {
      expect(definition.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(definition.description.length).toBeGreaterThan(0);
      for (const key of Object.keys(params)) expect(definition.params).toHaveProperty(key);
    });

    test('declares a positive integer warmup', () => {
      const { warmup } = definition.create(params, env(datasets[0].universe));
      expect(Number.isInteger(warmup) && warmup >= 1).toBe(true);
    });

    test('rejects an unknown param, naming it', () => {
      expect(() => definition.create({ ...params, nonsense: '1' }, env(datasets[0].universe))).toThrow(/nonsense/);
    });

    describe.each(datasets)('on $name', (dataset) => {
      let first: HarnessRun;
      let second: HarnessRun;
      beforeAll(async () => {
        const bars = dataset.bars();
        const run = () => runStrategy(definition.create(params, env(dataset.universe)), bars, dataset.universe, { fills: 'close' });
        first = await run();
        second = await run();
      });

      test('is asked to decide only from warmup on, and never signals a cold symbol', () => {
        const { warmup } = definition.create(params, env(dataset.universe));
        expect(first.decideCalls).toBeGreaterThan(0);
        expect(first.firstDecideBars).toBe(warmup);
        for (const e of first.emitted) expect(e.barsSeen, JSON.stringify(e)).toBeGreaterThanOrEqual(warmup);
      });

      test('is deterministic: same input twice gives identical signals', () => {
        expect(second.emitted).toEqual(first.emitted);
      });

      test('emits only signals that pass SignalSchema', () => {
        for (const e of first.emitted) expect(() => SignalSchema.parse(e.signal), JSON.stringify(e.signal)).not.toThrow();
      });

      test('emits only symbols of the universe', () => {
        for (const e of first.emitted) expect(dataset.universe).toContain(e.signal.symbol);
      });

      if (c.expectSignals ?? true) {
        test('emits at least one signal', () => {
          expect(first.emitted.length).toBeGreaterThan(0);
        });
      }
    });
  });
}
