// Pieces for writers that print a payload of a known shape straight to canonical JSON (see payloadJson).
import { canonicalJson } from './canonical-json.ts';

/** Thrown by a piece that cannot print its value canonically; payloadJson then falls back to the general writer. */
class OffShape extends Error {}
const OFF_SHAPE = new OffShape('value off the writer shape');

/** Sends the payload being written to the general writer (an object whose keys are not the ones expected). */
export function offShape(): never {
  throw OFF_SHAPE;
}

/**
 * `write(data)`, a writer for one payload shape built from the pieces below, or canonicalJson(data) when a piece
 * meets a value off that shape (a non-finite number, a missing field): the general writer then prints it or
 * throws naming the path, exactly as if the fast writer did not exist. Writers must print keys in sorted order.
 */
export function payloadJson<T>(data: T, write: (data: T) => string): string {
  try {
    return write(data);
  } catch (err) {
    if (err === OFF_SHAPE) return canonicalJson(data);
    throw err;
  }
}

/** A finite number as canonical JSON prints it. */
export function num(x: number): string {
  if (typeof x !== 'number' || x - x !== 0) throw OFF_SHAPE; // x - x is NaN for NaN and ±Infinity
  return `${x}`; // ECMAScript prints -0 as 0
}

/** A finite number or null. */
export function numOrNull(x: number | null): string {
  return x === null ? 'null' : num(x);
}

/** A string as JSON text. */
export function str(s: string): string {
  if (typeof s !== 'string') throw OFF_SHAPE;
  // Ids, symbols and enum values need no escaping: quoting them by hand is several times cheaper than JSON.stringify.
  if (s.length > 64) return JSON.stringify(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** A string or null. */
export function strOrNull(s: string | null): string {
  return s === null ? 'null' : str(s);
}

/** A boolean. */
export function bool(b: boolean): string {
  if (b === true) return 'true';
  if (b === false) return 'false';
  throw OFF_SHAPE;
}

/**
 * A flat record of numbers, strings, booleans and nulls (a risk rule's compared values) whose own keys come in
 * sorted order; any other record sends the whole payload to the general writer.
 */
export function flatRecord(o: Readonly<Record<string, number | string | boolean | null>>): string {
  let s = '{';
  let prev = '';
  let first = true;
  for (const k in o) {
    if ((!first && !(prev < k)) || !Object.hasOwn(o, k)) throw OFF_SHAPE;
    const v = o[k];
    let text: string;
    if (v === null) text = 'null';
    else if (typeof v === 'number') text = num(v);
    else if (typeof v === 'string') text = str(v);
    else if (typeof v === 'boolean') text = v ? 'true' : 'false';
    else throw OFF_SHAPE;
    s += `${first ? '' : ','}${key(k)}:${text}`;
    prev = k;
    first = false;
  }
  return first ? '{}' : `${s}}`;
}

// Rule and field names are few and repeat on every verdict: quote each once.
const quotedKeys = new Map<string, string>();

function key(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    if (quotedKeys.size >= 4096) quotedKeys.clear();
    q = JSON.stringify(k);
    quotedKeys.set(k, q);
  }
  return q;
}
