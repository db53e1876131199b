import type { StrategyDefinition } from './strategy.ts';
import { buyAndHoldStrategy } from './buy-and-hold.ts';
import { closeVsSmaStrategy } from './close-vs-sma.ts';
import { llmStrategy } from './llm/llm-strategy.ts';
import { momentumStrategy } from './momentum.ts';
import { rsiReversionStrategy } from './rsi-reversion.ts';
import { signalsStrategy } from './signals.ts';
import { smaCrossStrategy } from './sma-cross.ts';

/** Every strategy, by name: the rule strategies and the llm strategy. */
export const STRATEGIES: ReadonlyMap<string, StrategyDefinition> = new Map(
  [buyAndHoldStrategy, smaCrossStrategy, closeVsSmaStrategy, rsiReversionStrategy, momentumStrategy, signalsStrategy, llmStrategy].map((d) => [d.name, d]),
);

/** The strategy definition called `name`; throws listing the known names when there is none. */
export function strategyByName(name: string): StrategyDefinition {
  const definition = STRATEGIES.get(name);
  if (!definition) throw new Error(`unknown strategy "${name}"; known strategies: ${[...STRATEGIES.keys()].join(', ')}`);
  return definition;
}
