import { Field, Float64, makeData, makeVector, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Table, tableToIPC, type Vector } from 'apache-arrow';
import type { Context } from 'hono';

/** The media type of an Arrow IPC stream. */
export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** True when the client asked for an Arrow IPC stream. */
export function wantsArrow(c: Context): boolean {
  return (c.req.header('accept') ?? '').toLowerCase().includes(ARROW_STREAM);
}

/** Rows per record batch: a long column is sent as several batches, views on the same memory. */
const BATCH_ROWS = 1 << 16;

/**
 * An Arrow IPC stream of Float64 columns built straight from typed arrays (no per-value work):
 * `makeData` over subarray views, one record batch per BATCH_ROWS rows.
 */
export function float64Ipc(columns: Record<string, Float64Array>, length: number): Uint8Array {
  const type = new Float64();
  const vectors: Record<string, Vector<Float64>> = {};
  for (const [name, values] of Object.entries(columns)) {
    const chunks = [];
    for (let start = 0; start < length || (start === 0 && length === 0); start += BATCH_ROWS) {
      const end = Math.min(length, start + BATCH_ROWS);
      chunks.push(makeData({ type, length: end - start, data: values.subarray(start, end) }));
      if (length === 0) break;
    }
    vectors[name] = makeVector(chunks);
  }
  return tableToIPC(new Table(vectors), 'stream');
}

/** An Arrow response of Float64 columns. */
export function arrowResponse(c: Context, columns: Record<string, Float64Array>, length: number): Response {
  const bytes = float64Ipc(columns, length);
  c.header('content-type', ARROW_STREAM);
  c.header('content-length', String(bytes.byteLength));
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}

/**
 * An Arrow IPC stream of Float64 columns written batch by batch as `produce` hands them over, so the first
 * byte leaves before the last value is read. `produce` must call `start()` once (the schema goes out then);
 * the returned promise resolves when the stream has started, and rejects if `produce` fails before that
 * (the caller answers with a JSON error instead). A failure after the start aborts the body.
 */
export async function float64ArrowStream(
  names: readonly string[],
  produce: (start: () => void, write: (columns: readonly Float64Array[]) => void) => Promise<unknown>,
): Promise<ReadableStream<Uint8Array>> {
  const type = new Float64();
  const schema = new Schema(names.map((n) => new Field(n, type, false)));
  const writer = new RecordBatchStreamWriter();
  const body = writer.toDOMStream() as unknown as ReadableStream<Uint8Array>;
  let started = false;
  let resolveStart!: () => void;
  let rejectStart!: (err: unknown) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveStart = res;
    rejectStart = rej;
  });
  const start = () => {
    if (started) return;
    started = true;
    writer.reset(undefined, schema);
    resolveStart();
  };
  const write = (columns: readonly Float64Array[]) => {
    const length = columns[0].length;
    const children = columns.map((data) => makeData({ type, length, data }));
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children })));
  };
  produce(start, write).then(
    () => {
      start();
      writer.finish();
    },
    (err) => {
      if (!started) rejectStart(err);
      else (writer as unknown as { abort(reason?: unknown): void }).abort(err);
    },
  );
  await ready;
  return body;
}
