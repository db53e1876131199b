// Reads a number straight from a slice of the file text, without cutting a substring per field.
// Plain decimals of up to 15 significant digits are read as integer / 10^k, which IEEE division
// rounds exactly like Number() would; anything else takes the slow, strict path.

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const STRICT_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^([+-]?)(nan|inf|infinity)$/i;

/**
 * The number written in `text[start, end)` (surrounding spaces allowed), or NaN when the slice is
 * not a decimal number. `NaN`, `inf` and `Infinity` literals read as NaN / ±Infinity: tell a NaN
 * literal from garbage with {@link isNanLiteral}.
 */
export function readDecimal(text: string, start: number, end: number): number {
  let a = start;
  let b = end;
  while (a < b && text.charCodeAt(a) === 32) a++;
  while (b > a && text.charCodeAt(b - 1) === 32) b--;
  let i = a;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45) {
    negative = true;
    i++;
  } else if (first === 43) i++;
  let mantissa = 0;
  let significant = 0;
  let decimals = 0;
  let digits = 0;
  let dot = false;
  for (; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (dot) decimals++;
      if (mantissa !== 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        significant++;
      }
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (i !== b || digits === 0 || significant > 15 || decimals > 22) return readSlow(text.slice(a, b));
  const value = mantissa / POW10[decimals];
  return negative ? -value : value;
}

/** True when `text[start, end)` is a NaN literal (`NaN`, `nan`, optionally signed): a value, not a typo. */
export function isNanLiteral(text: string, start: number, end: number): boolean {
  const m = NON_FINITE.exec(text.slice(start, end).trim());
  return m !== null && m[2].toLowerCase() === 'nan';
}

function readSlow(token: string): number {
  if (STRICT_NUMBER.test(token)) return Number(token);
  const m = NON_FINITE.exec(token);
  if (m === null || m[2].toLowerCase() === 'nan') return Number.NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}
