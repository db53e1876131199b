import { IANAZone } from 'luxon';
import type { Timeframe } from './bar.ts';
import { DAY_MS } from './time.ts';

// The US equity regular session, 09:30–16:00 America/New_York, daylight saving included.
// Luxon is asked for the UTC offset once per UTC day (and cached), never per bar: these
// helpers run on every bar of multi-million-bar imports and replays.

const NEW_YORK = IANAZone.create('America/New_York');
const HOUR_MS = 3_600_000;
const SESSION_OPEN_MS = 9.5 * HOUR_MS;
const SESSION_CLOSE_MS = 16 * HOUR_MS;

/** New York's offset from UTC (ms, local minus UTC) over one UTC day; it changes at most once. */
interface DayOffsets {
  readonly before: number;
  /** UTC ms from which `after` applies; Infinity when the offset does not change that day. */
  readonly changeAt: number;
  readonly after: number;
}

const offsetsByUtcDay = new Map<number, DayOffsets>();
let lastDay = Number.NaN;
let lastOffsets: DayOffsets = { before: 0, changeAt: Infinity, after: 0 };

function zoneOffsetMs(tsMs: number): number {
  return NEW_YORK.offset(tsMs) * 60_000;
}

function computeDayOffsets(day: number): DayOffsets {
  const start = day * DAY_MS;
  const before = zoneOffsetMs(start);
  const after = zoneOffsetMs(start + DAY_MS - 1);
  if (before === after) return { before, changeAt: Infinity, after };
  // New York changes at 02:00 local, on a whole UTC hour: find the first hour with the new offset.
  let changeAt = start + DAY_MS - HOUR_MS;
  for (let h = 1; h < 24; h++) {
    if (zoneOffsetMs(start + h * HOUR_MS) === after) {
      changeAt = start + h * HOUR_MS;
      break;
    }
  }
  return { before, changeAt, after };
}

/** New York's UTC offset at an instant, in ms (local minus UTC: -5 h in winter, -4 h in summer). */
export function nyOffsetMs(tsMs: number): number {
  const day = Math.floor(tsMs / DAY_MS);
  if (day !== lastDay) {
    let offsets = offsetsByUtcDay.get(day);
    if (offsets === undefined) {
      offsets = computeDayOffsets(day);
      offsetsByUtcDay.set(day, offsets);
    }
    lastDay = day;
    lastOffsets = offsets;
  }
  return tsMs < lastOffsets.changeAt ? lastOffsets.before : lastOffsets.after;
}

/** UTC ms at 00:00Z of the New York calendar date of the instant `tsMs` (how daily bars are stamped). */
export function nyTradingDate(tsMs: number): number {
  const local = tsMs + nyOffsetMs(tsMs);
  return local - mod(local, DAY_MS);
}

/** True when a bar opening at `tsMs` (UTC ms) opens in [09:30, 16:00) New York time. Time of day only: no weekend or holiday calendar. */
export function isRegularSession(tsMs: number): boolean {
  const msOfDay = mod(tsMs + nyOffsetMs(tsMs), DAY_MS);
  return msOfDay >= SESSION_OPEN_MS && msOfDay < SESSION_CLOSE_MS;
}

/**
 * UTC ms of a New York wall-clock time: `dateYmd` is `YYYY-MM-DD`, `YYYYMMDD` or the number
 * 20131007, `msSinceMidnight` the local time of day in ms. A time skipped by the spring-forward
 * change is read with the pre-change offset (02:30 → 03:30 EDT); a time repeated in the autumn
 * maps to its first (EDT) occurrence.
 */
export function nyLocalToUtc(dateYmd: string | number, msSinceMidnight: number): number {
  if (!Number.isFinite(msSinceMidnight)) throw new Error(`msSinceMidnight must be a finite number, got ${msSinceMidnight}`);
  const localAsUtc = utcMidnightOf(dateYmd) + msSinceMidnight;
  const first = nyOffsetMs(localAsUtc);
  const guess = localAsUtc - first;
  const atGuess = nyOffsetMs(guess);
  if (atGuess === first) return guess;
  const retry = localAsUtc - atGuess;
  return nyOffsetMs(retry) === atGuess ? retry : guess;
}

/** Regular-session bars in one full trading day (the 1Hour count includes the closing half hour). */
export function regularBarsPerDay(timeframe: Timeframe): number {
  switch (timeframe) {
    case '1Min':
      return 390;
    case '5Min':
      return 78;
    case '1Hour':
      return 7;
    case '1Day':
      return 1;
  }
}

/** Trading days in a year, used to annualise. */
export const TRADING_DAYS_PER_YEAR = 252;

/** Regular-session bars in a year (252 days); 1Hour counts 6.5 hours a day (1638), since the last hourly bar is a half. */
export function barsPerYear(timeframe: Timeframe): number {
  const perDay = timeframe === '1Hour' ? 6.5 : regularBarsPerDay(timeframe);
  return perDay * TRADING_DAYS_PER_YEAR;
}

function mod(a: number, n: number): number {
  const r = a % n;
  return r < 0 ? r + n : r;
}

function utcMidnightOf(dateYmd: string | number): number {
  const text = typeof dateYmd === 'number' ? String(dateYmd) : dateYmd;
  const m = /^(\d{4})(-?)(\d{2})\2(\d{2})$/.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[3]) - 1, Number(m[4])) : Number.NaN;
  if (!m || new Date(ms).getUTCMonth() !== Number(m[3]) - 1 || new Date(ms).getUTCDate() !== Number(m[4])) {
    throw new Error(`not a date (YYYY-MM-DD, YYYYMMDD or the number YYYYMMDD): ${JSON.stringify(dateYmd)}`);
  }
  return ms;
}
