import type { z } from 'zod';
import type { Role } from './auth/tokens.ts';

/** What the OpenAPI document says about one route; the schemas are the ones that validate it. */
export interface RouteDoc {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path, e.g. `/api/runs/{id}`. */
  readonly path: string;
  readonly summary: string;
  /** Role needed; null for public routes. */
  readonly role: Role | null;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Content type of the body when it is not JSON (uploads). */
  readonly bodyTypes?: readonly string[];
  /** Success status and description. */
  readonly status?: number;
  readonly response?: string;
  /** Also answers with an Arrow IPC stream. */
  readonly arrow?: boolean;
  /** Answers with server-sent events. */
  readonly sse?: boolean;
}
