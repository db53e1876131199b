import type { DuckDBVector } from '@duckdb/node-api';

// @duckdb/node-api's DOUBLE and INTEGER vector classes keep their values in a typed array field
// `items` (private in the typings, public at runtime). Reading it copies a whole column of a chunk
// with one TypedArray.set instead of one getItem call per value. The memory belongs to DuckDB's
// chunk: copy it out at once, never keep the view.

/** The values of a DOUBLE vector (a view on DuckDB memory: copy, do not keep). */
export function doubleItems(vector: DuckDBVector): Float64Array {
  return (vector as unknown as { items: Float64Array }).items;
}

/** The values of an INTEGER vector (a view on DuckDB memory: copy, do not keep). */
export function intItems(vector: DuckDBVector): Int32Array {
  return (vector as unknown as { items: Int32Array }).items;
}
