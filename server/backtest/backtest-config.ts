import { z } from 'zod';
import { DAY_MS, parseTimestamp, RealDateText, RiskLimitsSchema, TIMEFRAMES } from '../../engine/index.ts';

/** `YYYY-MM-DD` or a UTC instant `YYYY-MM-DDTHH:MM[:SS[.fff]]Z`. */
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/;

/** A date or UTC instant that exists: the shape by the regex, the calendar by the shared RealDateText (2020-02-31 is refused). */
const dateText = z.string().regex(DATE_TEXT, 'expected YYYY-MM-DD or an ISO-8601 UTC instant').pipe(RealDateText);

/** A finite number from 0 to `max` (written `maxText` in the message), so a typo such as 1e30 is refused at the edge, not deep in a run. */
function upTo(max: number, maxText = String(max)) {
  return z.number().finite().nonnegative({ error: 'must not be negative' }).max(max, { error: `must be at most ${maxText}` });
}

/** The seed range: a 31-bit unsigned integer, as every seeded generator in the engine takes it. */
const SEED_MAX = 2 ** 31 - 1;
const seedMessage = `must be a whole number from 0 to ${SEED_MAX}`;

/**
 * A backtest, as the CLI builds it from flags and the API takes it as JSON. Every convention the
 * result depends on is a field here, so a stored config reproduces its run.
 */
export const BacktestConfigSchema = z
  .object({
    // Upper-cased as `data import --symbol` stores them and the CLI's --symbols reads them: spy is SPY everywhere.
    symbols: z.array(z.string().trim().toUpperCase().regex(/^[A-Z0-9.\-]{1,16}$/, 'symbols are 1-16 of A-Z 0-9 . - (any case)')).min(1).max(5000),
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
    cash: z.number().finite().positive({ error: 'must be more than 0' }).max(1e12, { error: 'must be at most 1e12' }).default(100_000),
    /** Market orders fill at the next bar's open (default) or at the decision bar's close. */
    fill: z.enum(['next-open', 'close']).default('next-open'),
    commission: z
      .object({
        /** Percent of notional per fill (0.1 = 0.1 %), 0-100. */
        pct: upTo(100, '100 (percent of notional)').default(0),
        /** Dollars per share, 0-1000. */
        perShare: upTo(1000, '1000 (dollars per share)').default(0),
        /** Minimum per order for the per-share commission, dollars, 0-1e6. */
        min: upTo(1e6, '1e6 (dollars per order)').default(0),
        /** Fixed dollars per order, 0-1e6. */
        fixed: upTo(1e6, '1e6 (dollars per order)').default(0),
      })
      .strict()
      .default({ pct: 0, perShare: 0, min: 0, fixed: 0 }),
    /** Slippage against the trader on every fill, basis points, 0-10000. */
    slippageBps: upTo(10_000, '10000 (basis points, 100 %)').default(0),
    /** Largest share of a bar's volume one order may take, percent (above 0, at most 100); null = no cap. */
    maxVolumePct: z.number().finite().gt(0, { error: 'must be more than 0 (percent of a bar’s volume)' }).max(100, { error: 'must be at most 100 (percent of a bar’s volume)' }).nullable().default(null),
    /** A quantity order that cannot be afforded is cut to what cash allows instead of rejected. */
    clipToCash: z.boolean().default(false),
    closeAtEnd: z.boolean().default(false),
    fractional: z.boolean().default(false),
    risk: RiskLimitsSchema.default(RiskLimitsSchema.parse({})),
    /** Annual risk-free rate for Sharpe and Sortino (0.02 = 2 %). */
    // At -1 or below the per-bar rate (1 + r)^(1/n) - 1 is -1 or undefined, and Sharpe turns to nonsense (2,345 on a losing run).
    riskFreeRate: z.number().finite().gt(-1, { error: 'must be more than -1 (-100 %)' }).max(1, { error: 'must be at most 1 (100 %)' }).default(0),
    /** Seed for any randomness, a whole number from 0 to 2^31 - 1. */
    // One check, so a value that is wrong several ways (1e20: too big and not a safe integer) is one issue.
    seed: z.number({ error: seedMessage }).refine((n) => Number.isInteger(n) && n >= 0 && n <= SEED_MAX, { error: seedMessage }).default(0),
    /** Free labels for finding runs later. */
    tags: z.array(z.string().min(1).max(64)).max(32).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    // A bare `to` date includes its whole day, so from 2021-01-04T15:00Z to 2021-01-04 is a valid range.
    if (c.from === null || c.to === null) return;
    const to = instantOf(c.to) + (c.to.length === 10 ? DAY_MS - 1 : 0);
    if (instantOf(c.from) > to) ctx.addIssue({ code: 'custom', path: ['from'], message: `${c.from} is after the end date ${c.to}` });
  });

/** Epoch ms of a date text, NaN (which compares false) when it is not one: the field's own check reports that. */
function instantOf(text: string): number {
  try {
    return parseTimestamp(text);
  } catch {
    return Number.NaN;
  }
}

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
