import { openSqlSandbox, SqlRefused, sqlResultToArrow, type SqlResult as DataSqlResult, type SqlSandboxOptions, type Store } from '../../data/index.ts';

/** A result of a sandboxed query, as the API returns it. */
export interface SqlResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly rowCount: number;
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

/** The SQL sandbox as the routes use it (a port, so tests and servers without a sandbox can do without). */
export interface SqlService {
  query(sql: string, options: { maxRows: number; timeoutMs: number }): Promise<SqlResult>;
  toArrow(result: SqlResult): Uint8Array;
  /** The refusal's code and message when `err` is the sandbox refusing a statement, else null. */
  refusal(err: unknown): { code: string; message: string } | null;
}

/** The data layer's sandbox behind the SqlService port. */
export async function openSqlService(store: Store, options: SqlSandboxOptions = {}): Promise<SqlService & { close(): Promise<void> }> {
  const sandbox = await openSqlSandbox(store, options);
  return {
    query: (sql, o) => sandbox.query(sql, { maxRows: o.maxRows, timeoutMs: o.timeoutMs }),
    toArrow: (result) => sqlResultToArrow(result as DataSqlResult),
    refusal: (err) => (err instanceof SqlRefused ? { code: err.code, message: err.message } : null),
    close: () => sandbox.close(),
  };
}
