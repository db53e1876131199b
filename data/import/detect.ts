import { basename } from 'node:path';
import { BACKTESTING_PY_LAYOUTS } from './backtesting-py.ts';
import { splitHeaderLine } from './csv-columns.ts';
import { describeHeader, matchesLayout, type Layout } from './csv-layout.ts';
import { ImportError } from './parsed-bars.ts';
import { QUANDL_LAYOUTS } from './quandl.ts';
import { UNIFORM_LAYOUTS } from './uniform.ts';
import { YAHOO_LAYOUTS } from './yahoo.ts';

/** The file formats the importers read (what `--format auto` resolves to). */
export const FORMATS = ['uniform', 'yahoo', 'quandl', 'backtesting-py', 'lean-zip'] as const;

/** A concrete file format. */
export type FileFormat = (typeof FORMATS)[number];

/** Values of the `--format` option: `auto` detects one of {@link FORMATS} from the file. */
export const IMPORT_FORMATS = ['auto', ...FORMATS] as const;

/** A `--format` value. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const CSV_LAYOUTS: readonly (readonly [FileFormat, readonly Layout[]])[] = [
  ['uniform', UNIFORM_LAYOUTS],
  ['yahoo', YAHOO_LAYOUTS],
  ['quandl', QUANDL_LAYOUTS],
  ['backtesting-py', BACKTESTING_PY_LAYOUTS],
];

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * The format of a file from its name and content: a `.zip` name or zip magic bytes is
 * `lean-zip`; otherwise the header (first line, any case) must be one a format writes.
 * An unknown header throws an ImportError naming the header seen and every known layout.
 */
export function detectFormat(file: string, content: Uint8Array): FileFormat {
  if (/\.zip$/i.test(file) || ZIP_MAGIC.every((b, k) => content[k] === b)) return 'lean-zip';
  const head = new TextDecoder().decode(content.subarray(0, 4096)).replace(/^\uFEFF/, '');
  if (head.trim() === '') throw new ImportError(file, null, 'the file is empty');
  const firstLine = head.split('\n', 1)[0];
  const header = splitHeaderLine(firstLine);
  const found = CSV_LAYOUTS.find(([, layouts]) => matchesLayout(header, layouts));
  if (found) return found[0];
  const known = CSV_LAYOUTS.map(([format, layouts]) => `${format} (${layouts.map((l) => l.join(',')).join(' | ')})`);
  throw new ImportError(
    file,
    1,
    `unknown header ${describeHeader(header)} in ${basename(file)}; known formats: ${known.join('; ')}; lean-zip (a YYYYMMDD_trade.zip)`,
  );
}
