/** Structured logger: one JSON object per line. Secrets never reach it in clear (see redact). */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /authorization|cookie|token|secret|password|api[-_]?key|csrf/i;

/** A copy of `value` with every field whose name looks secret replaced by "[redacted]", at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/** A JSON-lines logger writing to `write` (default stderr), stamping each line with `now()`. */
export function jsonLogger(options: { write?: (line: string) => void; now?: () => number } = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? Date.now;
  const log = (level: string) => (msg: string, fields: Record<string, unknown> = {}) => {
    const errorFields = fields.err instanceof Error ? { err: { name: fields.err.name, message: fields.err.message, stack: fields.err.stack } } : {};
    write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, msg, ...(redact({ ...fields, ...errorFields }) as object) })}\n`);
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
