// npm run bench:api [-- --json] [-- --duration S]: the HTTP API under load. A fresh DuckDB file with the real daily
// bars, a dozen backtests and one run with a 1,000,000-point equity curve; `tradebook serve` in a child process;
// autocannon with 50 connections on GET /api/runs and GET /api/logs (requests/s, p99 latency); then time to first
// byte (and to the last) of the 1,000,000-point equity curve as Arrow.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { openStore, parseBarsFile } from '../data/index.ts';
import { MemoryJournal } from '../engine/index.ts';
import { runBacktest } from '../server/backtest/run-backtest.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = process.env.TRADEBOOK_DATA_DIR ?? resolve(ROOT, '..', 'shared', 'data');
const asJson = process.argv.includes('--json');
const durationArg = process.argv.indexOf('--duration');
const duration = durationArg > 0 ? Number(process.argv[durationArg + 1]) : 5;
const TOKEN = 'bench-token-0123456789abcdef0123';
const say = (s: string) => {
  if (!asJson) process.stderr.write(`${s}\n`);
};

async function prepare(dbPath: string): Promise<string> {
  const store = await openStore(dbPath);
  try {
    const daily = join(DATA, 'daily');
    const symbols = readdirSync(daily).filter((f) => f.endsWith('.csv')).map((f) => f.slice(0, -4));
    await store.importBars(await Promise.all(symbols.map((s) => parseBarsFile(join(daily, `${s}.csv`), { symbol: s, timeframe: '1Day' }))));
    const configs = [
      ...symbols.map((s) => ({ symbols: [s], strategy: 'buy-and-hold' })),
      ...symbols.map((s) => ({ symbols: [s], strategy: 'sma-cross', params: { fast: '50', slow: '200' } })),
      { symbols, strategy: 'momentum', params: { lookback: '120', top: '2', rebalance: '21' } },
      { symbols, strategy: 'rsi-reversion', params: { period: '2', lower: '10', upper: '90' } },
    ];
    for (const c of configs) await runBacktest(store, c);
    // One long run: 1,000,000 equity points (minutes), saved as a backtest would save it.
    const n = 1_000_000;
    const ts = new Float64Array(n);
    const equity = new Float64Array(n);
    let e = 100_000;
    for (let i = 0; i < n; i++) {
      ts[i] = Date.UTC(2020, 0, 1) + i * 60_000;
      e *= 1 + Math.sin(i / 5000) * 1e-4;
      equity[i] = e;
    }
    const longId = 'bt-bench-1m-points';
    await store.saveRun({ runId: longId, createdAt: Date.now(), status: 'completed', strategy: 'synthetic', symbols: ['SPY'], timeframe: '1Min', fromTs: ts[0], toTs: ts[n - 1], config: { cash: 100_000 }, metrics: {}, result: {}, equity: { ts, equity, length: n } });
    await runBacktest(store, { symbols: ['SPY'], strategy: 'buy-and-hold' }, { persist: false, journal: new MemoryJournal({ now: () => 0 }) });
    return longId;
  } finally {
    await store.close();
  }
}

async function serve(dbPath: string, cwd: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/tradebook.mjs'), 'serve', '--port', '0', '--db', dbPath], {
    cwd,
    env: { ...process.env, TRADEBOOK_API_TOKENS: `bench:viewer:${TOKEN}`, TRADEBOOK_RATE_LIMIT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((ok, fail) => {
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      const m = /tradebook API on (http:\/\/\S+)/.exec(stderr);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`server exited (${code}): ${stderr}`)));
  });
  // The access log is one line per request: drop it so it does not fill a buffer.
  child.stderr!.removeAllListeners('data');
  child.stderr!.resume();
  return {
    url,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

function load(url: string): Promise<{ requestsPerSec: number; p50: number; p99: number; non2xx: number; errors: number }> {
  return new Promise((ok, fail) => {
    autocannon({ url, connections: 50, duration, headers: { authorization: `Bearer ${TOKEN}` } }, (err: Error | null, r: any) => {
      if (err) return fail(err);
      ok({ requestsPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
    });
  });
}

async function arrowTiming(url: string): Promise<{ ttfbMs: number; totalMs: number; bytes: number }> {
  const runs: { ttfbMs: number; totalMs: number; bytes: number }[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.apache.arrow.stream' } });
    const reader = res.body!.getReader();
    const first = await reader.read();
    const ttfbMs = performance.now() - t0;
    let bytes = first.value?.byteLength ?? 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    runs.push({ ttfbMs, totalMs: performance.now() - t0, bytes });
  }
  runs.sort((a, b) => a.ttfbMs - b.ttfbMs);
  const median = runs[2];
  return { ttfbMs: Math.round(median.ttfbMs), totalMs: Math.round(median.totalMs), bytes: median.bytes };
}

const dir = mkdtempSync(join(tmpdir(), 'tradebook-bench-api-'));
try {
  const dbPath = join(dir, 'bench.duckdb');
  say('preparing: real daily bars, backtests, one run of 1,000,000 equity points…');
  const longId = await prepare(dbPath);
  const server = await serve(dbPath, dir);
  try {
    say(`server ${server.url}; ${duration} s of 50 connections per endpoint`);
    const runs = await load(`${server.url}/api/runs`);
    const logs = await load(`${server.url}/api/logs`);
    const arrow = await arrowTiming(`${server.url}/api/runs/${longId}/equity`);
    const result = { connections: 50, durationS: duration, 'GET /api/runs': runs, 'GET /api/logs': logs, 'Arrow equity 1,000,000 points': arrow };
    if (asJson) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      console.log(`GET /api/runs   ${runs.requestsPerSec} req/s, p50 ${runs.p50} ms, p99 ${runs.p99} ms (non-2xx ${runs.non2xx}, errors ${runs.errors})`);
      console.log(`GET /api/logs   ${logs.requestsPerSec} req/s, p50 ${logs.p50} ms, p99 ${logs.p99} ms (non-2xx ${logs.non2xx}, errors ${logs.errors})`);
      console.log(`Arrow equity curve, 1,000,000 points: first byte ${arrow.ttfbMs} ms, whole ${arrow.totalMs} ms, ${(arrow.bytes / 1e6).toFixed(1)} MB`);
    }
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
