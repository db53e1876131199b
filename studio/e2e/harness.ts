// The e2e harness: a fresh database from ../shared/data (the demo's import and runs, plus one synthetic
// 1,000,000-point run for the render benchmark, journalled like a run so `journal verify` finds it consistent),
// the real `tradebook serve` on an ephemeral port with an operator token, and Debian's Chromium via playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openStore } from '../../data/index.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Id of the synthetic big run. */
export const BIG_RUN_ID = 'bt-e2e-million-points';
export const BIG_POINTS = 1_000_000;

export interface Harness {
  /** The server's origin (changes on restart). */
  url: string;
  readonly token: string;
  readonly browser: Browser;
  readonly page: Page;
  readonly dbPath: string;
  /** Stops the server, runs `sql` on the database file directly (a tamperer's edit), and serves it again. */
  restartAfter(sql: string): Promise<void>;
  stop(): Promise<void>;
}

function tradebook(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/tradebook.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`tradebook ${args.join(' ')} failed (${r.status}): ${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** A deterministic random walk of `n` minute points: equity in dollars. */
function bigEquity(n: number): { ts: Float64Array; equity: Float64Array } {
  const ts = new Float64Array(n);
  const equity = new Float64Array(n);
  let s = 12345;
  // mulberry32: a small seeded generator with 32-bit integer arithmetic.
  const random = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let e = 100_000;
  const t0 = Date.UTC(2015, 0, 2, 14, 30);
  for (let i = 0; i < n; i++) {
    e *= 1 + (random() - 0.4999) * 0.002;
    ts[i] = t0 + i * 60_000;
    equity[i] = Math.round(e * 100) / 100;
  }
  return { ts, equity };
}

/**
 * Adds the synthetic 1M-point run through the store (the server is not running yet), journalled as a run is: a
 * run.start with its config, a run.end with its metrics (what `journal verify` holds the stored row to), then the
 * row. The entries say who made them (actor e2e-harness, not the engine) and that the curve is a seeded walk.
 */
export async function addBigRun(dbPath: string): Promise<void> {
  const store = await openStore(dbPath);
  try {
    const { ts, equity } = bigEquity(BIG_POINTS);
    let peak = 100_000;
    let maxDrawdown = 0;
    for (const e of equity) {
      peak = Math.max(peak, e);
      maxDrawdown = Math.min(maxDrawdown, e / peak - 1);
    }
    const metrics = { finalEquity: equity[BIG_POINTS - 1], totalReturn: equity[BIG_POINTS - 1] / 100_000 - 1, cagr: null, volatility: null, sharpe: null, sortino: null, maxDrawdown, maxDrawdownDays: 0, calmar: null, exposure: null, trades: 0, winRate: null, profitFactor: null, fees: 0, benchmarkReturn: 0 };
    const note = 'e2e render benchmark: a seeded random walk, not a backtest';
    const warnings = ['synthetic run for the studio render benchmark'];
    const config = { strategy: 'synthetic', symbols: ['SPY'], timeframe: '1Min', note, generator: { kind: 'mulberry32 random walk', seed: 12345, points: BIG_POINTS, cash: 100_000 } };
    const journal = store.journal();
    const entry = { runId: BIG_RUN_ID, actor: 'e2e-harness', symbol: null, orderId: null } as const;
    journal.append({ ...entry, kind: 'run.start', ts: null, data: { config } });
    journal.append({ ...entry, kind: 'run.end', ts: ts[BIG_POINTS - 1], data: { status: 'completed', slices: BIG_POINTS, bars: 0, finalEquity: metrics.finalEquity, cash: metrics.finalEquity, metrics, warnings } });
    await journal.flush();
    await store.saveRun({
      runId: BIG_RUN_ID,
      createdAt: Date.UTC(2026, 0, 1),
      status: 'completed',
      strategy: 'synthetic',
      symbols: ['SPY'],
      timeframe: '1Min',
      fromTs: ts[0],
      toTs: ts[BIG_POINTS - 1],
      config,
      metrics,
      result: { runId: BIG_RUN_ID, status: 'completed', config: {}, metrics, counts: {}, trades: [], fills: [], openPositions: [], rejections: [], warnings },
      equity: { ts, equity, length: BIG_POINTS },
    });
  } finally {
    await store.close();
  }
}

async function startServe(dbPath: string, token: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/tradebook.mjs'), 'serve', '--port', '0', '--db', dbPath], {
    cwd: ROOT,
    env: { ...process.env, TRADEBOOK_API_TOKENS: `e2e:operator:${token}`, TRADEBOOK_RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start in 60 s:\n${log}`)), 60_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      const m = /tradebook API on (http:\/\/[^\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.on('exit', (code) => fail(new Error(`the server exited (${code}):\n${log}`)));
  });
  return { url, child };
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(ROOT, 'studio/dist/index.html'))) throw new Error('studio/dist is missing: run `npm run build:studio` first (npm run test:e2e does)');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'tradebook-e2e-'));
  const dbPath = join(dir, 'e2e.duckdb');
  tradebook(['demo', '--db', dbPath, '--quiet']);
  await addBigRun(dbPath);
  const token = randomBytes(24).toString('hex');
  let { url, child } = await startServe(dbPath, token);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  const stopServer = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  const harness: Harness = {
    url,
    token,
    browser,
    page,
    dbPath,
    async restartAfter(sql: string) {
      await stopServer();
      const instance = await DuckDBInstance.create(dbPath);
      const conn = await instance.connect();
      try {
        await conn.run(sql);
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
      ({ url, child } = await startServe(dbPath, token));
      harness.url = url;
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A screenshot of the 1280×800 viewport (what the user sees) under test-output/screenshots. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
