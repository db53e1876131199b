import {
  Bool, DateDay, Float64, Int32, Int64, makeData, makeVector, Table, TimestampMillisecond, tableToIPC, Utf8,
  type Data, type DataType, type Vector,
} from 'apache-arrow';
import type { SqlColumn, SqlResult } from './sql-result.ts';

const DAY_MS = 86_400_000;

/**
 * A SqlResult as an Arrow IPC stream with typed columns: BOOLEAN → Bool; 8–32-bit integers → Int32;
 * BIGINT and UINTEGER → Int64; DOUBLE, FLOAT, DECIMAL, HUGEINT, UBIGINT → Float64; DATE → DateDay;
 * TIMESTAMP* → Timestamp(ms) (UTC for TIMESTAMP WITH TIME ZONE); everything else → Utf8 (lists and
 * structs as JSON text). Nulls are kept. Built with makeData from typed arrays, no per-row objects.
 */
export function sqlResultToArrow(result: SqlResult): Uint8Array {
  const columns: Record<string, Vector> = {};
  result.columns.forEach((column, c) => {
    columns[uniqueName(columns, column.name)] = makeVector(columnData(column, result.rows.map((row) => row[c])));
  });
  return tableToIPC(new Table(columns), 'stream');
}

function uniqueName(taken: Record<string, unknown>, name: string): string {
  let candidate = name;
  for (let k = 1; candidate in taken; k++) candidate = `${name}_${k}`;
  return candidate;
}

function columnData(column: SqlColumn, values: readonly unknown[]): Data<DataType> {
  const type = column.type.toUpperCase();
  const n = values.length;
  const { nullBitmap, nullCount } = nulls(values);
  const base = { length: n, nullBitmap, nullCount };
  if (type === 'BOOLEAN') {
    const bits = new Uint8Array(Math.ceil(n / 8));
    values.forEach((v, i) => {
      if (v === true) bits[i >> 3] |= 1 << (i & 7);
    });
    return makeData({ type: new Bool(), data: bits, ...base });
  }
  if (['TINYINT', 'SMALLINT', 'INTEGER', 'UTINYINT', 'USMALLINT'].includes(type)) {
    return makeData({ type: new Int32(), data: Int32Array.from(values, (v) => (typeof v === 'number' ? v : 0)), ...base });
  }
  if ((type === 'BIGINT' || type === 'UINTEGER') && values.every(fitsInt64)) {
    return makeData({ type: new Int64(), data: BigInt64Array.from(values, (v) => (v === null ? 0n : BigInt(v as number | string))), ...base });
  }
  if (['DOUBLE', 'FLOAT', 'BIGINT', 'UINTEGER', 'UBIGINT', 'HUGEINT', 'UHUGEINT', 'BIGNUM'].includes(type) || type.startsWith('DECIMAL')) {
    return makeData({ type: new Float64(), data: Float64Array.from(values, (v) => (v === null ? 0 : Number(v))), ...base });
  }
  if (type === 'DATE') {
    return makeData({ type: new DateDay(), data: Int32Array.from(values, (v) => (typeof v === 'string' ? Math.floor(Date.parse(v) / DAY_MS) : 0)), ...base });
  }
  if (type.startsWith('TIMESTAMP')) {
    const zone = type.includes('TIME ZONE') || type === 'TIMESTAMPTZ' ? 'UTC' : null;
    const data = BigInt64Array.from(values, (v) => (typeof v === 'string' ? BigInt(Date.parse(v)) : 0n));
    return makeData({ type: new TimestampMillisecond(zone), data, ...base });
  }
  return utf8(values, base);
}

function utf8(values: readonly unknown[], base: { length: number; nullBitmap: Uint8Array; nullCount: number }): Data<Utf8> {
  const encoder = new TextEncoder();
  const parts = values.map((v) => (v === null ? new Uint8Array(0) : encoder.encode(typeof v === 'string' ? v : JSON.stringify(v))));
  const valueOffsets = new Int32Array(values.length + 1);
  parts.forEach((p, i) => {
    valueOffsets[i + 1] = valueOffsets[i] + p.length;
  });
  const data = new Uint8Array(valueOffsets[values.length]);
  parts.forEach((p, i) => data.set(p, valueOffsets[i]));
  return makeData({ type: new Utf8(), valueOffsets, data, ...base });
}

function nulls(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) nullCount++;
    else nullBitmap[i >> 3] |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function fitsInt64(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v === 'number') return Number.isInteger(v);
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) return false;
  const big = BigInt(v);
  return big >= INT64_MIN && big <= INT64_MAX;
}
