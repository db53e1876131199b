// The llm strategy's own overhead: 10 symbols × 2,520 daily bars (stitched from real returns), deciding every bar.
// First with a model that answers in 0 ms (prompt build, hashing, cache write, parse, journal: everything but the
// network), then the same backtest replayed from the decision cache, as `--llm replay` runs it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { decisionCache, openStore, type ParsedBars } from '../data/index.ts';
import { DAY_MS, type ModelGateway, type ModelSettings } from '../engine/index.ts';
import { runBacktest } from '../server/backtest/run-backtest.ts';
import { CachedModels, ModelCatalog, type LlmMode, type LlmServices } from '../server/llm/index.ts';
import { stitch, type RealSeries } from './synthetic.ts';

export interface LlmBenchFigures {
  readonly decisions: number;
  /** Wall seconds of the backtest with a 0 ms model (answers written to the cache). */
  readonly instantModelSeconds: number;
  /** Wall seconds of the same backtest replayed from the cache. */
  readonly replaySeconds: number;
  /** Milliseconds per decision, everything but the model included (engine, journal, cache). */
  readonly overheadMsPerDecision: number;
  readonly replayMsPerDecision: number;
}

/** A model that answers at once: a deterministic valid signal derived from the prompt hash. */
function instantModel(settings: ModelSettings): ModelGateway {
  return {
    settings,
    complete: async (request) => {
      const symbol = /Symbol: (\S+)/.exec(request.messages[request.messages.length - 1].content)?.[1] ?? '?';
      const pick = parseInt(request.promptHash.slice(0, 2), 16) % 10;
      const action = pick === 0 ? 'BUY' : pick === 1 ? 'SELL' : 'HOLD';
      const size = action === 'HOLD' ? null : { kind: 'target_weight', value: action === 'BUY' ? 0.09 : 0 };
      return { text: JSON.stringify({ action, confidence: 0.5, rationale: 'bench', size, symbol }), error: null, promptTokens: 600, completionTokens: 40, latencyMs: 0, costUsd: 0, source: 'model' };
    },
  };
}

export async function llmReplayBench(sources: readonly RealSeries[], dir: string): Promise<LlmBenchFigures> {
  const path = join(dir, 'llm-bench.duckdb');
  rmSync(path, { force: true });
  const store = await openStore(path);
  try {
    const symbols = Array.from({ length: 10 }, (_, k) => `L${String(k).padStart(2, '0')}`);
    const bars: ParsedBars[] = symbols.map((symbol, k) => stitch(sources[k % sources.length], 2520, { symbol, timeframe: '1Day', startTs: Date.UTC(2011, 0, 3), stepMs: DAY_MS, offset: k * 53, startPrice: 30 + 7 * k }));
    await store.importBars(bars);
    const catalog = new ModelCatalog({ 'bench-instant': { inputPerMillion: 0.15, outputPerMillion: 0.6, knowledgeCutoff: '2010-01-01' } });
    const services = (mode: LlmMode): LlmServices => ({
      mode,
      catalog,
      provider: new CachedModels({ mode, cache: decisionCache(store), upstream: mode === 'replay' ? null : instantModel, catalog, clock: () => Date.now(), flushEvery: 5000 }),
      settings: { baseURL: null, endpointLabel: null, defaultModel: null, timeoutMs: 1, maxRetries: 0, concurrency: 4, breakerFailures: 5, breakerCooldownMs: 1 },
      attempts: () => 0,
    });
    const config = { symbols, strategy: 'llm', params: { model: 'bench-instant', every: '1' }, cash: 1_000_000 };
    const t0 = performance.now();
    const live = await runBacktest(store, config, { llm: services('live') });
    const t1 = performance.now();
    const replayServices = services('replay');
    const replay = await runBacktest(store, config, { llm: replayServices });
    const t2 = performance.now();
    if (createHash('sha256').update(JSON.stringify(live)).digest('hex') !== createHash('sha256').update(JSON.stringify(replay)).digest('hex')) throw new Error('llm bench: the replay differs from the recorded run');
    const decisions = (live.llm as { decisions: number }).decisions;
    return {
      decisions,
      instantModelSeconds: (t1 - t0) / 1000,
      replaySeconds: (t2 - t1) / 1000,
      overheadMsPerDecision: (t1 - t0) / decisions,
      replayMsPerDecision: (t2 - t1) / decisions,
    };
  } finally {
    await store.close();
  }
}
