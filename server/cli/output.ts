import cliProgress from 'cli-progress';

/** A column of a text table: header, how to read a cell, and alignment (numbers right). */
export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
  readonly align?: 'left' | 'right';
}

/** Aligned plain-text table, two spaces between columns. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Percent with 2 decimals, or an em dash for null. */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
/** Fixed decimals, or an em dash for null. */
export const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '—' : x.toFixed(digits));
/** Dollars with grouping. */
export const usd = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/** JSON on stdout, nothing else: progress and logs go to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A progress bar on stderr when it is a terminal and not silenced; a no-op otherwise. */
export interface Progress {
  update(done: number, total: number, payload?: Record<string, string>): void;
  stop(): void;
}

export function progressBar(label: string, quiet: boolean, detail?: (done: number, total: number) => string): Progress {
  if (quiet || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}${detail ? ' | {detail}' : ''}`, stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        // The first frame is drawn by start(): it needs the payload too, or it shows a literal {detail}.
        bar.start(total, 0, detail ? { detail: detail(0, total) } : undefined);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, detail ? { detail: detail(done, total) } : undefined);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A line for humans on stderr (never mixed into --json stdout). */
export function note(message: string, quiet = false): void {
  if (!quiet) process.stderr.write(`${message}\n`);
}
