import { describe, expect, test } from 'vitest';
import { DAY_MS, formatTimestamp, parseTimestamp, RealDateText } from './time.ts';

// Epoch values worked out by hand: 2020-01-01 is day 18262 (50 × 365 + 12 leap days, 1972..2016),
// 2000-01-01 is day 10957 (30 × 365 + 7 leap days, 1972..1996).
const DAY_2020_01_01 = 18_262;
const DAY_2000_01_01 = 10_957;

describe('parseTimestamp', () => {
  test.each<[string, number]>([
    ['2020-02-29', (DAY_2020_01_01 + 31 + 28) * DAY_MS], // leap year: 2020 % 4 = 0, not a century
    ['2000-02-29', (DAY_2000_01_01 + 31 + 28) * DAY_MS], // century divisible by 400: leap
    ['2020-04-30', (DAY_2020_01_01 + 31 + 29 + 31 + 29) * DAY_MS],
    ['2020-12-31', (DAY_2020_01_01 + 365) * DAY_MS],
    [' 2020-03-01 ', (DAY_2020_01_01 + 31 + 29) * DAY_MS],
    ['2020-03-01T14:30:00Z', (DAY_2020_01_01 + 31 + 29) * DAY_MS + 14.5 * 3_600_000],
    ['2020-03-01T14:30Z', (DAY_2020_01_01 + 31 + 29) * DAY_MS + 14.5 * 3_600_000],
    ['2020-03-01T14:30:00.250Z', (DAY_2020_01_01 + 31 + 29) * DAY_MS + 14.5 * 3_600_000 + 250],
    ['2020-03-01T09:30:00-05:00', (DAY_2020_01_01 + 31 + 29) * DAY_MS + 14.5 * 3_600_000],
  ])('accepts %j', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  test.each([
    '2021-02-29', // 2021 is not a leap year
    '1900-02-29', // century not divisible by 400: not a leap year
    '2020-02-30',
    '2020-02-31',
    '2020-13-01',
    '2020-00-10',
    '2020-04-31', // April has 30 days
    '2020-06-31',
    '2020-01-00',
    '2020-01-32',
    '2020-02-31T14:30:00Z', // an instant on a day that does not exist
  ])('refuses the impossible date %j, naming it', (text) => {
    expect(() => parseTimestamp(text)).toThrow(`not a date or ISO-8601 timestamp: "${text}" (no such date)`);
  });

  test.each(['', 'yesterday', '2020/03/01', '20200301', '2020-3-1', '2020-03-01T25:00:00Z', '2020-03-01Tnoon'])('refuses %j', (text) => {
    expect(() => parseTimestamp(text)).toThrow(`not a date or ISO-8601 timestamp: "${text}"`);
  });

  test('round-trips with formatTimestamp', () => {
    for (const text of ['2020-02-29', '1998-01-02', '2013-10-07T13:30:00Z']) expect(formatTimestamp(parseTimestamp(text))).toBe(text);
  });
});

describe('zone-less instants', () => {
  test.each(['2020-03-01T14:30:00', '2020-03-01 14:30'])('%s is refused: it would be read in the machine’s local time', (text) => {
    expect(() => parseTimestamp(text)).toThrow(/no time zone/);
  });

  test('an offset is honoured: 09:30-05:00 is 14:30Z', () => {
    expect(parseTimestamp('2020-03-02T09:30:00-05:00')).toBe(Date.UTC(2020, 2, 2, 14, 30));
  });
});

describe('formatTimestamp fast path', () => {
  // What formatTimestamp printed before its fast path, and still prints outside it.
  const formatViaDate = (ms: number) => {
    const iso = new Date(ms).toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  };
  test('prints exactly what the Date-based form prints', () => {
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const samples = [0, 1, 999, 1000, 59_999, 60_000, DAY_MS - 1, DAY_MS, DAY_MS + 1, Date.UTC(2020, 1, 29), Date.UTC(2020, 1, 29, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), -1, -DAY_MS, -DAY_MS - 1, 1.5, -0.5, 8.64e15, -8.64e15, 1_700_000_000_000.25];
    for (let i = 0; i < 20_000; i++) {
      const day = Math.floor(rnd() * 3_000_000) - 100_000; // about 6200 BC to 6200 AD
      const within = [0, 60_000 * Math.floor(rnd() * 1440), Math.floor(rnd() * DAY_MS), 1000 * Math.floor(rnd() * 86_400)][i % 4];
      samples.push(day * DAY_MS + within);
    }
    for (const ms of samples) expect(formatTimestamp(ms), String(ms)).toBe(formatViaDate(ms));
    expect(() => formatTimestamp(Number.NaN)).toThrow(RangeError);
  });
});

describe('RealDateText: the calendar check shared by the backtest config and the API time parameters', () => {
  test.each(['2021-02-30', '2021-13-01', '2021-02-29', '2020-04-31', '2021-02-30T10:00:00Z', '2021-02-30T10:00:00+01:00', '2020-03-01T24:30Z'])('refuses %s, quoting it', (text) => {
    const r = RealDateText.safeParse(text);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe(`not a real date: "${text}" (no such day, month or time)`);
  });

  test.each(['2020-02-29', '2021-12-31', '2021-03-01T14:30:00Z', '2021-03-01T09:30:00-05:00', '1614643200000'])('passes %s (a text not starting YYYY-MM-DD is left to the caller)', (text) => {
    expect(RealDateText.safeParse(text).success).toBe(true);
  });
});
