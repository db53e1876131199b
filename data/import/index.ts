import { readFile } from 'node:fs/promises';
import { fileReadReason } from '../../engine/index.ts';
import { readBacktestingPy } from './backtesting-py.ts';
import { splitCsvHeader } from './csv-columns.ts';
import { detectFormat, type FileFormat } from './detect.ts';
import { readLeanZip } from './lean-zip.ts';
import { describeOptionErrors, ImportOptionsSchema, type ImportOptions, type ResolvedImportOptions } from './options.ts';
import { ImportError, type ParsedBars } from './parsed-bars.ts';
import { readQuandl } from './quandl.ts';
import { readUniform } from './uniform.ts';
import { readYahoo } from './yahoo.ts';

// The data/import module's public surface.
export { ImportError, type ParsedBars } from './parsed-bars.ts';
export { detectFormat, FORMATS, IMPORT_FORMATS, type FileFormat, type ImportFormat } from './detect.ts';
export { ImportOptionsSchema, SYMBOL_PATTERN, type ImportOptions, type ResolvedImportOptions } from './options.ts';

const CSV_READERS = {
  uniform: readUniform,
  yahoo: readYahoo,
  quandl: readQuandl,
  'backtesting-py': readBacktestingPy,
} as const;

/**
 * Reads, validates and returns the bars of one file, ascending. Any problem (bad options, an
 * unreadable file, one bad row) throws an ImportError with the file, the 1-based line and the reason;
 * nothing is returned for a file with a bad row.
 */
export async function parseBarsFile(path: string, options: ImportOptions): Promise<ParsedBars> {
  const resolved = resolveOptions(path, options);
  let content: Uint8Array;
  try {
    content = await readFile(path);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a folder: name the files in it (e.g. DIR/*.csv)' : fileReadReason(e);
    throw new ImportError(path, null, `cannot read the file: ${why}`);
  }
  return parseBars(path, content, resolved);
}

/** Like {@link parseBarsFile} for content already in memory (an upload); `file` names it in errors. */
export function parseBars(file: string, content: Uint8Array, options: ImportOptions): ParsedBars {
  const { format, ...read } = resolveOptions(file, options);
  const concrete: FileFormat = format === 'auto' ? detectFormat(file, content) : format;
  if (concrete === 'lean-zip') return readLeanZip(file, content, read);
  const csv = splitCsvHeader(file, new TextDecoder().decode(content), true);
  return CSV_READERS[concrete](csv, read);
}

function resolveOptions(file: string, options: ImportOptions): ResolvedImportOptions {
  const parsed = ImportOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ImportError(file, null, `invalid options: ${describeOptionErrors(parsed.error)}`);
  return parsed.data;
}
