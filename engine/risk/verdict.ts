// Shared by the rule files: verdict builders, the risk-reducing test and number formatting for reasons.
import type { Proposal, RuleVerdict } from './risk-rule.ts';

/** Values a verdict may compare. */
export type Compared = Record<string, number | string | boolean | null>;

/** A passing verdict. Non-finite numbers in `compared` become null so the journal stays valid JSON. */
export function pass(rule: string, compared: Compared): RuleVerdict {
  return { rule, passed: true, compared: cleanCompared(compared), reason: null };
}

/** A failing verdict with the reason text. */
export function fail(rule: string, compared: Compared, reason: string): RuleVerdict {
  return { rule, passed: false, compared: cleanCompared(compared), reason };
}

/** pass when `ok`, else fail with `reason()`. */
export function judge(rule: string, ok: boolean, compared: Compared, reason: () => string): RuleVerdict {
  return ok ? pass(rule, compared) : fail(rule, compared, reason());
}

/** `compared` with non-finite numbers replaced by null (a copy only when something needs replacing). */
export function cleanCompared(compared: Compared): Compared {
  let clean = true;
  for (const k in compared) {
    const v = compared[k];
    if (typeof v === 'number' && !Number.isFinite(v)) clean = false;
  }
  if (clean) return compared;
  const out: Compared = {};
  for (const [k, v] of Object.entries(compared)) out[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
  return out;
}

/**
 * True when the order moves the position toward zero without crossing it (a partial or full exit).
 * NaN positions are not risk-reducing, so a broken proposal gets every check.
 */
export function isRiskReducing(p: Proposal): boolean {
  const cur = p.currentPosition;
  const next = p.resultingPosition;
  return cur !== 0 && Math.abs(next) < Math.abs(cur) && (next === 0 || Math.sign(next) === Math.sign(cur));
}

/**
 * Tolerance for ratio limits (weights, exposure, participation): a target weight of exactly the
 * limit, sized in floating point, can land at limit + 1e-16 and must not be rejected for it.
 */
const RATIO_EPSILON = 1e-9;

/** a ≤ limit, allowing floating-point noise; false when either is NaN (fail closed). */
export function withinRatio(a: number, limit: number): boolean {
  return a <= limit + RATIO_EPSILON;
}

/** a < limit by more than floating-point noise (a loss of exactly the limit halts); false when either is NaN. */
export function belowRatio(a: number, limit: number): boolean {
  return a < limit - RATIO_EPSILON;
}

/** Dollars as en-US with grouping and 2 decimals: 10004.3688 → "10,004.37"; non-finite → "unknown". */
export function money(x: number): string {
  return grouped(x, 2);
}

/** Shares with grouping, up to 4 decimals for fractional quantities: 1234.5 → "1,234.5". */
export function shares(x: number): string {
  if (!Number.isFinite(x)) return 'unknown';
  return grouped(x, Number.isInteger(x) ? 0 : 4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** A fraction as a percentage with 2 decimals: 0.52 → "52.00%". */
export function percent(x: number): string {
  return Number.isFinite(x) ? `${grouped(x * 100, 2)}%` : 'unknown';
}

// toFixed rather than Intl so the text never depends on the ICU build or the host locale.
function grouped(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return 'unknown';
  if (Math.abs(x) >= 1e21) return x.toExponential(3);
  const fixed = Math.abs(x).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const withCommas = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = x < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + withCommas + (frac === undefined ? '' : `.${frac}`);
}
