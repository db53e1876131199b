import { z } from 'zod';

// Strategy params arrive as raw `key=value` text from the CLI or API; these builders turn one
// text value into a typed value with zod, and carry a human phrase of what is expected so a bad
// value is reported as "expected <phrase>".

const INTEGER = /^\s*[+-]?\d+\s*$/;
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** An integer param in [min, max], `fallback` when absent. */
export function intParam(fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return z
    .string({ error: expected })
    .refine((s) => INTEGER.test(s) && Number(s) >= min && Number(s) <= max, { error: expected })
    .transform(Number)
    .default(fallback);
}

/** A decimal param in [min, max] (or (min, max] when `exclusiveMin`), `fallback` when absent. */
export function numberParam(fallback: number, min: number, max: number, exclusiveMin = false) {
  const expected = `a number ${exclusiveMin ? '>' : '>='} ${min} and <= ${max}`;
  const ok = (x: number) => Number.isFinite(x) && (exclusiveMin ? x > min : x >= min) && x <= max;
  return z
    .string({ error: expected })
    .refine((s) => DECIMAL.test(s) && ok(Number(s)), { error: expected })
    .transform(Number)
    .default(fallback);
}

/** `true` or `false`, `fallback` when absent. */
export function boolParam(fallback: boolean) {
  const expected = 'true or false';
  return z
    .string({ error: expected })
    .refine((s) => s.trim() === 'true' || s.trim() === 'false', { error: expected })
    .transform((s) => s.trim() === 'true')
    .default(fallback);
}

/** A required, non-empty text param. */
export function textParam(expected: string) {
  return z.string({ error: expected }).refine((s) => s.trim() !== '', { error: expected }).transform((s) => s.trim());
}

/** A strategy param refused: `param` names it (the first unknown one), so a caller can point at the field. */
export class ParamError extends Error {
  override name = 'ParamError';
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

/**
 * Parses raw params with `schema` (an object of the builders above, optionally refined across
 * fields with an issue path naming the param). Throws a ParamError naming the strategy, the param,
 * its value and what is expected; unknown params are errors too.
 */
export function parseParams<T extends z.ZodObject>(strategy: string, schema: T, raw: Readonly<Record<string, string>>): z.output<T> {
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => `"${k}"`).join(', ');
    throw new ParamError(`${strategy}: unknown param ${names}; known params: ${known.join(', ') || '(none)'}`, unknown[0]);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue.path[0] ?? '');
  const value = Object.hasOwn(raw, key) ? raw[key] : undefined;
  if (value === undefined) throw new ParamError(`${strategy}: param ${key} is required: expected ${issue.message}`, key);
  throw new ParamError(`${strategy}: param ${key}=${JSON.stringify(value)} is invalid: expected ${issue.message}`, key);
}

/**
 * The params in one spelling, as the strategy reads them: each value as parsed and printed back (`05` is `5`,
 * ` true` is `true`), and every default written out, so `fast=5` and `fast=5 slow=30` are one run (the run id covers
 * the params). A file param given no value stays absent: its default may be a path that differs between machines.
 */
export function canonicalParams(strategy: string, schema: z.ZodObject, raw: Readonly<Record<string, string>>, fileParams: readonly string[] = []): Record<string, string> {
  const parsed = parseParams(strategy, schema, raw) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of Object.keys(schema.shape).sort()) {
    const value = parsed[key];
    if (value === undefined || (fileParams.includes(key) && !Object.hasOwn(raw, key))) continue;
    out[key] = String(value);
  }
  return out;
}
