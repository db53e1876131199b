import { DOUBLE, DuckDBDataChunk, DuckDBVector, INTEGER, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { doubleItems, intItems } from './vector-items.ts';

/** One column to append: a typed array (DOUBLE or INTEGER) or one INTEGER repeated on every row. */
export type ColumnSource = Float64Array | Int32Array | { readonly repeat: number };

/** Rows to append: `length` rows of `columns`, in table column order. */
export interface ColumnBlock {
  readonly columns: readonly ColumnSource[];
  readonly length: number;
}

/** Where to append: a table of the main database, or a TEMP table of this connection. */
export interface AppendTarget {
  readonly table: string;
  readonly temp?: boolean;
}

/**
 * Appends blocks of columns through one DuckDB Appender, a data chunk (2,048 rows) at a time.
 * Every block has the same column types. Runs inside the caller's transaction, if any.
 */
export async function appendColumns(conn: DuckDBConnection, target: AppendTarget, blocks: readonly ColumnBlock[]): Promise<void> {
  if (blocks.length === 0) return;
  const appender = target.temp ? await conn.createAppender(target.table, 'main', 'temp') : await conn.createAppender(target.table);
  try {
    const types = blocks[0].columns.map((c) => (c instanceof Float64Array ? DOUBLE : INTEGER));
    const chunk = DuckDBDataChunk.create(types);
    for (const block of blocks) appendBlock(appender, chunk, block);
    appender.flushSync();
  } finally {
    try {
      appender.closeSync();
    } catch {
      // A failed flush already threw; closing an appender whose transaction aborted throws again.
    }
  }
}

function appendBlock(appender: DuckDBAppender, chunk: DuckDBDataChunk, { columns, length }: ColumnBlock): void {
  const step = DuckDBVector.standardSize();
  for (let start = 0; start < length; start += step) {
    const n = Math.min(step, length - start);
    chunk.rowCount = n;
    for (let c = 0; c < columns.length; c++) {
      const source = columns[c];
      const vector = chunk.getColumnVector(c);
      // Fill the vector's own typed array, then flush() hands the whole column to DuckDB at once.
      if (source instanceof Float64Array) doubleItems(vector).set(source.subarray(start, start + n));
      else if (source instanceof Int32Array) intItems(vector).set(source.subarray(start, start + n));
      else intItems(vector).fill(source.repeat);
      vector.flush();
    }
    appender.appendDataChunk(chunk);
  }
}
