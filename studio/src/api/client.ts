import { ARROW_STREAM, decodeArrow, type ResultTable } from './arrow.ts';
import type { ApiErrorBody } from './types.ts';

/** An API call that failed: the server's code and message (or a network failure), and any field issues. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
  }

  /** The message with every field issue, for display. */
  describe(): string {
    const issues = this.issues.map((i) => `${i.path || '(body)'}: ${i.message}`);
    return issues.length === 0 || this.message.includes(issues[0]) ? this.message : `${this.message} — ${issues.join('; ')}`;
  }
}

/** The CSRF token of this tab's session. In memory only: a reload asks GET /api/session again. */
let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request answers 401 (the session expired or the server restarted). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

/** One request with the session cookie; mutations carry the CSRF header. Throws ApiError on any failure. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', `cannot reach the server: ${(err as Error).message}`);
  }
  if (res.ok) return res;
  const error = await errorOf(res);
  if (res.status === 401 && path !== '/api/session') onUnauthorized?.();
  throw error;
}

async function errorOf(res: Response): Promise<ApiError> {
  const requestId = res.headers.get('x-request-id');
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as ApiErrorBody;
    if (body?.error?.message) return new ApiError(res.status, body.error.code, body.error.message, body.error.issues ?? [], body.error.requestId ?? requestId);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(res.status, `http_${res.status}`, `${res.status} ${res.statusText || 'error'}${text ? `: ${text.slice(0, 200)}` : ''}`, [], requestId);
}

/** A JSON call. 204 answers undefined. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await request(path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A call answered as an Arrow IPC stream, decoded to columns; `timing` gets the download time. */
export async function apiArrow(path: string, options: RequestOptions = {}, timing?: ArrowTiming): Promise<ResultTable> {
  const t0 = performance.now();
  const res = await request(path, { ...options, accept: ARROW_STREAM });
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('arrow')) throw new ApiError(res.status, 'not_arrow', `expected an Arrow stream from ${path}, got ${type || 'no content type'}`);
  const bytes = await res.arrayBuffer();
  if (timing) {
    timing.downloadedAt = performance.now();
    timing.downloadMs = timing.downloadedAt - t0;
    timing.bytes = bytes.byteLength;
  }
  const table = decodeArrow(bytes);
  if (timing) timing.decodeMs = performance.now() - timing.downloadedAt!;
  return table;
}

/** Filled in by apiArrow: when the bytes had arrived (performance.now()), how long that took, size and decode time. */
export interface ArrowTiming {
  downloadedAt?: number;
  downloadMs?: number;
  bytes?: number;
  decodeMs?: number;
}

/** Query string from defined, non-empty values. */
export function query(params: Record<string, string | number | null | undefined | readonly string[]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, x);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** A message for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.describe();
  if (err instanceof Error) return err.message;
  return String(err);
}
