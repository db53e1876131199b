import type { Context } from 'hono';
import type { NotebookStore, Store } from '../../data/index.ts';
import type { FileRoot } from '../backtest/server-files.ts';
import type { SessionStore } from './auth/sessions.ts';
import type { Role, TokenSet } from './auth/tokens.ts';
import type { BacktestQueue } from './backtest-queue.ts';
import { ApiError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { SqlService } from './sql-service.ts';

/** Who is calling: a token's name and role, how it was presented, and for a browser session its cookie. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
  readonly via: 'bearer' | 'session' | 'local';
  readonly sessionId?: string;
  readonly csrfToken?: string;
  readonly expiresAt?: number;
}

/** Everything the app is built from; nothing global. */
export interface ApiDeps {
  readonly store: Store;
  /** Accepted tokens; none configured means local mode (loopback only, every caller a local admin). */
  readonly tokens: TokenSet;
  readonly backtests: BacktestQueue;
  readonly sessions: SessionStore;
  readonly logger: Logger;
  /** Wall clock, epoch ms. */
  readonly now: () => number;
  /** Origins allowed cross-origin (CORS); empty: none. */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per caller; 0 disables the limit. */
  readonly rateLimitPerMinute: number;
  /** Largest JSON body and largest upload, bytes. */
  readonly jsonBodyLimit: number;
  readonly uploadBodyLimit: number;
  /** Folder of the built studio to serve at /, or null. */
  readonly studioDir: string | null;
  /** The SQL sandbox, or null on a server without one (SQL routes answer 503). */
  readonly sql: SqlService | null;
  readonly notebooks: NotebookStore;
  /** Folders whose files a request may name as a strategy file param (a prompt template, a signals CSV); see server-files.ts. */
  readonly fileRoots: readonly FileRoot[];
  /** Milliseconds since the process started (for /health). */
  readonly startedAt: number;
}

/** What an audit entry of this request adds: the run it concerns and a few facts (never secrets). */
export interface AuditNote {
  runId?: string | null;
  detail?: Record<string, unknown>;
  actor?: string;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    principal: Principal | undefined;
    audit: AuditNote;
    deps: ApiDeps;
  };
};

/** The caller, who must be signed in with at least `role` (401 when anonymous, 403 when the role is too low). */
export function requirePrincipal(c: Context<AppEnv>, role: Role): Principal {
  const p = c.get('principal');
  if (p === undefined) throw new ApiError('unauthorized', 'sign in: send Authorization: Bearer <token>, or POST /api/session first');
  const ranks: Role[] = ['viewer', 'operator', 'admin'];
  if (ranks.indexOf(p.role) < ranks.indexOf(role)) throw new ApiError('forbidden', `this needs the ${role} role; ${p.name} is ${p.role}`);
  return p;
}

/** Adds facts to this request's audit entry. */
export function noteAudit(c: Context<AppEnv>, note: AuditNote): void {
  const a = c.get('audit');
  if (note.runId !== undefined) a.runId = note.runId;
  if (note.actor !== undefined) a.actor = note.actor;
  if (note.detail !== undefined) a.detail = { ...(a.detail ?? {}), ...note.detail };
}
