import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { chainEntry, GENESIS_HASH, hashEntry, verifyChain } from './chain.ts';

// The published RFC 8785 implementation is the oracle: ours must print exactly what it prints.
const samples: unknown[] = [
  null,
  true,
  0,
  -0,
  1e21,
  1e-7,
  123456789.125,
  -5.5e-300,
  'plain',
  'quote " backslash \\ newline \n tab \t unicode é 😀 \u0001',
  [],
  {},
  [1, 'a', null, [2, [3, {}]]],
  { b: 1, a: 2, c: { z: [1, { y: 2, x: 3 }], é: 'e-acute', E: 'upper', '': 'empty', '10': 'ten', '9': 'nine' } },
  { '\u20ac': 'euro', '\r': 'cr', '\ud83d\ude00': 'emoji', 'ö': 'o-umlaut', a: { nested: { deep: [true, false] } } },
  { rule: 'cashSufficiency', passed: false, compared: { need: 10004.37, have: 10000, limit: null }, reason: 'need 10,004.37, have 10,000.00' },
];

describe('canonicalJson', () => {
  test.each(samples.map((s) => [JSON.stringify(s), s]))('matches RFC 8785 for %s', (_label, value) => {
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  test.each([
    [{ a: { b: [1, Number.NaN] } }, '$.a.b[1]'],
    [{ x: undefined }, '$.x'],
    [[Infinity], '$[0]'],
    [{ f: () => 1 }, '$.f'],
  ])('refuses %o naming %s', (value, path) => {
    expect(() => canonicalJson(value)).toThrow(path);
  });
});

describe('hash chain', () => {
  const draft = { runId: 'r', kind: 'fill' as const, actor: 'broker', ts: 86_400_000, symbol: 'SPY', orderId: 'r-1', data: { price: 10.5, qty: 3 } };

  test('the hash is sha256 of the previous hash and the canonical entry', () => {
    const e = chainEntry(draft, 1, GENESIS_HASH, 7);
    const { hash, ...rest } = e;
    expect(hash).toBe(createHash('sha256').update(GENESIS_HASH).update(canonicalize(rest)!).digest('hex'));
    expect(hashEntry(rest)).toBe(hash);
  });

  test('verify names the first altered, missing or re-linked entry', () => {
    const a = chainEntry(draft, 1, GENESIS_HASH, 1);
    const b = chainEntry({ ...draft, data: { price: 11 } }, 2, a.hash, 2);
    const c = chainEntry({ ...draft, data: { price: 12 } }, 3, b.hash, 3);
    expect(verifyChain([a, b, c])).toMatchObject({ ok: true, entries: 3 });
    expect(verifyChain([a, { ...b, data: { price: 99 } }, c])).toMatchObject({ ok: false, firstBadSeq: 2 });
    expect(verifyChain([a, c])).toMatchObject({ ok: false, firstBadSeq: 3 });
    const forged = chainEntry({ ...draft, data: { price: 99 } }, 2, a.hash, 2);
    expect(verifyChain([a, forged, c])).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});

describe('canonicalJson fast path (keys already sorted)', () => {
  test.each([
    [{ a: 1, b: { c: [1, { d: 'x', e: null }] }, f: true }],
    [{ a: -0, b: 1e21, c: 5e-7 }],
    [{ '10': 'x', '9': 'y', a: 1 }],
    [{ a: 1, B: 2 }],
    [{ b: 1, a: { z: 1, y: 2 } }],
    [{ s: 'lone surrogate \ud800 and emoji \ud83d\ude00' }],
  ])('%o prints as RFC 8785 does', (value) => {
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  test('a sorted object with a non-finite number is still refused', () => {
    expect(() => canonicalJson({ a: 1, b: { c: Number.NaN } })).toThrow('$.b.c');
  });
});
