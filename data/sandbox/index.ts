// The SQL sandbox's public surface: read-only SQL over the store's views, as JSON rows or Arrow.
export { openSqlSandbox, type SqlSandbox, type SqlSandboxOptions, type SqlQueryOptions } from './sql-sandbox.ts';
export { SqlRefused, type SqlRefusedCode } from './sql-refused.ts';
export type { SqlColumn, SqlResult } from './sql-result.ts';
export { sqlResultToArrow } from './sql-arrow.ts';
export { SANDBOX_VIEWS, type SandboxView } from './sandbox-views.ts';
export { ALLOWED_TABLE_FUNCTIONS, FORBIDDEN_FUNCTIONS } from './sql-guard.ts';
