// npm run bench [-- --json] [-- --quick] [-- --only loop,e2e,momentum,llm,replay] [-- --dir PATH]: engine loop speed,
// end-to-end CLI backtests from DuckDB files, the llm strategy's overhead and replay, and peak memory. --only runs some sections; --dir keeps the built
// DuckDB files in PATH and reuses them on the next run (handy when comparing before/after).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, parseBarsFile, type ParsedBars } from '../data/index.ts';
import { DAY_MS, fixedClock, memoryBatchFeed, MemoryJournal, type BarBatch } from '../engine/index.ts';
import { parseBacktestConfig } from '../server/backtest/backtest-config.ts';
import { runBacktestOnFeed } from '../server/backtest/run-backtest.ts';
import { llmReplayBench } from './llm-replay.ts';
import { stitch, type RealSeries } from './synthetic.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = process.env.TRADEBOOK_DATA_DIR ?? resolve(ROOT, '..', 'shared', 'data');
const asJson = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SECTIONS = ['loop', 'e2e', 'momentum', 'llm', 'replay'];
const only = flag('--only')?.split(',');
// A mistyped flag or section would quietly bench something else (or nothing).
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--only' || a === '--dir') i++;
  else if (a !== '--json' && a !== '--quick') usage(`unknown argument ${JSON.stringify(a)}`);
}
for (const s of only ?? []) if (!SECTIONS.includes(s)) usage(`--only takes sections from ${SECTIONS.join(', ')}; got ${JSON.stringify(s)}`);
if (process.argv.includes('--dir') && flag('--dir') === undefined) usage('--dir needs a folder');
function usage(message: string): never {
  process.stderr.write(`bench: ${message}\nusage: npm run bench -- [--json] [--quick] [--only ${SECTIONS.join(',')}] [--dir PATH]\n`);
  process.exit(2);
}
const section = (name: string) => only === undefined || only.includes(name);
const keepDir = flag('--dir');
const MINUTE = 60_000;
const START = Date.UTC(2000, 0, 3);
const log = (m: string) => process.stderr.write(`${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function real(symbol: string): Promise<RealSeries> {
  return parseBarsFile(join(DATA, 'daily', `${symbol}.csv`), { symbol, timeframe: '1Day', format: 'uniform', adjusted: false });
}

function toBatch(p: ParsedBars): BarBatch {
  return { length: p.length, ts: p.ts, symbol: new Int32Array(p.length), open: p.open, high: p.high, low: p.low, close: p.close, volume: p.volume };
}

/** Engine loop: sma-cross on one symbol, bars already in memory, journal in memory. */
async function engineLoop(spy: RealSeries, bars: number, params: Record<string, string>): Promise<{ barsPerSecond: number; runs: number[]; fills: number }> {
  const batch = toBatch(stitch(spy, bars, { symbol: 'SYN', timeframe: '1Min', startTs: START, stepMs: MINUTE }));
  const config = parseBacktestConfig({ symbols: ['SYN'], timeframe: '1Min', session: 'all', strategy: 'sma-cross', params });
  let fills = 0;
  const runs: number[] = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const feed = Object.assign(memoryBatchFeed(batch, ['SYN'], '1Min'), { count: bars, slices: bars, fingerprint: 'bench', firstTs: batch.ts[0], lastTs: batch.ts[bars - 1] });
    const t0 = performance.now();
    const run = await runBacktestOnFeed(feed, config, { journal: new MemoryJournal(fixedClock(0)) });
    runs.push(bars / ((performance.now() - t0) / 1000));
    fills = run.result.counts.fills;
  }
  return { barsPerSecond: median(runs), runs, fills };
}

async function buildDb(path: string, series: ParsedBars[] | (() => ParsedBars[])): Promise<void> {
  if (keepDir !== undefined && existsSync(path)) return;
  if (typeof series === 'function') series = series();
  const store = await openStore(path);
  try {
    for (const s of series) await store.importBars([s]);
  } finally {
    await store.close();
  }
}

function cliWall(args: string[], reps: number, env: Record<string, string> = {}, before?: () => void): { seconds: number; maxRssMb: number } {
  const times: number[] = [];
  let rss = 0;
  // --rerun: every repetition executes; without it the second would print the first's stored result.
  const argv = args[0] === 'backtest' ? [...args, '--rerun'] : args;
  for (let i = 0; i < reps; i++) {
    before?.();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, 'bench/peak-rss.mjs'), ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...env } });
    times.push((performance.now() - t0) / 1000);
    if (r.status !== 0) throw new Error(`tradebook ${args.join(' ')} failed: ${r.stderr}`);
    const last = r.stderr.trim().split('\n').at(-1)!;
    rss = Math.max(rss, JSON.parse(last).maxRssMb);
  }
  return { seconds: median(times), maxRssMb: rss };
}

async function main(): Promise<void> {
  if (keepDir !== undefined) mkdirSync(keepDir, { recursive: true });
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'tradebook-bench-'));
  const figures: Record<string, number> = {};
  try {
    const spy = await real('SPY');
    const sources = await Promise.all(['SPY', 'QQQ', 'AAPL', 'IBM', 'IWM'].map(real));

    if (section('loop')) {
      log('engine loop: sma-cross, 1,000,000 bars in memory, every signal, verdict, order and fill hash-chained …');
      const loop = await engineLoop(spy, 1_000_000, { fast: '10', slow: '30' });
      figures.engineLoopBarsPerSecond = Math.round(loop.barsPerSecond);
      figures.engineLoopFills = loop.fills;
      const calm = await engineLoop(spy, 1_000_000, { fast: '50', slow: '200' });
      figures.engineLoopSma50x200BarsPerSecond = Math.round(calm.barsPerSecond);
      figures.engineLoopSma50x200Fills = calm.fills;
    }

    let t0 = performance.now();
    if (section('e2e')) {
      log('building a DuckDB file of 1,000,000 one-minute bars …');
      const oneM = join(dir, 'one-million.duckdb');
      const reused = keepDir !== undefined && existsSync(oneM);
      t0 = performance.now();
      await buildDb(oneM, [stitch(spy, 1_000_000, { symbol: 'SYN', timeframe: '1Min', startTs: START, stepMs: MINUTE })]);
      if (!reused) figures.import1MBarsSeconds = (performance.now() - t0) / 1000;
      // A first execution: each repetition starts from a copy of the store as the import left it (the copy is not
      // timed). Then the same backtest executed again (--rerun) into a store holding earlier runs, which also pays
      // for replacing the stored run and for DuckDB recompressing the journal's last, partly filled row group.
      const work = join(dir, 'one-million-run.duckdb');
      const fresh = () => {
        rmSync(`${work}.wal`, { force: true });
        copyFileSync(oneM, work);
      };
      const sma = ['backtest', '--db', work, '--symbols', 'SYN', '--timeframe', '1Min', '--session', 'all', '--strategy', 'sma-cross', '--json', '--quiet'];
      const e2e = cliWall(sma, quick ? 1 : 3, {}, fresh);
      figures.backtest1MBarsWallSeconds = e2e.seconds;
      figures.backtest1MBarsPeakRssMb = e2e.maxRssMb;
      const calm = [...sma, '--param', 'fast=50', '--param', 'slow=200'];
      figures.backtest1MBarsSma50x200WallSeconds = cliWall(calm, quick ? 1 : 3, {}, fresh).seconds;
      figures.backtest1MBarsSma50x200RerunWallSeconds = cliWall(calm, quick ? 1 : 3).seconds;
    }

    if (section('momentum')) {
      log('building 500 symbols × 2,520 daily bars …');
      const wide = join(dir, 'momentum.duckdb');
      const symbols = Array.from({ length: 500 }, (_, k) => `S${String(k).padStart(3, '0')}`);
      await buildDb(wide, () => symbols.map((symbol, k) => stitch(sources[k % 5], 2520, { symbol, timeframe: '1Day', startTs: Date.UTC(2010, 0, 1), stepMs: DAY_MS, offset: k * 37, startPrice: 20 + (k % 80) })));
      const mom = cliWall(['backtest', '--db', wide, '--symbols', symbols.join(','), '--strategy', 'momentum', '--param', 'lookback=126', '--param', 'top=10', '--param', 'rebalance=21', '--json', '--quiet'], quick ? 1 : 3);
      figures.momentum500x2520WallSeconds = mom.seconds;
    }

    if (section('llm')) {
      log('llm strategy: 10 symbols × 2,520 daily bars deciding every bar, a 0 ms model, then replayed from the cache …');
      const llm = await llmReplayBench(sources, dir);
      figures.llmDecisions = llm.decisions;
      figures.llmOverheadMsPerDecision = llm.overheadMsPerDecision;
      figures.llmReplay10x2520Seconds = llm.replaySeconds;
    }

    if (!quick && section('replay')) {
      log('building 10,000,000 one-minute bars (about a minute) …');
      const tenM = join(dir, 'ten-million.duckdb');
      await buildDb(tenM, () => Array.from({ length: 10 }, (_, c) => stitch(spy, 1_000_000, { symbol: 'SYN', timeframe: '1Min', startTs: START + c * 1_000_000 * MINUTE, stepMs: MINUTE, offset: c * 1_000_000 })));
      t0 = performance.now();
      // DuckDB keeps the blocks it read cached up to its memory limit, so the peak follows the limit: measured with
      // TRADEBOOK_MEMORY_LIMIT=64MB (the figure held to the target) and 256MB. Each is a first execution on a copy.
      const work = join(dir, 'ten-million-run.duckdb');
      const fresh = () => {
        rmSync(`${work}.wal`, { force: true });
        copyFileSync(tenM, work);
      };
      const replay = ['backtest', '--db', work, '--symbols', 'SYN', '--timeframe', '1Min', '--session', 'all', '--strategy', 'sma-cross', '--param', 'fast=50', '--param', 'slow=200', '--json', '--quiet'];
      const big = cliWall(replay, 1, { TRADEBOOK_MEMORY_LIMIT: '64MB' }, fresh);
      figures.replay10MBarsWallSeconds = big.seconds;
      figures.replay10MBarsPeakRssMb = big.maxRssMb;
      const roomy = cliWall(replay, 1, { TRADEBOOK_MEMORY_LIMIT: '256MB' }, fresh);
      figures.replay10MBarsWallSecondsAt256MbLimit = roomy.seconds;
      figures.replay10MBarsPeakRssMbAt256MbLimit = roomy.maxRssMb;
      rmSync(work, { force: true });
      rmSync(`${work}.wal`, { force: true });
    }
  } finally {
    if (keepDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
  // Each target as printed and as a test of the figure.
  const under = (limit: number, unit: string) => ({ text: `< ${limit}${unit}`, met: (v: number) => v < limit });
  const atLeast = (limit: number) => ({ text: `≥ ${limit.toLocaleString('en-US')}`, met: (v: number) => v >= limit });
  const targets: Record<string, { text: string; met: (v: number) => boolean }> = {
    engineLoopBarsPerSecond: atLeast(3_000_000),
    engineLoopSma50x200BarsPerSecond: atLeast(3_000_000),
    backtest1MBarsWallSeconds: under(2, ' s'),
    backtest1MBarsSma50x200WallSeconds: under(2, ' s'),
    backtest1MBarsSma50x200RerunWallSeconds: under(2, ' s'),
    momentum500x2520WallSeconds: under(3, ' s'),
    replay10MBarsPeakRssMb: under(400, ' MB'),
    llmOverheadMsPerDecision: under(1, ' ms'),
    llmReplay10x2520Seconds: under(5, ' s'),
  };
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ node: process.version, cpus: execFileSync('nproc').toString().trim(), ...figures }, null, 2)}\n`);
    return;
  }
  const rows = Object.entries(figures).map(([k, v]) => {
    const t = targets[k];
    return [k, Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2), t ? `${t.text} ${t.met(v) ? 'met' : 'MISSED'}` : ''];
  });
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['figure', 'value', 'target'][i].length));
  const line = (r: string[]) => `${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2]}`;
  console.log([line(['figure', 'value', 'target']), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n'));
}

await main();
