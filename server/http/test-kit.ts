// Helpers for the HTTP tests: a real server on an ephemeral loopback port over a real DuckDB file of real bars.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, parseBarsFile, type ParsedBars, type Store } from '../../data/index.ts';
import { tokenSet, sha256, type Role } from './auth/tokens.ts';
import type { BacktestRunner } from './backtest-queue.ts';
import { silentLogger, type Logger } from './logger.ts';
import { startServer, type RunningServer } from './server.ts';

/** The shared market data folder ($TRADEBOOK_DATA_DIR, else ../shared/data beside the project). */
export const DATA_DIR = process.env.TRADEBOOK_DATA_DIR || resolve(import.meta.dirname, '../../../shared/data');

/** One token per role (names are the roles). */
export const TOKENS: Record<Role, string> = {
  viewer: 'viewer-token-0123456789abcdef',
  operator: 'operator-token-0123456789abcdef',
  admin: 'admin-token-0123456789abcdef',
};

export interface TestServer {
  readonly url: string;
  readonly store: Store;
  readonly dbPath: string;
  readonly server: RunningServer;
  /** A request as `as` (a role's bearer token, or null for none). JSON bodies get their content type. */
  call(path: string, init?: CallInit): Promise<Response>;
  /** Stops the server (and, unless keepStore or the store was given, closes the store and removes the folder). */
  stop(options?: { keepStore?: boolean }): Promise<void>;
}

export interface CallInit {
  readonly as?: Role | null;
  readonly method?: string;
  readonly json?: unknown;
  readonly body?: BodyInit;
  readonly headers?: Record<string, string>;
}

/** Parsed daily bars of the shared data's symbols. */
export async function dailyBars(symbols: readonly string[]): Promise<ParsedBars[]> {
  return Promise.all(symbols.map((s) => parseBarsFile(join(DATA_DIR, 'daily', `${s}.csv`), { symbol: s, timeframe: '1Day' })));
}

/**
 * A fresh store with `symbols`' real daily bars (plus `extra` bars), or the given `store` / `dbPath` as it is, and
 * a server on 127.0.0.1:0. With `tokens` false the server runs in local mode.
 */
export async function startTestServer(o: { symbols?: readonly string[]; extra?: readonly ParsedBars[]; tokens?: boolean; env?: Record<string, string>; runner?: BacktestRunner; logger?: Logger; sandbox?: boolean; dbPath?: string; store?: Store; now?: () => number; studioDir?: string } = {}): Promise<TestServer> {
  const dir = o.dbPath === undefined && o.store === undefined ? mkdtempSync(join(tmpdir(), 'tradebook-http-')) : null;
  const dbPath = o.store?.path ?? o.dbPath ?? join(dir!, 'api.duckdb');
  const store = o.store ?? (await openStore(dbPath));
  if (dir !== null) {
    const files = [...(await dailyBars(o.symbols ?? ['SPY', 'QQQ'])), ...(o.extra ?? [])];
    await store.importBars(files);
  }
  const tokens = o.tokens === false ? tokenSet([]) : tokenSet((Object.keys(TOKENS) as Role[]).map((role) => ({ name: role, role, hash: sha256(TOKENS[role]) })));
  const server = await startServer({ store, port: 0, host: '127.0.0.1', env: { TRADEBOOK_RATE_LIMIT: '0', ...(o.env ?? {}) }, tokens, logger: o.logger ?? silentLogger, runner: o.runner, sql: o.sandbox ? undefined : null, studioDir: o.studioDir ?? null, now: o.now });
  return {
    url: server.url,
    store,
    dbPath,
    server,
    call(path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.as) headers.authorization = `Bearer ${TOKENS[init.as]}`;
      let body = init.body;
      if (init.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(init.json);
      }
      return fetch(`${server.url}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
    },
    async stop(options = {}) {
      await server.close();
      if (!options.keepStore && o.store === undefined) {
        await store.close();
        if (dir !== null) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Reads a server-sent event stream to its end: each event's name and parsed data. */
export async function readEvents(res: Response, onEvent?: (e: { event: string; data: any }) => void): Promise<{ event: string; data: any }[]> {
  const out: { event: string; data: any }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = /^data: ?(.*)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) {
        const e = { event, data: JSON.parse(data) };
        out.push(e);
        onEvent?.(e);
      }
    }
  }
  return out;
}
