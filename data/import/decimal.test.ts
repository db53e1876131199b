import { describe, expect, test } from 'vitest';
import { isNanLiteral, readDecimal } from './decimal.ts';

const read = (s: string) => readDecimal(s, 0, s.length);

describe('readDecimal', () => {
  // Every accepted token must read exactly as Number() reads it.
  test.each([
    '0', '7', '132.35', '0.1', '.5', '5.', '-2.5', '+3', '31702200.0', '28.121945213877797', '1e3', '2.5E-2',
    '1674100', '0.000001', '999999999999999', '9007199254740993', '123456789.123456789', '  42.5 ', '-0',
  ])('%j reads as Number(%j)', (token) => {
    expect(Object.is(read(token), Number(token))).toBe(true);
  });

  test.each([
    ['Infinity', Infinity],
    ['-inf', -Infinity],
    ['NaN', Number.NaN],
    ['nan', Number.NaN],
  ])('%j is the non-finite %d', (token, value) => {
    expect(read(token)).toBe(value);
  });

  test.each(['', ' ', 'abc', '1.2.3', '12a', '0x10', '1,5', '-', '.', 'e5', '1e', 'null', '$5'])('%j is not a number', (token) => {
    expect(read(token)).toBeNaN();
    expect(isNanLiteral(token, 0, token.length)).toBe(false);
  });

  test('reads a slice of a longer text', () => {
    const text = '2011-01-03,132.35,132.39\n';
    expect(readDecimal(text, 11, 17)).toBe(132.35);
    expect(readDecimal(text, 18, 24)).toBe(132.39);
  });

  test('fast path matches Number() on 100k random decimals', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 100_000; i++) {
      const token = `${next() % 100000}.${String(next() % 10000).padStart(4, '0')}`;
      if (read(token) !== Number(token)) throw new Error(`differs on ${token}`);
    }
  });
});
