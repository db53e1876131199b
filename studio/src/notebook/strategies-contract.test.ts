// The backtest form's strategy list is written by hand (the studio talks to the engine over HTTP only); this holds
// it to the engine's own registry, so a strategy or parameter added, renamed or re-defaulted there fails here.
import { describe, expect, test } from 'vitest';
import { STRATEGIES as ENGINE } from '../../../engine/strategy/registry.ts';
import { STRATEGIES } from './backtest-form.ts';

/** The literal default an engine help text states, "(default 10)", if any. */
function engineDefault(help: string): string | undefined {
  return /\(default ([^);\s]+)[);]/.exec(help)?.[1];
}

describe('the backtest form knows the engine strategies', () => {
  test('the same strategy names', () => {
    expect(STRATEGIES.map((s) => s.name).sort()).toEqual([...ENGINE.keys()].sort());
  });

  test.each([...ENGINE.values()].map((d) => [d.name, d] as const))('%s: the same parameters, with the engine defaults', (name, definition) => {
    const form = STRATEGIES.find((s) => s.name === name)!;
    expect(form.params.map((p) => p.name).sort()).toEqual(Object.keys(definition.params).sort());
    for (const p of form.params) {
      const stated = engineDefault(definition.params[p.name]);
      // "(default none)" states that there is none.
      if (stated !== undefined && stated !== 'none') expect(p.default, `${name}.${p.name}`).toBe(stated);
      else expect(p.default, `${name}.${p.name}`).toBeUndefined();
    }
  });
});
