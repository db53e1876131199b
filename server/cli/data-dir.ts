import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this module (source or bundle) whose package.json is tradebook's. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'tradebook') return dir;
    if (dirname(dir) === dir) return resolve(from, '..', '..');
  }
}

/** Default market data folder: ../shared/data beside the project. */
export const DEFAULT_DATA_DIR = resolve(PROJECT_ROOT, '..', 'shared', 'data');

/**
 * Finds the daily CSVs: --data-dir, else TRADEBOOK_DATA_DIR, else ../shared/data; either the data root
 * (with a daily/ folder) or the daily folder itself. Throws saying where it looked and how to point elsewhere.
 */
export function resolveDailyDir(flag: string | undefined): { dir: string; files: { symbol: string; path: string }[] } {
  const root = resolve(flag ?? process.env.TRADEBOOK_DATA_DIR ?? DEFAULT_DATA_DIR);
  const candidates = [join(root, 'daily'), root];
  for (const dir of candidates) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    const files = readdirSync(dir)
      .filter((f) => /^[A-Za-z0-9.\-]+\.csv$/.test(f))
      .sort()
      .map((f) => ({ symbol: f.replace(/\.csv$/, '').toUpperCase(), path: join(dir, f) }));
    if (files.length > 0) return { dir, files };
  }
  throw new Error(
    `no daily bar files found: looked for SYMBOL.csv files in ${candidates.join(' and ')}.\n` +
      `Point the demo at other bars with --data-dir PATH or TRADEBOOK_DATA_DIR=PATH (a folder holding daily/SYMBOL.csv, ` +
      `or the CSVs themselves, header timestamp,open,high,low,close,volume).`,
  );
}
