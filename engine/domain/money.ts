// Adjusted prices are defined in cents (backtrader rounds them to 2 decimals). A computed
// quotient that should sit exactly on a half cent often lands a few ulps below it in binary
// (1.005 is 1.00499999999999989...), so the half is nudged by far less than any real price
// difference before rounding: 1e-9 of a unit plus 1e-12 relative, which stays above the
// float error of large values too.

/** Half-away-from-zero rounding of `x` to a multiple of 1/`perUnit`, robust to binary float noise. */
function roundHalfAway(x: number, perUnit: number): number {
  if (!Number.isFinite(x)) return x;
  const units = Math.abs(x) * perUnit;
  const rounded = Math.floor(units + 0.5 + 1e-9 + units * 1e-12) / perUnit;
  return x < 0 ? -rounded : rounded;
}

/** `x` dollars rounded to whole cents, half a cent away from zero (26.605 → 26.61, -1.005 → -1.01). */
export function roundCents(x: number): number {
  return roundHalfAway(x, 100);
}

/** `x` rounded to a whole number, half away from zero (share volumes scaled by a price factor). */
export function roundWhole(x: number): number {
  return roundHalfAway(x, 1);
}
