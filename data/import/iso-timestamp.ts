// Reads `YYYY-MM-DD` and ISO-8601 instants straight from the file text. Date.parse is lenient
// (it accepts "2011-02-30" and zone-less local times) and slow per row; this is strict and fast.

/** Length of a date-only token `YYYY-MM-DD`: how a daily timestamp is told from an intraday one. */
export const DATE_ONLY_LENGTH = 10;

const DAY_MS = 86_400_000;

/**
 * UTC epoch ms of `text[start, end)`, or NaN when it is not a valid timestamp. Accepted:
 * `YYYY-MM-DD` (00:00Z of that date) and `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` followed by `Z`,
 * `±HH:MM` or `±HHMM`. A time without a zone is refused: it would silently depend on the reader.
 */
export function readIsoTimestamp(text: string, start: number, end: number): number {
  const n = end - start;
  if (n < DATE_ONLY_LENGTH || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return Number.NaN;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  const date = daysFromCivil(year, month, day) * DAY_MS;
  if (n === DATE_ONLY_LENGTH) return date;

  const sep = text.charCodeAt(start + 10);
  if ((sep !== 84 && sep !== 32) || n < 17 || text.charCodeAt(start + 13) !== 58) return Number.NaN;
  const hour = digits(text, start + 11, 2);
  const minute = digits(text, start + 14, 2);
  let i = start + 16;
  let second = 0;
  let fraction = 0;
  if (text.charCodeAt(i) === 58) {
    if (i + 3 > end) return Number.NaN;
    second = digits(text, i + 1, 2);
    i += 3;
    if (i < end && text.charCodeAt(i) === 46) {
      const from = ++i;
      let scale = 100;
      for (; i < end && isDigit(text.charCodeAt(i)); i++) {
        fraction += (text.charCodeAt(i) - 48) * scale;
        scale /= 10;
      }
      if (i === from) return Number.NaN;
      fraction = Math.floor(fraction);
    }
  }
  if (i >= end) return Number.NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  const offset = zoneOffsetMinutes(text, i, end);
  if (Number.isNaN(offset)) return Number.NaN;
  return date + ((hour * 60 + minute - offset) * 60 + second) * 1000 + fraction;
}

/** Minutes east of UTC written at text[i, end): `Z`, `±HH:MM` or `±HHMM`; NaN otherwise. */
function zoneOffsetMinutes(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c === 90 && i + 1 === end) return 0;
  if (c !== 43 && c !== 45) return Number.NaN;
  const colon = end - i === 6 && text.charCodeAt(i + 3) === 58;
  if (!colon && end - i !== 5) return Number.NaN;
  const h = digits(text, i + 1, 2);
  const m = digits(text, i + (colon ? 4 : 3), 2);
  if (h < 0 || h > 23 || m < 0 || m > 59) return Number.NaN;
  return (c === 45 ? -1 : 1) * (h * 60 + m);
}

/** The unsigned integer in `count` digits at `at`, or -1 when a character is not a digit. */
function digits(text: string, at: number, count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const c = text.charCodeAt(at + k);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
