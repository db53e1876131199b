// Measures the store's bulk paths: node --import tsx data/store/bench-store.ts [rows=1000000] [symbols=10] [memoryLimit]
// Prints import rows/s (fresh and re-import), feed open time, feed rows/s and peak RSS while replaying.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedBars } from '../import/index.ts';
import { openStore } from './store.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const symbols = Number(process.argv[3] ?? 10);
const memoryLimit = process.argv[4];
const path = join(tmpdir(), `tradebook-bench-${rows}.duckdb`);
const perSymbol = Math.ceil(rows / symbols);
const T0 = Date.parse('2020-01-02T14:30:00Z');

function synthetic(s: number): ParsedBars {
  const col = () => new Float64Array(perSymbol);
  const f = { ts: col(), open: col(), high: col(), low: col(), close: col(), volume: col() };
  let price = 100 + s;
  for (let i = 0; i < perSymbol; i++) {
    const next = price * (1 + Math.sin(i * 0.37 + s) * 0.001);
    f.ts[i] = T0 + i * 60_000;
    f.open[i] = price;
    f.close[i] = next;
    f.high[i] = Math.max(price, next) + 0.01;
    f.low[i] = Math.min(price, next) - 0.01;
    f.volume[i] = 1000 + (i % 97);
    price = next;
  }
  return { file: `S${s}.csv`, symbol: `S${s}`, timeframe: '1Min', length: perSymbol, ...f };
}

const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} rows/s`;
const mb = (b: number) => `${Math.round(b / 1e6)} MB`;

if (process.env.SKIP_IMPORT !== '1') {
  for (const suffix of ['', '.wal']) rmSync(path + suffix, { force: true });
  const files = Array.from({ length: symbols }, (_, s) => synthetic(s));
  const store = await openStore(path);
  let t = performance.now();
  const first = await store.importBars(files);
  const importMs = performance.now() - t;
  t = performance.now();
  const again = await store.importBars(files);
  const reMs = performance.now() - t;
  await store.close();
  console.log(`import ${first.inserted.toLocaleString('en-US')} new: ${importMs.toFixed(0)} ms (${rate(first.inserted, importMs)}); re-import ${again.unchanged.toLocaleString('en-US')} unchanged: ${reMs.toFixed(0)} ms (${rate(again.unchanged, reMs)})`);
}

const store = await openStore(path, { readOnly: true, memoryLimit });
let peak = process.memoryUsage.rss();
let t = performance.now();
const feed = await store.openFeed({ symbols: Array.from({ length: symbols }, (_, s) => `S${s}`), timeframe: '1Min' });
const openMs = performance.now() - t;
t = performance.now();
let n = 0;
let checksum = 0;
for await (const b of feed.batches()) {
  for (let i = 0; i < b.length; i++) checksum += b.close[i];
  n += b.length;
  peak = Math.max(peak, process.memoryUsage.rss());
}
const readMs = performance.now() - t;
await store.close();
console.log(`feed ${n.toLocaleString('en-US')} rows (${feed.slices.toLocaleString('en-US')} slices): open ${openMs.toFixed(0)} ms, read ${readMs.toFixed(0)} ms (${rate(n, readMs)}), total ${rate(n, openMs + readMs)}; peak RSS ${mb(peak)}; checksum ${checksum.toFixed(2)}`);
