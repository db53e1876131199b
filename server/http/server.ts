import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { notebookStore, type Store } from '../../data/index.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import { apiFileRoots, type FileRoot } from '../backtest/server-files.ts';
import { buildApp } from './app.ts';
import { SessionStore } from './auth/sessions.ts';
import { tokensFromEnv, type TokenSet } from './auth/tokens.ts';
import { BacktestQueue, type BacktestRunner } from './backtest-queue.ts';
import type { ApiDeps } from './context.ts';
import { jsonLogger, type Logger } from './logger.ts';
import { openSqlService, type SqlService } from './sql-service.ts';

/** Options of startServer; everything not given comes from the environment or a default. */
export interface ServerOptions {
  readonly store: Store;
  /** Port to listen on; 0 picks a free one (tests). Default 8080. */
  readonly port?: number;
  /** Address to bind; default 127.0.0.1. Anything but loopback needs tokens. */
  readonly host?: string;
  /** Environment to read TRADEBOOK_* settings from (default process.env). */
  readonly env?: Record<string, string | undefined>;
  readonly tokens?: TokenSet;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly runner?: BacktestRunner;
  /** The SQL sandbox; default: one opened on the store (and closed with the server). null: no SQL routes. */
  readonly sql?: SqlService | null;
  /** Folder of the built studio; default $TRADEBOOK_STUDIO_DIR or ./studio/dist when it has an index.html. null: do not serve it. */
  readonly studioDir?: string | null;
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly deps: ApiDeps;
  /** Stops accepting, cancels running backtests and waits for them, closes open connections. Does not close the store. */
  close(): Promise<void>;
}

/** Refused server settings (exit code 2 from the CLI). */
export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1)$/i;

function envNumber(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new ServerConfigError(`${name} must be a whole number ≥ ${min}, got "${text}"`);
  return n;
}

/** The settings read from the environment, checked: what `tradebook serve` verifies before it opens the store. */
export interface ServerSettings {
  readonly tokens: TokenSet;
  readonly corsOrigins: readonly string[];
  readonly rateLimitPerMinute: number;
  readonly backtestConcurrency: number;
  /** Folders whose files requests may name as strategy file params: the built-in prompts and $TRADEBOOK_API_FILES_DIR. */
  readonly fileRoots: readonly FileRoot[];
}

/** Reads and checks the server's settings; a ServerConfigError names the one at fault (never a token). */
export function serverSettings(o: { host?: string; env?: Record<string, string | undefined>; tokens?: TokenSet }): ServerSettings {
  const env = o.env ?? process.env;
  const host = o.host ?? '127.0.0.1';
  let tokens: TokenSet;
  try {
    tokens = o.tokens ?? tokensFromEnv(env);
  } catch (err) {
    throw new ServerConfigError((err as Error).message);
  }
  if (tokens.records.length === 0 && !LOOPBACK.test(host)) {
    throw new ServerConfigError(`refusing to bind ${host} without tokens: set TRADEBOOK_API_TOKENS="name:role:token,…" (or TRADEBOOK_API_TOKENS_FILE), or bind 127.0.0.1`);
  }
  const corsOrigins = (env.TRADEBOOK_CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const origin of corsOrigins) {
    if (origin === '*' || !/^https?:\/\/[^/\s]+$/.test(origin)) throw new ServerConfigError(`TRADEBOOK_CORS_ORIGINS: "${origin}" is not an origin like https://studio.example.com (no wildcards)`);
  }
  let fileRoots: readonly FileRoot[];
  try {
    fileRoots = apiFileRoots(env);
  } catch (err) {
    throw new ServerConfigError((err as Error).message);
  }
  return {
    tokens,
    corsOrigins,
    rateLimitPerMinute: envNumber(env, 'TRADEBOOK_RATE_LIMIT', 600, 0),
    backtestConcurrency: envNumber(env, 'TRADEBOOK_BACKTEST_CONCURRENCY', 2, 1),
    fileRoots,
  };
}

/** Builds the deps from options and environment, checking every setting before anything listens. */
export function serverDeps(o: ServerOptions): ApiDeps {
  const { tokens, corsOrigins, rateLimitPerMinute, backtestConcurrency, fileRoots } = serverSettings(o);
  const logger = o.logger ?? jsonLogger();
  const now = o.now ?? Date.now;
  // The built studio: TRADEBOOK_STUDIO_DIR, else ./studio/dist when it holds an index.html.
  const env = o.env ?? process.env;
  const defaultStudio = resolve(env.TRADEBOOK_STUDIO_DIR || 'studio/dist');
  const studioDir = o.studioDir === undefined ? (existsSync(resolve(defaultStudio, 'index.html')) ? defaultStudio : null) : o.studioDir;
  const backtests = new BacktestQueue({ store: o.store, runner: o.runner ?? runBacktest, concurrency: backtestConcurrency, now, logger });
  return {
    store: o.store,
    tokens,
    backtests,
    sessions: new SessionStore(now),
    logger,
    now,
    corsOrigins,
    rateLimitPerMinute,
    jsonBodyLimit: 1 << 20,
    uploadBodyLimit: 64 << 20,
    studioDir,
    sql: o.sql ?? null,
    notebooks: notebookStore(o.store, { clock: { now } }),
    fileRoots,
    startedAt: performance.now(),
  };
}

/** Starts listening; resolves once the port is bound. */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  serverSettings(o); // every setting checked before the sandbox locks the store's DuckDB configuration
  const ownSandbox = o.sql === undefined ? await openSqlService(o.store) : null;
  const deps = serverDeps({ ...o, sql: ownSandbox ?? o.sql });
  const host = o.host ?? '127.0.0.1';
  const app = buildApp(deps);
  const server = await new Promise<ServerType>((resolveListen, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port ?? 8080, hostname: host }, () => resolveListen(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  if (deps.tokens.records.length === 0) deps.logger.warn('no API tokens configured: listening on loopback only, every request is treated as the local admin', { url });
  deps.logger.info('listening', { url, tokens: deps.tokens.records.map((r) => `${r.name}:${r.role}`), studio: deps.studioDir, cors: deps.corsOrigins, apiFiles: deps.fileRoots.map((r) => r.path) });
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    deps,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((r) => server.close(() => r()));
        // Idle keep-alive connections would hold close() open; running requests finish (SSE streams end with their jobs).
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        await deps.backtests.close();
        // Event streams end with their jobs; their connections are idle now.
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        const forced = setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 5_000);
        await stopped;
        clearTimeout(forced);
        await ownSandbox?.close();
      })()),
  };
}
