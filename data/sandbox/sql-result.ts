import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

/** One result column: its name and DuckDB type name (`DOUBLE`, `BIGINT`, `TIMESTAMP`, `VARCHAR[]`, `JSON`…). */
export interface SqlColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * A query's result, JSON-safe: integers beyond 2^53 and HUGEINTs as decimal strings, DECIMALs as numbers,
 * timestamps as ISO-8601 UTC strings, dates as `YYYY-MM-DD`, BLOBs as base64, lists and structs as arrays
 * and objects, non-finite doubles as null. `rows` holds at most the row limit.
 */
export interface SqlResult {
  readonly columns: readonly SqlColumn[];
  readonly rows: readonly (readonly unknown[])[];
  /** Rows returned (`rows.length`). */
  readonly rowCount: number;
  /** True when the query produced more rows than the limit and `rows` was cut. */
  readonly truncated: boolean;
  /** Wall time from prepare to the last row read, in milliseconds. */
  readonly elapsedMs: number;
}

/** The column's type name as DuckDB spells it, aliases (JSON) included. */
export function typeName(type: DuckDBType): string {
  return type.alias ?? type.toString();
}

/** A per-column converter from the node-api's JS values to JSON-safe values. */
export function jsonConverter(type: DuckDBType): (value: unknown) => unknown {
  if (type.typeId === DuckDBTypeId.DATE) return (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : toJsonSafe(v));
  return toJsonSafe;
}

/** Recursively turns bigint, Date, bytes and non-finite numbers into JSON-safe values. */
export function toJsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (Array.isArray(value)) return value.map(toJsonSafe);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
    default:
      return String(value);
  }
}
