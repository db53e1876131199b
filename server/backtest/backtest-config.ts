import { z } from 'zod';
import { parseTimestamp, RiskLimitsSchema, TIMEFRAMES } from '../../engine/index.ts';

/** `YYYY-MM-DD` or a UTC instant `YYYY-MM-DDTHH:MM[:SS[.fff]]Z`. */
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/;

/** A date or UTC instant that exists: the shape by the regex, the calendar by parseTimestamp (2020-02-31 is refused). */
const dateText = z
  .string()
  .regex(DATE_TEXT, 'expected YYYY-MM-DD or an ISO-8601 UTC instant')
  .refine(isRealTimestamp, { error: (issue) => `not a real date: ${JSON.stringify(issue.input)} (no such day, month or time)` });

/** True unless a well-shaped text names no real date or time (a malformed one is reported by the regex alone). */
function isRealTimestamp(s: string): boolean {
  if (!DATE_TEXT.test(s)) return true;
  try {
    parseTimestamp(s);
    return true;
  } catch {
    return false;
  }
}

const nonNegative = z.number().finite().nonnegative();

/**
 * A backtest, as the CLI builds it from flags and the API takes it as JSON. Every convention the
 * result depends on is a field here, so a stored config reproduces its run.
 */
export const BacktestConfigSchema = z
  .object({
    symbols: z.array(z.string().regex(/^[A-Z0-9.\-]{1,16}$/, 'symbols are 1-16 of A-Z 0-9 . -')).min(1).max(5000),
    timeframe: z.enum(TIMEFRAMES as [string, ...string[]]).default('1Day'),
    /** First bar date included (inclusive); null = the first stored bar. */
    from: dateText.nullable().default(null),
    /** Last bar date included (inclusive, whole day for dates); null = the last stored bar. */
    to: dateText.nullable().default(null),
    /** Intraday bars: the regular New York session only, or every stored bar. */
    session: z.enum(['regular', 'all']).default('regular'),
    strategy: z.string().min(1),
    /** Strategy parameters as `key=value` strings; the strategy validates them. */
    params: z.record(z.string(), z.string()).default({}),
    /** Starting cash, dollars. */
    cash: z.number().finite().positive().default(100_000),
    /** Market orders fill at the next bar's open (default) or at the decision bar's close. */
    fill: z.enum(['next-open', 'close']).default('next-open'),
    commission: z
      .object({
        /** Percent of notional per fill (0.1 = 0.1 %). */
        pct: nonNegative.default(0),
        /** Dollars per share. */
        perShare: nonNegative.default(0),
        /** Minimum per order for the per-share commission, dollars. */
        min: nonNegative.default(0),
        /** Fixed dollars per order. */
        fixed: nonNegative.default(0),
      })
      .strict()
      .default({ pct: 0, perShare: 0, min: 0, fixed: 0 }),
    /** Slippage against the trader on every fill, basis points. */
    slippageBps: nonNegative.default(0),
    /** Largest share of a bar's volume one order may take, percent; null = no cap. */
    maxVolumePct: z.number().finite().gt(0).max(100).nullable().default(null),
    /** A quantity order that cannot be afforded is cut to what cash allows instead of rejected. */
    clipToCash: z.boolean().default(false),
    closeAtEnd: z.boolean().default(false),
    fractional: z.boolean().default(false),
    risk: RiskLimitsSchema.default(RiskLimitsSchema.parse({})),
    /** Annual risk-free rate for Sharpe and Sortino (0.02 = 2 %). */
    riskFreeRate: z.number().finite().min(-1).max(1).default(0),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    /** Free labels for finding runs later. */
    tags: z.array(z.string().min(1).max(64)).max(32).default([]),
  })
  .strict();

export type BacktestConfig = z.infer<typeof BacktestConfigSchema>;
export type BacktestConfigInput = z.input<typeof BacktestConfigSchema>;

/** One bad field of a config: its dotted path and what is wrong. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** A config that cannot run (bad field, unknown strategy, bad strategy param): the caller's mistake, not a failure. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`invalid backtest config: ${issues.map((i) => `${i.path || '(config)'}: ${i.message}`).join('; ')}`);
  }
}

/** Parses a config, throwing a ConfigError that lists every bad field by path. */
export function parseBacktestConfig(input: unknown): BacktestConfig {
  const r = BacktestConfigSchema.safeParse(input);
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}
