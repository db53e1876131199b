// Times the phases of one `tradebook backtest` in process: node --import tsx bench/phases.ts DB [backtest flags as JSON config overrides]
// e.g. node --import tsx bench/phases.ts /tmp/x.duckdb '{"symbols":["SYN"],"timeframe":"1Min","session":"all","strategy":"sma-cross"}'
import { openStore } from '../data/index.ts';
import { runBacktest } from '../server/backtest/run-backtest.ts';

const [db, json] = process.argv.slice(2);
const config = JSON.parse(json);
// Resident memory sampled every 5 ms: the peak since the previous phase line is printed with each phase.
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
sampler.unref();
const t = (label: string, t0: number) => {
  peak = Math.max(peak, process.memoryUsage.rss());
  const m = process.memoryUsage();
  const mb = (x: number) => (x / 1048576).toFixed(0);
  process.stderr.write(`${label.padEnd(14)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms  peak rss ${mb(peak)} MB (now: heap ${mb(m.heapUsed)}, external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)} MB)\n`);
  peak = 0;
};
const wrap = <T extends object>(obj: T, name: keyof T, label: string) => {
  const f = obj[name] as (...a: unknown[]) => Promise<unknown>;
  let total = 0;
  let calls = 0;
  (obj as Record<string, unknown>)[name as string] = async (...a: unknown[]) => {
    const t0 = performance.now();
    try {
      return await f.apply(obj, a);
    } finally {
      total += performance.now() - t0;
      calls++;
      if (process.env.PHASES_VERBOSE) t(`  ${label}`, t0);
    }
  };
  return () => process.stderr.write(`${label.padEnd(14)} ${total.toFixed(0).padStart(6)} ms (${calls} calls)\n`);
};
const T0 = performance.now();
let t0 = performance.now();
const store = await openStore(db, { memoryLimit: process.env.TRADEBOOK_MEMORY_LIMIT || undefined });
t('openStore', t0);
const reports = [wrap(store, 'openFeed', 'openFeed'), wrap(store.journal(), 'flush', 'journal.flush')];
// The run writer's calls: equity slabs appended during the run, read back for the metrics, the final commit.
const beginRun = store.beginRun.bind(store);
const writerReports: (() => void)[] = [];
store.beginRun = async (runId: string) => {
  const writer = await beginRun(runId);
  writerReports.push(wrap(writer, 'appendEquity', 'appendEquity'), wrap(writer, 'readEquity', 'readEquity'), wrap(writer, 'commit', 'commit'));
  return writer;
};
t0 = performance.now();
const report = await runBacktest(store, config);
t('runBacktest', t0);
for (const r of [...reports, ...writerReports]) r();
t0 = performance.now();
await store.close();
t('close', t0);
t('total', T0);
process.stderr.write(`${report.runId} fills ${report.counts.fills} rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
