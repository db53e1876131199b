import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ImportError, StoreError } from '../../data/index.ts';
import { ConfigError } from '../backtest/backtest-config.ts';

/** The fixed set of API error codes; each has one HTTP status. */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_config: 400,
  import_refused: 400,
  sql_refused: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ApiErrorCode = keyof typeof ERROR_STATUS;

/** One bad input field: its dotted path (e.g. `commission.pct`, `query.limit`) and what is wrong. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** The one error class of the HTTP layer: a code, a message safe to show, and optional details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: { issues?: readonly Issue[]; [key: string]: unknown } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

/** Maps what lower layers throw onto API errors; anything unknown is an internal error (its message is not shown). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ConfigError) return new ApiError('invalid_config', err.message, { issues: err.issues });
  if (err instanceof ImportError) return new ApiError('import_refused', err.message, { file: err.file, line: err.line, reason: err.reason });
  if (err instanceof StoreError) {
    if (err.code === 'not_found') return new ApiError('not_found', err.message);
    if (err.code === 'invalid') return new ApiError('invalid_request', err.message);
    if (err.code === 'conflict') return new ApiError('conflict', err.message);
  }
  return new ApiError('internal', 'internal error (see the server log for this request id)', {}, { cause: err });
}

/** The JSON error response: `{error: {code, message, ...details, requestId}}`. */
export function errorResponse(c: Context, err: ApiError): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  if (err.code === 'rate_limited' && typeof err.details.retryAfter === 'number') c.header('retry-after', String(err.details.retryAfter));
  // The rest of a refused body is never read: tell the client not to reuse the connection.
  if (err.code === 'payload_too_large') c.header('connection', 'close');
  const { retryAfter: _omit, ...details } = err.details;
  return c.json({ error: { code: err.code, message: err.message, ...details, requestId } }, err.status);
}
