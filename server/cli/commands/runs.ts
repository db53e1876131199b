import type { Command } from 'commander';
import { formatTimestamp, METRIC_KEYS, type Metrics } from '../../../engine/index.ts';
import { modelFailureWarning } from '../../backtest/llm-warning.ts';
import type { BacktestReport } from '../../backtest/report.ts';
import { configDiff } from '../../runs/compare-runs.ts';
import { readStore, UsageError } from '../context.ts';
import { formatTable, note, num, pct, printJson, usd } from '../output.ts';

type MetricKey = (typeof METRIC_KEYS)[number];
const FORMAT: Record<MetricKey, (x: number | null) => string> = {
  finalEquity: usd,
  totalReturn: pct,
  cagr: pct,
  volatility: pct,
  sharpe: (x) => num(x),
  sortino: (x) => num(x),
  maxDrawdown: pct,
  maxDrawdownDays: (x) => (x === null ? '—' : String(x)),
  calmar: (x) => num(x),
  exposure: pct,
  trades: (x) => String(x ?? '—'),
  winRate: pct,
  profitFactor: (x) => num(x),
  fees: usd,
  benchmarkReturn: pct,
};

/** Metrics of several runs side by side, one row per metric. */
export function metricsTable(runs: readonly { runId: string; metrics: Metrics }[], llm?: readonly (Readonly<Record<string, unknown>> | undefined)[]): string {
  // An llm run's model figures sit right after Sharpe: what the decisions cost beside what they earned.
  const keys: string[] = [...METRIC_KEYS];
  if (llm?.some((x) => x !== undefined)) keys.splice(keys.indexOf('sharpe') + 1, 0, ...LLM_ROWS.map((r) => r.key));
  const cell = (i: number, k: string) => {
    const row = LLM_ROWS.find((r) => r.key === k);
    if (row === undefined) return FORMAT[k as MetricKey](runs[i].metrics[k as MetricKey] as number | null);
    const stats = llm?.[i];
    return stats === undefined ? '' : row.format(stats);
  };
  return formatTable(keys, [{ header: 'metric', value: (k: string) => k }, ...runs.map((r, i) => ({ header: r.runId, value: (k: string) => cell(i, k), align: 'right' as const }))]);
}

const LLM_ROWS: readonly { key: string; format: (s: Readonly<Record<string, unknown>>) => string }[] = [
  { key: 'llm decisions', format: (s) => `${s.decisions} (${s.invalidOutputs} invalid_output, ${s.unavailable} unavailable)` },
  { key: 'llm answers', format: (s) => `BUY ${s.buys} · SELL ${s.sells} · HOLD ${s.holds}` },
  { key: 'llm tokens', format: (s) => ((s.promptTokens as number) + (s.completionTokens as number)).toLocaleString('en-US') },
  { key: 'llm cost', format: (s) => `$${(s.costUsd as number).toFixed(4)}` },
  { key: 'llm latency p95', format: (s) => (s.latencyMsP95 === null ? '—' : `${(s.latencyMsP95 as number).toFixed(0)} ms`) },
];

/** Risk-gate rejections by failing rule, e.g. `risk rejections by rule: maxOrderNotional 2, maxPositionWeight 1`; null when none (or not kept). */
export function riskRulesLine(report: Pick<BacktestReport, 'riskRejections'>): string | null {
  const byRule = Object.entries(report.riskRejections ?? {});
  return byRule.length === 0 ? null : `risk rejections by rule: ${byRule.map(([rule, n]) => `${rule} ${n}`).join(', ')}`;
}

/** The loud line for an llm run none of whose model calls gave a valid answer, or null. */
export function modelFailureLine(runId: string, llm: BacktestReport['llm']): string | null {
  const w = modelFailureWarning(llm);
  return w === null ? null : `!!! WARNING: run ${runId}: ${w} !!!`;
}

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('Stored runs: list, show, compare');

  runs
    .command('list')
    .description('List stored runs, newest first')
    .option('--strategy <name>', 'only this strategy')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  tradebook runs list --strategy sma-cross')
    .action(async (f: { db?: string; json?: boolean; strategy?: string }) => {
      const list = await readStore(f.db, (s) => s.listRuns(f.strategy ? { strategy: f.strategy } : undefined));
      if (f.json) return printJson(list);
      if (list.length === 0) return note('no runs yet: tradebook backtest --symbols SPY --strategy buy-and-hold');
      console.log(
        formatTable(list, [
          { header: 'run', value: (r) => r.runId },
          { header: 'strategy', value: (r) => r.strategy },
          { header: 'symbols', value: (r) => abbreviate(r.symbols) },
          { header: 'period', value: (r) => `${formatTimestamp(r.fromTs)}..${formatTimestamp(r.toTs)}` },
          { header: 'status', value: (r) => r.status },
          { header: 'return', value: (r) => pct((r.metrics as Metrics).totalReturn), align: 'right' },
          { header: 'Sharpe', value: (r) => num((r.metrics as Metrics).sharpe), align: 'right' },
          { header: 'max DD', value: (r) => pct((r.metrics as Metrics).maxDrawdown), align: 'right' },
          { header: 'trades', value: (r) => String((r.metrics as Metrics).trades), align: 'right' },
        ]),
      );
    });

  runs
    .command('show')
    .description('Show one run: config, metrics, counts, rejections and trades')
    .argument('<runId>')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print the stored report as JSON')
    .addHelpText('after', '\nExample:\n  tradebook runs show bt-0123456789abcdef')
    .action(async (runId: string, f: { db?: string; json?: boolean }) => {
      const run = await readStore(f.db, (s) => s.getRun(runId));
      if (f.json) return printJson(run.result);
      const report = run.result as BacktestReport;
      const config = run.config as { params?: Record<string, string>; cash?: number; fill?: string; commission?: Record<string, number>; slippageBps?: number; conventions?: { fees?: string }; data?: { fingerprint?: string; bars?: number } };
      console.log(`run ${run.runId} · ${run.strategy} · ${run.symbols.join(',')} · ${run.timeframe} · ${formatTimestamp(run.fromTs)}..${formatTimestamp(run.toTs)} · ${run.status}`);
      console.log(
        `config: params ${JSON.stringify(config.params ?? {})} · cash ${usd(config.cash)} · fill ${config.fill} · fees ${config.conventions?.fees ?? '—'} · slippage ${config.slippageBps ?? 0} bps · data ${config.data?.bars ?? '?'} bars, fingerprint ${config.data?.fingerprint?.slice(0, 16) ?? '?'}…`,
      );
      console.log(metricsTable([{ runId: 'value', metrics: run.metrics as Metrics }], [report.llm]));
      const failed = modelFailureLine(run.runId, report.llm);
      if (failed !== null) console.log(`\n${failed}`);
      const c = report.counts;
      if (c) console.log(`\nsignals ${c.signals}, approved ${c.approved}, risk-rejected ${c.riskRejected}, invalid ${c.invalid}; orders ${c.orders}: filled ${c.filled}, cancelled ${c.cancelled}, rejected ${c.brokerRejected}`);
      const rules = riskRulesLine(report);
      if (rules !== null) console.log(rules);
      // The model-failure warning was printed loudly above.
      for (const w of report.warnings ?? []) if (failed === null || w !== modelFailureWarning(report.llm)) console.log(`warning: ${w}`);
      for (const p of (report.openPositions ?? []) as { symbol: string; side: string; qty: number; entryTs: string; entryPrice: number; lastPrice: number }[]) {
        console.log(`open at the end: ${p.symbol} ${p.side} ${p.qty} since ${p.entryTs} at ${num(p.entryPrice)}, last ${num(p.lastPrice)}`);
      }
      const rejections = (report.rejections ?? []) as { ts: string; symbol: string; stage: string; reason: string }[];
      if (rejections.length > 0) {
        console.log(`\n${rejections.length} rejection(s)${rejections.length > 10 ? ' (first 10)' : ''}`);
        console.log(formatTable(rejections.slice(0, 10), [{ header: 'when', value: (x) => x.ts }, { header: 'symbol', value: (x) => x.symbol }, { header: 'stage', value: (x) => x.stage }, { header: 'reason', value: (x) => x.reason }]));
      }
      const trades = report.trades ?? [];
      console.log(`\n${trades.length} round trips${trades.length > 20 ? ' (last 20)' : ''}`);
      if (trades.length > 0)
        console.log(
          formatTable(trades.slice(-20), [
            { header: 'symbol', value: (t) => t.symbol },
            { header: 'side', value: (t) => t.side },
            { header: 'qty', value: (t) => String(t.qty), align: 'right' },
            { header: 'entry', value: (t) => t.entryTs },
            { header: 'price', value: (t) => num(t.entryPrice), align: 'right' },
            { header: 'exit', value: (t) => t.exitTs },
            { header: 'price', value: (t) => num(t.exitPrice), align: 'right' },
            { header: 'pnl', value: (t) => usd(t.pnl), align: 'right' },
          ]),
        );
    });

  runs
    .command('compare')
    .description('Compare runs: metrics side by side and the config differences')
    .argument('<runIds...>')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  tradebook runs compare bt-aaaa bt-bbbb')
    .action(async (ids: string[], f: { db?: string; json?: boolean }) => {
      if (ids.length < 2) throw new UsageError(`runs compare needs two or more run ids, got ${ids.length}: tradebook runs show ${ids[0]} shows one run`);
      const twice = ids.find((id, i) => ids.indexOf(id) !== i);
      if (twice !== undefined) throw new UsageError(`runs compare got ${twice} twice: name each run once`);
      const list = await readStore(f.db, async (s) => Promise.all(ids.map((id) => s.getRun(id))));
      const diff = configDiff(list.map((r) => r.config as Record<string, unknown>));
      const warnings = list.map((r) => (r.result as BacktestReport | null)?.warnings ?? []);
      if (f.json) return printJson({ runs: list.map((r, i) => ({ runId: r.runId, strategy: r.strategy, symbols: r.symbols, metrics: r.metrics, warnings: warnings[i] })), configDiff: diff });
      const llm = list.map((r) => (r.result as BacktestReport | null)?.llm);
      console.log(metricsTable(list.map((r) => ({ runId: r.runId, metrics: r.metrics as Metrics })), llm));
      for (const [i, r] of list.entries()) {
        const failed = modelFailureLine(r.runId, llm[i]);
        if (failed !== null) console.log(`\n${failed}`);
      }
      // What each run says about its data is read beside the numbers compared (the model failure is printed above).
      const said = list.flatMap((r, i) => warnings[i].filter((w) => modelFailureLine(r.runId, llm[i]) === null || w !== modelFailureWarning(llm[i])).map((w) => `  ${r.runId}  ${w}`));
      if (said.length > 0) console.log(`\nwarnings\n${said.join('\n')}`);
      if (Object.keys(diff).length > 0) {
        console.log('\nconfig differences');
        console.log(formatTable(Object.entries(diff), [{ header: 'field', value: ([k]) => k }, ...list.map((r, i) => ({ header: r.runId, value: ([, v]: [string, unknown[]]) => JSON.stringify(v[i]) }))]));
      }
    });
}

function abbreviate(symbols: readonly string[]): string {
  return symbols.length <= 4 ? symbols.join(',') : `${symbols.slice(0, 3).join(',')},… (${symbols.length})`;
}
