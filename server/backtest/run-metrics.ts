import { EquityStats, metricsFromStats, type EngineResult, type EquitySink, type Metrics } from '../../engine/index.ts';
import type { RunWriter } from '../../data/index.ts';

/** What a run's metrics are computed from besides its result: the starting cash and how to annualise. */
export interface RunMetricsSetup {
  readonly cash: number;
  readonly barsPerYear: number;
  readonly riskFreeRate: number;
  /** Slices the feed will deliver. */
  readonly slices: number;
  /** Longest curve whose equity values stay in memory for the second pass (points). */
  readonly keepEquityUpTo: number;
}

/**
 * A run's metrics gathered while its equity curve streams to `writer` (the sink to give the engine), or, without
 * a writer, from the curve the engine kept whole. The second pass of the return statistics reads the slabs kept
 * in memory for a short run, and the store for a long one.
 */
export function runMetrics(writer: RunWriter | null, setup: RunMetricsSetup): { sink: EquitySink | undefined; metrics: (result: EngineResult) => Promise<Metrics> } {
  const stats = new EquityStats(setup.cash, setup.barsPerYear, setup.riskFreeRate);
  // The curve refills its arrays once a write settles, so a short run keeps a copy of each slab (at most keepEquityUpTo points).
  const kept: Float64Array[] | null = setup.slices <= setup.keepEquityUpTo ? [] : null;
  const sink: EquitySink | undefined =
    writer === null
      ? undefined
      : {
          write: (ts, equity, length) => {
            stats.add(ts, equity, length);
            kept?.push(equity.slice(0, length));
            return writer.appendEquity(ts, equity, length);
          },
        };
  const metrics = async (result: EngineResult): Promise<Metrics> => {
    const curve = result.equity;
    if (curve.kept) stats.add(curve.ts, curve.equity, curve.length);
    if (stats.needsSecondPass) {
      if (curve.kept) stats.addSecond(curve.equity, curve.length);
      else if (kept !== null) for (const slab of kept) stats.addSecond(slab, slab.length);
      else await writer!.readEquity((equity, length) => stats.addSecond(equity, length));
    }
    const { firstClose, lastClose } = result.benchmark;
    return metricsFromStats(stats, {
      trades: result.trades,
      fees: result.fees,
      exposedBars: result.exposedBars,
      benchmarkReturn: Number.isFinite(firstClose) && firstClose > 0 ? lastClose / firstClose - 1 : 0,
    });
  };
  return { sink, metrics };
}
