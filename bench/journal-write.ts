// Micro-benchmark of storing one run's journal: node --import tsx bench/journal-write.ts [fast] [slow] [flushes]
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, parseBarsFile } from '../data/index.ts';
import { fixedClock, memoryBatchFeed, MemoryJournal, type Journal, type JournalDraft } from '../engine/index.ts';
import { parseBacktestConfig } from '../server/backtest/backtest-config.ts';
import { runBacktestOnFeed } from '../server/backtest/run-backtest.ts';
import { stitch } from './synthetic.ts';

const [fast = '10', slow = '30', flushes = '17'] = process.argv.slice(2);
const DATA = process.env.TRADEBOOK_DATA_DIR ?? resolve(import.meta.dirname, '..', '..', 'shared', 'data');
const spy = await parseBarsFile(join(DATA, 'daily', 'SPY.csv'), { symbol: 'SPY', timeframe: '1Day', format: 'uniform', adjusted: false });
const p = stitch(spy, 1_000_000, { symbol: 'SYN', timeframe: '1Min', startTs: Date.UTC(2000, 0, 3), stepMs: 60_000 });
const batch = { length: p.length, ts: p.ts, symbol: new Int32Array(p.length), open: p.open, high: p.high, low: p.low, close: p.close, volume: p.volume };
const config = parseBacktestConfig({ symbols: ['SYN'], timeframe: '1Min', session: 'all', strategy: 'sma-cross', params: { fast, slow } });
const drafts: JournalDraft[] = [];
const capture: Journal = { append: (d) => drafts.push(d), flush: async () => {} };
const feed = () => Object.assign(memoryBatchFeed(batch, ['SYN'], '1Min'), { count: p.length, slices: p.length, fingerprint: 'bench', firstTs: p.ts[0], lastTs: p.ts[p.length - 1] });
await runBacktestOnFeed(feed(), config, { journal: capture });
console.log(`${drafts.length} drafts`);

let t0 = performance.now();
const mem = new MemoryJournal(fixedClock(0));
for (const d of drafts) mem.append(d);
console.log(`MemoryJournal chain: ${(performance.now() - t0).toFixed(0)} ms`);

const path = join(tmpdir(), `tb-journal-bench-${process.pid}.duckdb`);
const store = await openStore(path);
try {
  const j = store.journal();
  const per = Math.ceil(drafts.length / Number(flushes));
  t0 = performance.now();
  let appendMs = 0;
  for (let i = 0; i < drafts.length; i += per) {
    const a = performance.now();
    for (const d of drafts.slice(i, i + per)) j.append(d);
    appendMs += performance.now() - a;
    await j.flush();
  }
  console.log(`DuckJournal append+flush x${flushes}: ${(performance.now() - t0).toFixed(0)} ms (append ${appendMs.toFixed(0)} ms)`);
  t0 = performance.now();
  await store.close();
  console.log(`close: ${(performance.now() - t0).toFixed(0)} ms`);
} finally {
  for (const s of ['', '.wal']) rmSync(path + s, { force: true });
}
