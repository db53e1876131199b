import { DataType, tableFromIPC, type Table, type Vector } from 'apache-arrow';

/** A decoded column: numbers (including times, as epoch ms) in a Float64Array, anything else in an array. */
export type Column =
  | { readonly name: string; readonly type: 'number' | 'time'; readonly values: Float64Array }
  | { readonly name: string; readonly type: 'text' | 'bool' | 'other'; readonly values: readonly unknown[] };

/** A query result, columnar. */
export interface ResultTable {
  readonly columns: readonly Column[];
  readonly numRows: number;
}

/** Media type of an Arrow IPC stream, as the API serves it. */
export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** Decodes an Arrow IPC stream (or file) into columns. Int64 and timestamps become float64 (ms for times). */
export function decodeArrow(bytes: ArrayBuffer | Uint8Array): ResultTable {
  const table: Table = tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const columns = table.schema.fields.map((field, i): Column => toColumn(field.name, field.type, table.getChildAt(i)!));
  return { columns, numRows: table.numRows };
}

function toColumn(name: string, type: DataType, vector: Vector): Column {
  if (DataType.isFloat(type) || DataType.isInt(type) || DataType.isDecimal(type)) {
    return { name, type: 'number', values: toFloat64(vector, DataType.isDecimal(type) ? (type as { scale: number }).scale : 0) };
  }
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return { name, type: 'time', values: timeToMs(vector, type) };
  const values = vector.toArray() as unknown[];
  const kind = DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type) ? 'text' : DataType.isBool(type) ? 'bool' : 'other';
  return { name, type: kind, values: Array.from(values, (v) => (typeof v === 'bigint' ? Number(v) : v)) };
}

/** Numbers of any integer or float width as float64; nulls as NaN. */
function toFloat64(vector: Vector, scale: number): Float64Array {
  const n = vector.length;
  const raw = vector.nullCount === 0 && scale === 0 ? (vector.toArray() as ArrayLike<number | bigint>) : null;
  if (raw instanceof Float64Array) return raw;
  const out = new Float64Array(n);
  if (raw !== null && !(raw instanceof Array)) {
    for (let i = 0; i < n; i++) out[i] = Number(raw[i]);
    return out;
  }
  const div = 10 ** scale;
  for (let i = 0; i < n; i++) {
    const v = vector.get(i) as unknown;
    out[i] = v === null || v === undefined ? Number.NaN : decimalToNumber(v) / div;
  }
  return out;
}

function decimalToNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  // Decimal values arrive as 128-bit words; their string form is the unscaled integer.
  return Number(String(v));
}

const UNIT_TO_MS = [1000, 1, 1e-3, 1e-6];

/** Timestamps and dates as epoch milliseconds (nulls as NaN). */
function timeToMs(vector: Vector, type: DataType): Float64Array {
  const n = vector.length;
  const out = new Float64Array(n);
  const unit = DataType.isTimestamp(type) ? (type as { unit: number }).unit : -1;
  const data = vector.data.length === 1 && vector.nullCount === 0 && unit >= 0 ? (vector.data[0].values as ArrayLike<bigint | number>) : null;
  if (data !== null && data.length === n) {
    const k = UNIT_TO_MS[unit];
    for (let i = 0; i < n; i++) out[i] = Number(data[i]) * k;
    return out;
  }
  for (let i = 0; i < n; i++) {
    const v = vector.get(i) as unknown;
    out[i] = v === null || v === undefined ? Number.NaN : v instanceof Date ? v.getTime() : Number(v);
  }
  return out;
}

/** The column named `name`, or undefined. */
export function column(table: ResultTable, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** A numeric or time column by name, or an error that names what the table has. */
export function numericColumn(table: ResultTable, name: string): Float64Array {
  const c = column(table, name);
  if (c === undefined || (c.type !== 'number' && c.type !== 'time')) {
    throw new Error(`expected a numeric column "${name}"; the result has ${table.columns.map((x) => `${x.name} (${x.type})`).join(', ') || 'no columns'}`);
  }
  return c.values;
}

/** Row objects for charts and small tables (do not use on a million rows). */
export function toRows(table: ResultTable, limit = Infinity): Record<string, unknown>[] {
  const n = Math.min(table.numRows, limit);
  const rows: Record<string, unknown>[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row: Record<string, unknown> = {};
    for (const c of table.columns) {
      const v = c.values[r];
      row[c.name] = c.type === 'time' ? (Number.isNaN(v as number) ? null : new Date(v as number)) : c.type === 'number' && Number.isNaN(v as number) ? null : v;
    }
    rows[r] = row;
  }
  return rows;
}
