/** Shapes the API answers with (server/http/API.md). Times are UTC epoch ms unless noted as text. */

export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: readonly { path: string; message: string }[]; readonly requestId?: string; readonly reason?: string };
}

export interface SessionInfo {
  readonly name: string;
  readonly role: 'viewer' | 'operator' | 'admin';
  readonly via?: 'bearer' | 'session' | 'local';
  readonly csrfToken: string | null;
  readonly expiresAt: number | null;
}

/** Metrics as the engine computes them; every number finite or null. */
export type Metrics = Record<string, number | null>;

export interface RunSummary {
  readonly runId: string;
  readonly createdAt: number;
  readonly status: 'completed' | 'cancelled' | 'failed';
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly fromTs: number;
  readonly toTs: number;
  readonly metrics: Metrics | null;
  readonly summary: unknown;
  readonly equityPoints: number;
  readonly tags?: readonly string[];
}

export interface Rejection {
  readonly ts: string;
  readonly symbol: string;
  readonly stage: string;
  readonly reason: string;
  readonly orderId: string | null;
}

export interface RunDetail extends RunSummary {
  readonly config: Record<string, unknown>;
  readonly counts: Record<string, number>;
  readonly warnings: readonly string[];
  readonly rejections: readonly Rejection[];
  readonly openPositions: readonly Record<string, unknown>[];
  readonly tradeCount: number;
  readonly fillCount: number;
}

/** An equity curve, columnar (decoded from Arrow). */
export interface EquityCurve {
  readonly ts: Float64Array;
  readonly equity: Float64Array;
  readonly drawdown: Float64Array;
  readonly length: number;
}

export interface Trade {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly qty: number;
  readonly entryTs: string;
  readonly entryPrice: number;
  readonly exitTs: string;
  readonly exitPrice: number;
  readonly pnl: number;
  readonly fees: number;
}

export interface Fill {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly ts: string;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
}

export interface JournalEntry {
  readonly seq: number;
  readonly recordedAt: number;
  readonly runId: string | null;
  readonly kind: string;
  readonly actor: string;
  readonly ts: number | null;
  readonly symbol: string | null;
  readonly orderId: string | null;
  readonly data: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

/** GET /api/logs/verify: the hash chain (firstBadSeq only when it is broken) and the runs table held to the journal. */
export interface ChainVerdict {
  readonly ok: boolean;
  readonly entries: number;
  readonly lastHash?: string;
  readonly firstBadSeq?: number;
  readonly reason?: string;
  readonly runs?: {
    readonly checked: number;
    readonly unchecked: readonly string[];
    readonly mismatches: readonly { readonly runId: string; readonly field: string; readonly stored: unknown; readonly journalled: unknown; readonly seq: number | null }[];
  };
}

export interface Page<K extends string, T> {
  readonly nextCursor: string | null;
  readonly items: readonly T[];
  readonly key: K;
}

export type JobState = 'queued' | 'running' | 'completed' | 'cancelled' | 'failed';

export interface Job {
  readonly jobId: string;
  readonly runId: string | null;
  readonly state: JobState;
  readonly progress: { readonly done: number; readonly total: number };
  readonly error: { readonly code: string; readonly message: string; readonly issues?: readonly { path: string; message: string }[] } | null;
  readonly metrics?: Metrics | null;
}

export interface CompareResult {
  readonly runs: readonly { runId: string; strategy: string; symbols: readonly string[]; timeframe: string; fromTs: number; toTs: number; status: string }[];
  readonly metrics: readonly { key: string; values: readonly (number | null)[]; diffs: readonly (number | null)[] }[];
  readonly configDiff: Record<string, readonly unknown[]>;
  readonly equity: { readonly ts: readonly number[]; readonly series: readonly { runId: string; equity: readonly (number | null)[] }[] };
}

export interface SeriesInfo {
  readonly symbol: string;
  readonly timeframe: string;
  readonly firstTs: number;
  readonly lastTs: number;
  readonly count: number;
}

export interface NotebookSummary {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly cellCount: number;
}

/** A stored cell (one shape per kind; see studio/src/notebook/notebook-state.ts Cell). */
export type NotebookCellBody = { readonly id: string; readonly kind: string } & Record<string, unknown>;

export interface NotebookBody {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly version: number;
  readonly cells: readonly NotebookCellBody[];
  readonly createdAt: number;
  readonly updatedAt: number;
}
