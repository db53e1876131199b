import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import {
  barsPerYear,
  isRegularSession,
  nyLocalToUtc,
  nyOffsetMs,
  nyTradingDate,
  regularBarsPerDay,
} from './session.ts';
import { TEST_DATA_DIR } from '../strategy/test-harness.ts';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);
const day = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`);
const INTRADAY = `${TEST_DATA_DIR}/intraday/`;

/** Bar-open timestamps of a shared uniform intraday file (the engine does not import the data importers). */
function readTimestamps(name: string): number[] {
  const lines = readFileSync(INTRADAY + name, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => utc(line.slice(0, line.indexOf(','))));
}

function readCloses(name: string): Map<number, number> {
  const lines = readFileSync(INTRADAY + name, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((line) => [utc(line.slice(0, line.indexOf(','))), Number(line.split(',')[4])]));
}

/** Regular-session bars per New York date: count, first and last bar open. */
function regularByDate(ts: number[]) {
  const days = new Map<number, { count: number; first: number; last: number }>();
  for (const t of ts) {
    if (!isRegularSession(t)) continue;
    const d = nyTradingDate(t);
    const s = days.get(d);
    if (s) {
      s.count++;
      s.last = t;
    } else days.set(d, { count: 1, first: t, last: t });
  }
  return days;
}

describe('nyOffsetMs', () => {
  test.each([
    ['2011-01-03T14:30:00Z', -5],
    ['2011-03-13T06:59:59.999Z', -5], // 01:59:59 EST, last instant before the spring change
    ['2011-03-13T07:00:00Z', -4], // 03:00 EDT
    ['2011-11-06T05:59:59.999Z', -4], // 01:59:59 EDT, first pass
    ['2011-11-06T06:00:00Z', -5], // 01:00 EST, second pass
    ['2013-10-07T13:30:00Z', -4],
    ['2006-04-02T07:00:00Z', -4], // pre-2007 rule: first Sunday of April
    ['2006-03-13T07:00:00Z', -5],
  ])('%s → UTC%ih', (iso, hours) => {
    expect(nyOffsetMs(utc(iso))).toBe(hours * H);
  });

  test('agrees with luxon on every 37th minute of 2010–2012', () => {
    for (let t = utc('2010-01-01T00:00:00Z'); t < utc('2013-01-01T00:00:00Z'); t += 37 * 60_000) {
      const expected = DateTime.fromMillis(t, { zone: 'America/New_York' }).offset * 60_000;
      if (nyOffsetMs(t) !== expected) throw new Error(`offset differs at ${new Date(t).toISOString()}`);
    }
  });
});

describe('nyTradingDate', () => {
  test.each([
    ['2011-03-09T14:30:00Z', '2011-03-09'],
    ['2011-03-10T03:00:00Z', '2011-03-09'], // 22:00 EST the day before
    ['2011-03-10T04:59:00Z', '2011-03-09'],
    ['2011-03-10T05:00:00Z', '2011-03-10'],
    ['2011-03-13T04:59:00Z', '2011-03-12'],
    ['2011-03-13T06:59:00Z', '2011-03-13'],
    ['2013-10-08T03:59:00Z', '2013-10-07'], // 23:59 EDT
    ['2013-10-08T04:00:00Z', '2013-10-08'],
    ['1969-12-31T23:00:00Z', '1969-12-31'], // negative epoch ms
  ])('%s → %s', (iso, ymd) => {
    expect(nyTradingDate(utc(iso))).toBe(day(ymd));
  });
});

describe('isRegularSession', () => {
  test.each([
    ['2011-03-11T14:29:00Z', false], // EST: 09:29
    ['2011-03-11T14:30:00Z', true],
    ['2011-03-11T20:59:00Z', true],
    ['2011-03-11T21:00:00Z', false], // 16:00 is the close, not a bar in the session
    ['2011-03-14T13:29:00Z', false], // EDT from 2011-03-13
    ['2011-03-14T13:30:00Z', true],
    ['2011-03-14T19:59:00Z', true],
    ['2011-03-14T20:00:00Z', false],
    ['2011-11-04T13:30:00Z', true], // last EDT Friday
    ['2011-11-07T13:30:00Z', false], // first EST Monday: 08:30
    ['2011-11-07T14:30:00Z', true],
  ])('%s → %s', (iso, expected) => {
    expect(isRegularSession(utc(iso))).toBe(expected);
  });
});

describe('nyLocalToUtc', () => {
  test.each<[string | number, number, string]>([
    ['2013-10-07', 9.5 * H, '2013-10-07T13:30:00Z'],
    [20131007, 4 * H, '2013-10-07T08:00:00Z'], // LEAN's first pre-market minute
    ['20110310', 9.5 * H, '2011-03-10T14:30:00Z'],
    ['2011-03-10', 15 * H + 59 * 60_000, '2011-03-10T20:59:00Z'],
    ['2011-03-13', 1.5 * H, '2011-03-13T06:30:00Z'], // EST, before the change
    ['2011-03-13', 2.5 * H, '2011-03-13T07:30:00Z'], // skipped hour: read as EST, i.e. 03:30 EDT
    ['2011-03-13', 4 * H, '2011-03-13T08:00:00Z'],
    ['2011-11-06', 1.5 * H, '2011-11-06T05:30:00Z'], // repeated hour: first (EDT) occurrence
    ['2011-11-06', 3 * H, '2011-11-06T08:00:00Z'],
    ['2011-11-06', 0, '2011-11-06T04:00:00Z'],
  ])('%s + %i ms → %s', (date, ms, iso) => {
    expect(nyLocalToUtc(date, ms)).toBe(utc(iso));
  });

  test('inverts the offset for every minute across both 2011 changes (except the repeated hour)', () => {
    for (const [from, to] of [['2011-03-12', '2011-03-15'], ['2011-11-05', '2011-11-08']]) {
      for (let t = day(from); t < day(to); t += 60_000) {
        const local = t + nyOffsetMs(t);
        const date = new Date(nyTradingDate(t)).toISOString().slice(0, 10);
        const back = nyLocalToUtc(date, local - nyTradingDate(t));
        const repeated = t >= utc('2011-11-06T06:00:00Z') && t < utc('2011-11-06T07:00:00Z');
        if (back !== (repeated ? t - H : t)) throw new Error(`round trip fails at ${new Date(t).toISOString()}`);
      }
    }
  });

  test.each(['2013-13-07', '2013-02-30', '2013-1007', '13-10-07', 2013107, ''])('refuses the date %j', (date) => {
    expect(() => nyLocalToUtc(date, 0)).toThrow(/not a date/);
  });

  test('refuses a non-finite time of day', () => {
    expect(() => nyLocalToUtc('2013-10-07', Number.NaN)).toThrow(/finite/);
  });
});

describe('bars per day and per year', () => {
  test.each([
    ['1Min', 390, 98_280],
    ['5Min', 78, 19_656],
    ['1Hour', 7, 1_638],
    ['1Day', 1, 252],
  ] as const)('%s: %i a day, %i a year', (timeframe, perDay, perYear) => {
    expect(regularBarsPerDay(timeframe)).toBe(perDay);
    expect(barsPerYear(timeframe)).toBe(perYear);
  });
});

describe('regular session on real SPY minute bars', () => {
  // UTC hour of the 09:30 open before and after the 2011-03-13 change (14:30Z in EST, 13:30Z in EDT)
  test.each([
    ['SPY_1m_2011-01.csv', 20, 14, 14], // 2011-01-17 was a holiday,
    ['SPY_1m_2011-03.csv', 23, 14, 13],
    ['SPY_1m_2013-10.csv', 5, 13, 13],
  ])('%s: %i New York dates, each 390 regular bars from 09:30', (file, dates, hourBefore, hourAfter) => {
    const days = regularByDate(readTimestamps(file));
    expect(days.size).toBe(dates);
    for (const [d, s] of days) {
      const openHour = d < day('2011-03-13') ? hourBefore : hourAfter;
      expect.soft(s.count, new Date(d).toISOString()).toBe(390);
      expect(s.first - d).toBe(openHour * H + 30 * 60_000);
      expect(s.last - s.first).toBe(389 * 60_000);
    }
  });

  test.each([
    ['2011-03-11', '2011-03-11T14:30:00Z', '2011-03-11T20:59:00Z'], // Friday before the change, EST
    ['2011-03-14', '2011-03-14T13:30:00Z', '2011-03-14T19:59:00Z'], // Monday after, EDT
  ])('%s spans %s .. %s', (date, first, last) => {
    const s = regularByDate(readTimestamps('SPY_1m_2011-03.csv')).get(day(date));
    expect(s).toEqual({ count: 390, first: utc(first), last: utc(last) });
  });

  const closes = readCloses('SPY_1m_2011-03.csv');
  const march = regularByDate(readTimestamps('SPY_1m_2011-03.csv'));
  test.each([
    ['2011-03-09T14:30:00Z', 'first', 132.35],
    ['2011-03-09T20:59:00Z', 'last', 132.39],
    ['2011-03-10T14:30:00Z', 'first', 130.81],
    ['2011-03-10T20:59:00Z', 'last', 129.92],
    ['2011-03-11T14:30:00Z', 'first', 129.72],
    ['2011-03-11T20:59:00Z', 'last', 130.84],
  ] as const)('%s is the %s regular bar of its day, close %d', (iso, which, close) => {
    const s = march.get(nyTradingDate(utc(iso)));
    expect(s?.[which]).toBe(utc(iso));
    expect(closes.get(utc(iso))).toBe(close);
  });
});
