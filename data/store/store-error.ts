/**
 * What went wrong in the store, as a fixed set: callers branch on the code, never on message text. `locked`: the
 * database file is held by another process (DuckDB allows one writer, or readers only, per file).
 */
export type StoreErrorCode = 'not_found' | 'invalid' | 'conflict' | 'locked' | 'io';

/** The one error class of the data store. `cause` carries the DuckDB error when there is one. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Wraps an unknown failure as a StoreError, keeping one that already is. DuckDB reports
 * constraint and transaction conflicts in its message prefix; everything else is treated as I/O.
 */
export function toStoreError(err: unknown, context: string): StoreError {
  if (err instanceof StoreError) return err;
  const text = err instanceof Error ? err.message : String(err);
  return new StoreError(classify(text), `${context}: ${text}`, { cause: err });
}

function classify(text: string): StoreErrorCode {
  if (/conflict|duplicate key|violates primary key/i.test(text)) return 'conflict';
  if (/constraint|invalid input|conversion error/i.test(text)) return 'invalid';
  return 'io';
}

/**
 * The error of opening the database at `path`: a lock held by another process becomes `locked`, naming the file and,
 * when DuckDB says, the process (`Conflicting lock is held in /usr/bin/node (PID 4242)`); anything else as toStoreError.
 */
export function openStoreError(err: unknown, path: string): StoreError {
  if (err instanceof StoreError) return err;
  const text = err instanceof Error ? err.message : String(err);
  if (!/could not set lock on file|conflicting lock/i.test(text)) return toStoreError(err, `cannot open the store at ${path}`);
  const holder = /conflicting lock is held in (.+?) \(PID (\d+)\)/i.exec(text);
  const by = holder === null ? 'another process' : `another process (${holder[1]}, PID ${holder[2]})`;
  return new StoreError('locked', `the database ${path} is in use by ${by}`, { cause: err });
}
