import { z } from 'zod';
import { TIMEFRAMES, type Timeframe } from '../../engine/index.ts';
import { IMPORT_FORMATS } from './detect.ts';

/** Ticker symbols after upper-casing: 1–16 of A–Z, 0–9, `.` and `-` (BRK.B, BF-B). */
export const SYMBOL_PATTERN = /^[A-Z0-9.\-]{1,16}$/;

/** Options of one file import (the CLI's `--symbol --timeframe --format --adjusted`). */
export const ImportOptionsSchema = z.object({
  /** Ticker the bars belong to; trimmed and upper-cased before the check. */
  symbol: z
    .string({ error: 'symbol is required (a ticker such as SPY)' })
    .trim()
    .toUpperCase()
    .regex(SYMBOL_PATTERN, { error: 'symbol must be 1–16 characters of A–Z, 0–9, "." or "-" (after upper-casing)' }),
  /** Bar length of the file: 1Day files hold dates, intraday files UTC instants. */
  timeframe: z.enum(TIMEFRAMES as [Timeframe, ...Timeframe[]], { error: `timeframe must be one of ${TIMEFRAMES.join(', ')}` }),
  /** File format; `auto` detects it from the header or the `.zip` extension. */
  format: z.enum(IMPORT_FORMATS, { error: `format must be one of ${IMPORT_FORMATS.join(', ')}` }).default('auto'),
  /** Use split/dividend-adjusted prices (yahoo, quandl only). */
  adjusted: z.boolean({ error: 'adjusted must be true or false' }).default(false),
});

/**
 * Import options as a caller writes them, e.g. straight from CLI flags or a request body: strings,
 * checked by {@link ImportOptionsSchema} when the import starts (an invalid one is an ImportError).
 */
export interface ImportOptions {
  /** Ticker, any case: `spy` is stored as SPY. */
  readonly symbol: string;
  /** `1Min`, `5Min`, `1Hour` or `1Day`. */
  readonly timeframe: string;
  /** `auto` (default) or one of FORMATS. */
  readonly format?: string;
  /** Use the file's adjusted prices (yahoo, quandl); default false. */
  readonly adjusted?: boolean;
}

/** Import options after validation: symbol upper-cased, defaults filled in. */
export type ResolvedImportOptions = z.output<typeof ImportOptionsSchema>;

/** The invalid options of a failed parse, one clause each, each starting with the option's name. */
export function describeOptionErrors(error: z.ZodError): string {
  const describe = (issue: z.core.$ZodIssue) => {
    const name = issue.path.join('.') || 'options';
    return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
  };
  return error.issues.map(describe).join('; ');
}
