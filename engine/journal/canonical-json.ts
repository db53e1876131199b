/**
 * RFC 8785 canonical JSON for the values the journal holds (plain objects, arrays, strings, finite numbers,
 * booleans, null): object keys sorted by UTF-16 code units, no whitespace, numbers as ECMAScript prints them.
 * Written for speed because every journal entry is hashed over it; the `canonicalize` package is the test oracle.
 * Throws naming the path of a value JSON cannot carry exactly (undefined, NaN, Infinity, functions, bigints).
 */
export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (err) {
    if (err instanceof NotCanonical) throw new Error(`journal entry has ${err.what} at ${findPath(value, '$') ?? '$'}`);
    throw err;
  }
}

class NotCanonical extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

// Most journal payloads are built with their keys already in sorted order; for such a subtree (keys sorted,
// numbers finite, nothing JSON would drop) JSON.stringify prints exactly the canonical form, many times faster.
function isCanonical(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!isCanonical(v[i])) return false;
        return true;
      }
      const o = v as Record<string, unknown>;
      if (typeof o.toJSON === 'function') return false;
      let prev: string | undefined;
      for (const k in o) {
        if (!Object.hasOwn(o, k)) return false;
        if (prev !== undefined && !(prev < k)) return false;
        // Integer-like keys are printed by JSON.stringify before the others whatever their order.
        if (k.length > 0 && k.length < 11 && k.charCodeAt(0) >= 48 && k.charCodeAt(0) <= 57) return false;
        prev = k;
        if (!isCanonical(o[k])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function write(v: unknown): string {
  if (typeof v === 'object' && v !== null && isCanonical(v)) return JSON.stringify(v);
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new NotCanonical('a non-finite number');
      return String(v === 0 ? 0 : v); // -0 prints as 0
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : ',') + write(v[i]);
        return `${s}]`;
      }
      const o = v as Record<string, unknown>;
      if (typeof o.toJSON === 'function') return write(o.toJSON());
      const keys = Object.keys(o).sort();
      let s = '{';
      for (let i = 0; i < keys.length; i++) {
        const x = o[keys[i]];
        if (x === undefined) throw new NotCanonical('undefined');
        s += `${i === 0 ? '' : ','}${JSON.stringify(keys[i])}:${write(x)}`;
      }
      return `${s}}`;
    }
    default:
      throw new NotCanonical(typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`);
  }
}

// Only on the error path: walk again to name where the bad value is.
function findPath(v: unknown, path: string): string | null {
  if (v === undefined || typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') return path;
  if (typeof v === 'number') return Number.isFinite(v) ? null : path;
  if (v === null || typeof v !== 'object') return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = findPath(v[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v)) {
    const p = findPath(x, `${path}.${k}`);
    if (p) return p;
  }
  return null;
}
