import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// @duckdb/node-api hands every fetched data chunk (2,048 rows: about 115 KB for a bar row) to JavaScript as a small
// wrapper whose native memory is freed only by the wrapper's finalizer, and V8 is never told about that memory.
// A long stream therefore looks tiny to the collector while its chunks pile up natively: reading 10M bars with
// DuckDB's memory_limit at 128 MB peaked at 709 MB resident. The wrappers die young, so a scavenge (a minor
// collection, a millisecond or so) every CHUNKS_PER_SCAVENGE chunks runs their finalizers: the same read peaked at
// 259 MB, and finished sooner.
const CHUNKS_PER_SCAVENGE = 64;

let scavenge: (() => void) | null = null;
let seen = 0;

function collector(): () => void {
  if (scavenge === null) {
    // gc is exposed to a fresh context only; the flag changes nothing else.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;
    scavenge = () => gc({ type: 'minor' });
  }
  return scavenge;
}

/** Call once per data chunk read from a long result: frees the native memory of the chunks already dropped. */
export function chunkRead(): void {
  if (++seen % CHUNKS_PER_SCAVENGE === 0) collector()();
}
