import { basename } from 'node:path';
import { unzipSync } from 'fflate';
import { nyLocalToUtc } from '../../engine/index.ts';
import { checkBars } from './check-bars.ts';
import { readCsvColumns, splitCsvHeader } from './csv-columns.ts';
import { refuseAdjusted, type ReadOptions } from './csv-layout.ts';
import { ImportError, type ParsedBars } from './parsed-bars.ts';

/** LEAN's minute trade bars: one zip per day, `YYYYMMDD_trade.zip`; the date comes from the name. */
export const LEAN_ZIP_NAME = /^(\d{8})_trade\.zip$/i;

const LEAN_COLUMNS = ['ms_since_midnight_NY', 'open', 'high', 'low', 'close', 'volume'];
/** LEAN equity prices are integers in 1/10000 dollar. */
const PRICE_SCALE = 10_000;
const DAY_MS = 86_400_000;

/**
 * Reads one LEAN minute zip: a single headerless CSV `ms_since_midnight_NY,open,high,low,close,volume`,
 * prices in 1/10000 dollar, bar start in New York local time (converted to UTC, daylight saving
 * included). Intraday timeframes only; raw prices (LEAN adjusts with factor files, not read here).
 */
export function readLeanZip(file: string, zip: Uint8Array, options: ReadOptions): ParsedBars {
  refuseAdjusted(file, 'lean-zip', options);
  const date = LEAN_ZIP_NAME.exec(basename(file))?.[1];
  if (date === undefined) {
    throw new ImportError(file, null, `lean-zip files are named YYYYMMDD_trade.zip (the bars' date), got ${JSON.stringify(basename(file))}`);
  }
  if (options.timeframe === '1Day') {
    throw new ImportError(file, null, 'lean-zip holds intraday bars (ms since midnight), but the timeframe is 1Day');
  }
  const [entry, bytes] = onlyEntry(file, zip);
  try {
    const csv = splitCsvHeader(file, new TextDecoder().decode(bytes), false);
    // The time column is a plain number here: read as a number, then converted per row below.
    const read = readCsvColumns(csv, { names: LEAN_COLUMNS, timestampColumn: -1, timeframe: options.timeframe });
    const [ms, open, high, low, close, volume] = read.columns;
    for (let i = 0; i < read.length; i++) {
      const t = ms[i];
      if (!(Number.isInteger(t) && t >= 0 && t < DAY_MS)) {
        throw new ImportError(file, read.line[i], `ms_since_midnight_NY must be a whole number in [0, 86400000), got ${t}`);
      }
      ms[i] = nyLocalToUtc(date, t);
      open[i] /= PRICE_SCALE;
      high[i] /= PRICE_SCALE;
      low[i] /= PRICE_SCALE;
      close[i] /= PRICE_SCALE;
    }
    const { symbol, timeframe } = options;
    const bars = { file, symbol, timeframe, length: read.length, line: read.line, ts: ms, open, high, low, close, volume };
    return checkBars(bars, 'ascending');
  } catch (e) {
    // Lines are counted inside the CSV entry: say which one.
    throw e instanceof ImportError ? new ImportError(file, e.line, `${entry}: ${e.reason}`) : e;
  }
}

function onlyEntry(file: string, zip: Uint8Array): [string, Uint8Array] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (e) {
    throw new ImportError(file, null, `not a readable zip archive (${e instanceof Error ? e.message : String(e)})`);
  }
  const files = Object.entries(entries).filter(([name]) => !name.endsWith('/'));
  if (files.length !== 1) {
    const names = files.map(([name]) => name).join(', ') || '(none)';
    throw new ImportError(file, null, `a lean-zip archive holds exactly one CSV, found ${files.length}: ${names}`);
  }
  return files[0];
}
