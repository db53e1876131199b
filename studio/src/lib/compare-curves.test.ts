import { describe, expect, test } from 'vitest';
import type { CompareResult } from '../api/types.ts';
import { compareCurves } from './compare-curves.ts';

describe('compareCurves', () => {
  test('each run is normalised from its own first point; drawdown and Sharpe start there too', () => {
    const result: CompareResult = {
      runs: [],
      metrics: [],
      configDiff: {},
      equity: {
        ts: [1, 2, 3, 4, 5],
        series: [
          { runId: 'a', equity: [100, 110, 99, 108.9, 108.9] },
          { runId: 'b', equity: [null, 200, 100, 150, 300] },
        ],
      },
    };
    const { ts, curves } = compareCurves(result, 3, 252);
    expect([...ts]).toEqual([1, 2, 3, 4, 5]);
    expect([...curves[0].normalised].map((v) => +v.toFixed(4))).toEqual([1, 1.1, 0.99, 1.089, 1.089]);
    expect(Number.isNaN(curves[1].normalised[0])).toBe(true);
    expect([...curves[1].normalised.subarray(1)]).toEqual([1, 0.5, 0.75, 1.5]);
    expect([...curves[1].drawdown.subarray(1)]).toEqual([0, -0.5, -0.25, 0]);
    // Window 3 over a's returns (0.1, −0.1, 0.1): 0.1/3 / sd × √252 (see series-math.test.ts).
    expect(curves[0].sharpe[3]).toBeCloseTo(4.582576, 5);
    // b has only 3 returns after its start: a window of 3 fits once, at its last point.
    expect(Number.isNaN(curves[1].sharpe[3])).toBe(true);
    expect(Number.isFinite(curves[1].sharpe[4])).toBe(true);
  });
});
