// V8 settings for the CLI process, applied before the CLI is loaded.
import { setFlagsFromString } from 'node:v8';

// V8 lets the old generation grow to several times what survived the last full collection before it collects
// again. A long replay makes garbage at a steady rate (journal text waiting for its flush, per-trade objects),
// so the heap sat at ~3× its live size: a 10M-bar replay peaked 55 MB higher (510 vs 455 MB at a 64 MB DuckDB
// limit) for no speed gained (10.2 vs 10.3 s). Growing by half the live size at most keeps it near what is used.
setFlagsFromString('--heap-growing-percent=50');
