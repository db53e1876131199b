/** Why the sandbox would not run a query, or stopped it: callers branch on the code, never on message text. */
export type SqlRefusedCode =
  /** Nothing but whitespace and comments. */
  | 'empty'
  /** Longer than the sandbox accepts. */
  | 'too_long'
  /** DuckDB's parser rejected the text. */
  | 'syntax'
  /** More than one statement (`SELECT 1; DROP TABLE bars`). */
  | 'multiple_statements'
  /** A statement other than SELECT / WITH / DESCRIBE / SUMMARIZE / EXPLAIN. */
  | 'not_read_only'
  /** A function the sandbox does not offer (file readers, settings, sequences, sleeps…). */
  | 'forbidden_function'
  /** A table, view or file that is not one of the sandbox's views. */
  | 'forbidden_table'
  /** Valid and allowed, but DuckDB failed to run it (unknown column, bad cast…). */
  | 'query_error'
  /** Ran longer than the time limit and was interrupted. */
  | 'timeout'
  /** More rows than the row limit, with `overflow: 'refuse'`. */
  | 'too_many_rows'
  /** The sandbox (or its store) is closed. */
  | 'closed';

/** The one error of the SQL sandbox: a refusal (or a stopped query) with a fixed code and a message for the user. */
export class SqlRefused extends Error {
  override readonly name = 'SqlRefused';
  constructor(
    readonly code: SqlRefusedCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
