import { z } from 'zod';

/** The leading `YYYY-MM-DD` of a date or an ISO-8601 instant. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?=$|[T ])/;

/**
 * Parses `YYYY-MM-DD` (00:00 UTC of that date) or an ISO-8601 instant to UTC epoch ms; throws naming
 * the input when it is not one. The date must exist: `2020-02-31` is refused, not rolled over to
 * March 2 as Date.parse does.
 */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  const m = ISO_DATE.exec(s);
  if (m === null) throw new Error(`not a date or ISO-8601 timestamp: "${text}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = Date.UTC(year, month - 1, day);
  // Date.UTC rolls an impossible day or month over (2020-02-31 → March 2); an existing date round-trips.
  // Years 0000-0099 do not (Date.UTC maps them to 1900-1999) and are refused with the rest.
  const d = new Date(date);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw new Error(`not a date or ISO-8601 timestamp: "${text}" (no such date)`);
  }
  const ms = s.length === m[0].length ? date : Date.parse(s);
  if (!Number.isFinite(ms)) throw new Error(`not a date or ISO-8601 timestamp: "${text}"`);
  // An instant must say its zone: without one Date.parse reads local time, and results would depend on the machine.
  if (s.length !== m[0].length && !/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) throw new Error(`timestamp "${text}" has no time zone: end it with Z or an offset like -05:00`);
  return ms;
}

/**
 * The one zod check of a date's calendar, shared by the backtest config (CLI --from/--to, API body) and the API's
 * time query parameters: a text that starts `YYYY-MM-DD` must name a day and time that exist (2021-02-30,
 * 2021-13-01 and 24:30 are refused, never rolled over). Any other text passes: its shape is the caller's to check.
 */
export const RealDateText = z.string().refine((text) => !ISO_DATE.test(text.trim()) || isRealTimestamp(text), {
  error: (issue) => `not a real date: ${JSON.stringify(issue.input)} (no such day, month or time)`,
});

function isRealTimestamp(text: string): boolean {
  try {
    parseTimestamp(text);
    return true;
  } catch {
    return false;
  }
}

/** Formats epoch ms as `YYYY-MM-DD` when it is midnight UTC, else as an ISO-8601 instant. */
export function formatTimestamp(ms: number): string {
  // Reports format every fill and trade (tens of thousands per run): whole ms in 1970..9999 are built from a
  // per-day cache of the date and arithmetic on the time of day; anything else takes the Date path.
  if (!(ms >= 0 && ms < LAST_FAST_MS) || !Number.isInteger(ms)) return formatViaDate(ms);
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
    cachedDay = day;
  }
  let t = ms - day * DAY_MS;
  if (t === 0) return cachedDate;
  const milli = t % 1000;
  t = (t - milli) / 1000;
  const sec = t % 60;
  t = (t - sec) / 60;
  const min = t % 60;
  const hour = (t - min) / 60;
  return `${cachedDate}T${pad2(hour)}:${pad2(min)}:${pad2(sec)}${milli === 0 ? '' : `.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`}Z`;
}

// The reference form: the fast path above prints exactly this (time.test.ts compares them).
function formatViaDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

const LAST_FAST_MS = Date.UTC(10000, 0, 1);
let cachedDay = Number.NaN;
let cachedDate = '';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

export const DAY_MS = 86_400_000;
