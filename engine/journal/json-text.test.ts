import { describe, expect, test } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { bool, flatRecord, num, payloadJson, str } from './json-text.ts';

describe('json-text pieces', () => {
  test.each(['', 'SPY', 'bt-04f3977bd785418a-12', 'a"b', 'a\\b', 'tab\t', '\u0000', '\u001f', '\u007f', 'é', '😀', 'lone \ud800', 'lone \udfff end', 'x'.repeat(64), `${'x'.repeat(65)}"`])('str(%j) is JSON.stringify', (s) => {
    expect(str(s)).toBe(JSON.stringify(s));
  });

  test.each([0, -0, 1, -1.5, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, 946864860000, 113.9611, 0.1 + 0.2])('num(%d) is canonicalJson', (x) => {
    expect(num(x)).toBe(canonicalJson(x));
  });

  test('an off-shape value sends the whole payload to the general writer, which names the path', () => {
    const write = (d: { a: number; b: { c: number } }) => `{"a":${num(d.a)},"b":{"c":${num(d.b.c)}}}`;
    expect(payloadJson({ a: 1, b: { c: 2 } }, write)).toBe('{"a":1,"b":{"c":2}}');
    expect(() => payloadJson({ a: 1, b: { c: Number.NaN } }, write)).toThrow('$.b.c');
    expect(() => payloadJson({ a: 1, b: { c: undefined as unknown as number } }, write)).toThrow('$.b.c');
    expect(() => bool('yes' as unknown as boolean)).toThrow();
  });

  test('flatRecord prints sorted records and refuses unsorted ones', () => {
    expect(flatRecord({ a: 1, b: 'x', c: null, d: false })).toBe('{"a":1,"b":"x","c":null,"d":false}');
    expect(flatRecord({})).toBe('{}');
    expect(payloadJson({ r: { b: 1, a: 2 } }, (d) => `{"r":${flatRecord(d.r)}}`)).toBe('{"r":{"a":2,"b":1}}');
  });
});
