/** Run-level figures of the llm strategy: outcomes, tokens, dollars and latency. Deterministic under replay. */
export interface LlmRunStats {
  readonly model: string;
  readonly promptTemplate: string;
  /** Questions put to the model (or the cache). */
  readonly decisions: number;
  /** Valid answers, by action. */
  readonly buys: number;
  readonly sells: number;
  readonly holds: number;
  /** Answers that did not validate: HOLD with reason invalid_output. */
  readonly invalidOutputs: number;
  /** Calls that failed after retries, or were refused by the open circuit: HOLD with the reason journalled. */
  readonly unavailable: number;
  /** Due bars skipped because the symbol had an open order or (on=change) nothing had changed. */
  readonly skipped: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
  readonly latencyMsMean: number | null;
  readonly latencyMsP95: number | null;
}

/** Accumulates LlmRunStats as decisions are made. */
export class LlmStatsAccumulator {
  decisions = 0;
  buys = 0;
  sells = 0;
  holds = 0;
  invalidOutputs = 0;
  unavailable = 0;
  skipped = 0;
  promptTokens = 0;
  completionTokens = 0;
  costUsd = 0;
  private latencies = new Float64Array(256);
  private latencyCount = 0;

  constructor(
    private readonly model: string,
    private readonly promptTemplate: string,
  ) {}

  latency(ms: number): void {
    if (this.latencyCount === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.latencyCount++] = ms;
  }

  snapshot(): LlmRunStats {
    const lat = this.latencies.slice(0, this.latencyCount).sort();
    const n = lat.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += lat[i];
    // Nearest-rank percentile: the smallest latency with at least 95 % of the calls at or below it.
    const p95 = n === 0 ? null : lat[Math.max(0, Math.ceil(0.95 * n) - 1)];
    return {
      model: this.model,
      promptTemplate: this.promptTemplate,
      decisions: this.decisions,
      buys: this.buys,
      sells: this.sells,
      holds: this.holds,
      invalidOutputs: this.invalidOutputs,
      unavailable: this.unavailable,
      skipped: this.skipped,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      costUsd: Math.round(this.costUsd * 1e6) / 1e6,
      latencyMsMean: n === 0 ? null : Math.round((sum / n) * 1000) / 1000,
      latencyMsP95: p95 === null ? null : Math.round(p95 * 1000) / 1000,
    };
  }
}
