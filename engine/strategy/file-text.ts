import { readFileSync } from 'node:fs';

/** Why a file could not be read, in words rather than an errno (EISDIR, ENOENT, EACCES). */
export function fileReadReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'not readable by this user';
  return err instanceof Error ? err.message : String(err);
}

/** The UTF-8 text of a file a strategy reads (a prompt template, a signals CSV); errors say `what` and why. */
export function readStrategyFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${what} ${path}: ${fileReadReason(err)}`, { cause: err });
  }
}
