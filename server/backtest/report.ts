import { formatTimestamp, roundCents, type EngineResult, type Metrics } from '../../engine/index.ts';

/** What `tradebook backtest --json` prints and the API returns: deterministic, finite, timestamps as text. */
export interface BacktestReport {
  readonly runId: string;
  readonly status: 'completed' | 'cancelled';
  readonly config: unknown;
  readonly metrics: Metrics;
  readonly counts: EngineResult['counts'];
  readonly trades: readonly ReturnType<typeof tradeRow>[];
  readonly fills: readonly ReturnType<typeof fillRow>[];
  readonly openPositions: readonly unknown[];
  readonly rejections: readonly unknown[];
  /** Risk-gate rejections by the name of each rule that failed (one rejection can fail several rules); absent in runs stored before it was kept. */
  readonly riskRejections?: Readonly<Record<string, number>>;
  /** Things the user should know that are not errors (e.g. signal rows that never matched a bar). */
  readonly warnings: readonly string[];
  /** For the llm strategy: outcomes, tokens, dollars, latency and look-ahead exposure. */
  readonly llm?: Readonly<Record<string, unknown>>;
}

// Average prices of several fills are printed to 1e-6 dollars, money to cents: float noise stays out of the JSON.
const micro = (x: number) => Math.round(x * 1e6) / 1e6;

function tradeRow(t: EngineResult['trades'][number]) {
  return { symbol: t.symbol, side: t.side, qty: t.qty, entryTs: formatTimestamp(t.entryTs), entryPrice: micro(t.entryPrice), exitTs: formatTimestamp(t.exitTs), exitPrice: micro(t.exitPrice), pnl: roundCents(t.pnl), fees: roundCents(t.fees) };
}

function fillRow(f: EngineResult['fills'][number]) {
  return { orderId: f.orderId, symbol: f.symbol, side: f.side, ts: formatTimestamp(f.ts), qty: f.qty, price: f.price, fee: f.fee };
}

export function buildReport(runId: string, config: unknown, metrics: Metrics, r: EngineResult, warnings: readonly string[] = [], extra: Pick<BacktestReport, 'llm'> = {}): BacktestReport {
  return {
    runId,
    status: r.status,
    config,
    metrics,
    counts: r.counts,
    trades: r.trades.map(tradeRow),
    fills: r.fills.map(fillRow),
    openPositions: r.openPositions.map((p) => ({ symbol: p.symbol, side: p.side, qty: p.qty, entryTs: formatTimestamp(p.entryTs), entryPrice: micro(p.entryPrice), lastPrice: p.lastPrice })),
    rejections: r.rejections.map((x) => ({ ts: formatTimestamp(x.ts), symbol: x.symbol, stage: x.stage, reason: x.reason, orderId: x.orderId })),
    riskRejections: r.riskRejectionsByRule,
    warnings,
    ...extra,
  };
}
