import { z } from 'zod';

/** A fraction limit that may be left unset (null = the rule is not configured). */
const fraction = (max: number) => z.number().finite().gt(0).max(max).nullable().default(null);

/**
 * Risk limits of a run, the single source of truth for `--risk key=value` and run configs.
 * A null limit means the rule is not configured: it is left out of the verdict list. The always-on
 * rules (tradingHalted, symbolInUniverse, shortingAllowed, cashSufficiency, shortMargin) always judge.
 */
export const RiskLimitsSchema = z
  .object({
    /** Largest |position value| in one symbol after the order, as a fraction of equity (0.25 = 25 %). Default: none. */
    maxPositionWeight: fraction(100),
    /** Largest sum of |position values| after the order, as a fraction of equity (1 = fully invested, 2 = 2× gross). Default: none. */
    maxGrossExposure: fraction(100),
    /** Largest notional of one order, dollars (quantity × reference price). Default: none. */
    maxOrderNotional: z.number().finite().positive().nullable().default(null),
    /** Whether orders may open or increase a short position. Default: true. */
    allowShort: z.boolean().default(true),
    /** Margin on shorts: equity after the order must be ≥ this fraction × total short notional. Default: 0.5 (Reg T 150 %). */
    shortMarginRate: z.number().finite().min(0).max(10).default(0.5),
    /** Halt new risk once equity is this fraction below the high-water mark (0.2 = 20 % drawdown). Default: none. */
    maxDrawdown: fraction(1),
    /** Halt new risk once equity is this fraction below the day's starting equity. Default: none. */
    dailyLossLimit: fraction(1),
    /** Smallest mean daily volume, shares, over the last `averageVolumeWindow` bars, to open or add to a position. Default: none. */
    minAverageDailyVolume: z.number().finite().nonnegative().nullable().default(null),
    /** Bars in the trailing window of the mean daily volume. Default: 20. */
    averageVolumeWindow: z.number().int().positive().max(10_000).default(20),
    /** Largest order quantity as a fraction of the decision bar's volume (0.01 = 1 %). Default: none. */
    maxParticipation: fraction(1),
    /** Kill switch: reject every order, exits included. Default: false. */
    tradingHalted: z.boolean().default(false),
  })
  .strict();

/** Parsed risk limits, defaults filled in. */
export type RiskLimits = z.infer<typeof RiskLimitsSchema>;
/** Risk limits as written in a config (every field optional). */
export type RiskLimitsInput = z.input<typeof RiskLimitsSchema>;

/** The limits when nothing is configured. */
export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze(RiskLimitsSchema.parse({}));

/** Every valid limit name, in schema order. */
export const RISK_LIMIT_KEYS = Object.keys(RiskLimitsSchema.shape) as (keyof RiskLimits)[];

const BOOLEAN_KEYS: ReadonlySet<string> = new Set(['allowShort', 'tradingHalted']);

/**
 * Parses CLI `--risk key=value` pairs into limits: numbers as JavaScript writes them (`0.25`, `1e6`),
 * booleans as `true`/`false`, and `none` to leave a nullable limit unset.
 * Throws an Error naming the offending key (and listing the valid ones for an unknown key).
 */
export function parseRiskLimits(record: Readonly<Record<string, string>>): RiskLimits {
  const raw: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(record)) {
    if (!(RISK_LIMIT_KEYS as string[]).includes(key)) {
      throw new Error(`unknown risk limit "${key}"; valid limits: ${RISK_LIMIT_KEYS.join(', ')}`);
    }
    raw[key] = coerce(key, text);
  }
  const parsed = RiskLimitsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(limits)'}: ${i.message} (got "${record[String(i.path[0])]}")`);
    throw new Error(`invalid risk limit ${issues.join('; ')}`);
  }
  return parsed.data;
}

function coerce(key: string, text: string): unknown {
  const s = text.trim();
  if (BOOLEAN_KEYS.has(key)) {
    if (s === 'true') return true;
    if (s === 'false') return false;
    throw new Error(`invalid risk limit ${key}: expected true or false, got "${text}"`);
  }
  if (s === 'none') return null;
  const n = s === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(n)) throw new Error(`invalid risk limit ${key}: expected a number or none, got "${text}"`);
  return n;
}
