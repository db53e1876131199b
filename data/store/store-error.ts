/** What went wrong in the store, as a fixed set: callers branch on the code, never on message text. */
export type StoreErrorCode = 'not_found' | 'invalid' | 'conflict' | 'io';

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
