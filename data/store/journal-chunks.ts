import { BIGINT, DuckDBDataChunk, DuckDBVector, VARCHAR, type DuckDBAppender } from '@duckdb/node-api';
import type { StoredEntry } from './journal-rows.ts';

// The journal table's columns in order: seq, recorded_at, run_id, kind, actor, ts, symbol, order_id, data, prev_hash, hash.
const TYPES = [BIGINT, BIGINT, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR];
const TWO_32 = 4294967296;
// Word order of an int64 in memory on this machine.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = 1 - LOW;

/**
 * Appends entries a data chunk (2,048 rows) at a time, filled column by column: the BIGINT columns are written
 * straight into DuckDB's vector memory and each text column is handed over in one flush, instead of one appender
 * call per value (eleven per row).
 */
export function appendEntryChunks(appender: DuckDBAppender, entries: readonly StoredEntry[]): void {
  const chunk = DuckDBDataChunk.create(TYPES);
  const step = DuckDBVector.standardSize();
  for (let start = 0; start < entries.length; start += step) {
    const n = Math.min(step, entries.length - start);
    chunk.reset();
    chunk.rowCount = n;
    const seq = bigints(chunk, 0, n);
    const recordedAt = bigints(chunk, 1, n);
    const ts = bigints(chunk, 5, n);
    const tsVector = chunk.getColumnVector(5);
    const text = [2, 3, 4, 6, 7, 8, 9, 10].map((c) => chunk.getColumnVector(c));
    const [runId, kind, actor, symbol, orderId, data, prevHash, hash] = text;
    for (let i = 0; i < n; i++) {
      const { entry: e, dataText } = entries[start + i];
      putInt64(seq, i, e.seq);
      putInt64(recordedAt, i, e.recordedAt);
      if (e.ts === null) tsVector.setItem(i, null);
      else putInt64(ts, i, e.ts);
      runId.setItem(i, e.runId);
      kind.setItem(i, e.kind);
      actor.setItem(i, e.actor);
      symbol.setItem(i, e.symbol);
      orderId.setItem(i, e.orderId);
      data.setItem(i, dataText);
      prevHash.setItem(i, e.prevHash);
      hash.setItem(i, e.hash);
    }
    // The BIGINT vectors were written in place; flushing them copies onto themselves and sets their validity.
    for (const c of [0, 1, 5]) chunk.getColumnVector(c).flush();
    for (const v of text) v.flush();
    appender.appendDataChunk(chunk);
  }
}

/** The BIGINT vector of column `c` as pairs of 32-bit words, written without a BigInt per value. */
function bigints(chunk: DuckDBDataChunk, c: number, n: number): Int32Array {
  const items = (chunk.getColumnVector(c) as unknown as { items: BigInt64Array }).items;
  return new Int32Array(items.buffer, items.byteOffset, n * 2);
}

/** Writes a whole number (|x| < 2^53) as a two's-complement int64. */
function putInt64(words: Int32Array, i: number, x: number): void {
  if (!Number.isSafeInteger(x)) throw new RangeError(`journal column value ${x} is not a whole number`);
  const hi = Math.floor(x / TWO_32);
  words[2 * i + LOW] = x - hi * TWO_32; // in [0, 2^32): the Int32Array keeps its bits
  words[2 * i + HIGH] = hi;
}
