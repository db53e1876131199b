// Decides whether a text may run in the sandbox, using DuckDB's own parser (never regexes over the SQL):
// 1. extractStatements counts statements: more than one is refused before anything else.
// 2. json_serialize_sql parses the statement and serialises only SELECT statements (WITH, DESCRIBE,
//    SUMMARIZE and FROM-first queries are SELECTs); anything else comes back as an error object.
//    EXPLAIN [ANALYZE] is the one exception: its keyword is peeled off and the query under it is checked.
// 3. The statement's syntax tree is walked: every table it names must be a sandbox view or a CTE in
//    scope, every table function must be on a short allow-list, every function call off a deny-list.
// Only a statement that passes all three is prepared (DuckDB binds table functions at prepare time, so
// read_csv would already touch the file there: nothing user-written is bound before this check).
import type { DuckDBConnection } from '@duckdb/node-api';
import { SANDBOX_VIEW_NAMES } from './sandbox-views.ts';
import { SqlRefused } from './sql-refused.ts';

/** Table functions a query may call: generators only, none reads a file or the catalog. */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['range', 'generate_series', 'unnest']);

/**
 * Scalar functions a query may not call: they leak configuration (current_setting), change state
 * (nextval, write_log), run serialised plans, or block a thread where interrupt cannot reach (sleeps).
 */
export const FORBIDDEN_FUNCTIONS: ReadonlySet<string> = new Set([
  'current_setting', 'getenv', 'nextval', 'currval', 'setval', 'write_log', 'sleep_ms', 'pg_sleep',
  'json_execute_serialized_sql', 'query', 'query_table', 'getvariable', 'enable_profiling',
]);

const VIEW_LIST = [...SANDBOX_VIEW_NAMES].join(', ');

/** What the sandbox will run for an accepted text: the text itself, or EXPLAIN over the checked query. */
export interface CheckedSql {
  readonly sql: string;
  readonly kind: 'select' | 'explain';
}

/**
 * Checks `text` on `conn` (a sandbox connection: the parsing functions used have no side effects).
 * `shadowed` are names of real tables and views outside the sandbox: a CTE may not take one of them,
 * so that no mistake in CTE scoping below can ever let such a name through as a "CTE".
 */
export async function checkSql(conn: DuckDBConnection, text: string, shadowed: ReadonlySet<string>, maxLength: number): Promise<CheckedSql> {
  if (text.length > maxLength) throw new SqlRefused('too_long', `the query is ${text.length} characters long; the sandbox takes at most ${maxLength}`);
  const start = skipBlank(text, 0);
  if (start >= text.length) throw new SqlRefused('empty', 'the query is empty');
  await checkOneStatement(conn, text);
  const first = wordAt(text, start);
  let inner = text;
  let prefix = '';
  if (first.toUpperCase() === 'EXPLAIN') {
    let at = skipBlank(text, start + first.length);
    const second = wordAt(text, at).toUpperCase();
    if (second === 'ANALYZE' || second === 'ANALYSE') at = skipBlank(text, at + second.length);
    prefix = second === 'ANALYZE' || second === 'ANALYSE' ? 'EXPLAIN ANALYZE ' : 'EXPLAIN ';
    inner = text.slice(at);
    if (skipBlank(inner, 0) >= inner.length) throw new SqlRefused('syntax', 'EXPLAIN needs a query to explain');
  }
  const ast = await serialize(conn, inner, prefix === '' ? first : wordAt(inner, skipBlank(inner, 0)));
  checkTree(ast, shadowed);
  return prefix === '' ? { sql: text, kind: 'select' } : { sql: prefix + inner, kind: 'explain' };
}

async function checkOneStatement(conn: DuckDBConnection, text: string): Promise<void> {
  let count: number;
  try {
    count = (await conn.extractStatements(text)).count;
  } catch (err) {
    throw new SqlRefused('syntax', cleanMessage(err), { cause: err });
  }
  if (count === 0) throw new SqlRefused('empty', 'the query is empty');
  if (count > 1) {
    const pivot = /\bPIVOT\b/i.test(text) ? ' (a PIVOT without an IN list counts as two: list the values, ON symbol IN (\'SPY\', \'QQQ\'))' : '';
    throw new SqlRefused('multiple_statements', `the text holds ${count} statements; the sandbox runs exactly one${pivot}`);
  }
}

async function serialize(conn: DuckDBConnection, text: string, keyword: string): Promise<unknown> {
  const reader = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [text]);
  const parsed = JSON.parse(String(reader.getRowsJS()[0][0])) as { error: boolean; error_type?: string; error_message?: string; statements?: unknown[] };
  if (parsed.error) {
    if (parsed.error_type === 'not implemented') {
      const what = keyword === '' ? 'this statement' : `${keyword.toUpperCase()} statements`;
      throw new SqlRefused('not_read_only', `${what} cannot run in the sandbox: only SELECT, WITH, DESCRIBE, SUMMARIZE and EXPLAIN`);
    }
    throw new SqlRefused('syntax', parsed.error_message ?? 'the query could not be parsed');
  }
  const statements = parsed.statements ?? [];
  if (statements.length !== 1) throw new SqlRefused('multiple_statements', `the text holds ${statements.length} statements; the sandbox runs exactly one`);
  return statements[0];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Walks a serialised statement; throws SqlRefused at the first table or function not allowed. */
export function checkTree(tree: unknown, shadowed: ReadonlySet<string>): void {
  visit(tree as Json, new Set());

  function visit(node: Json, ctes: ReadonlySet<string>): void {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, ctes);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const inScope = withCtes(node, ctes);
    checkNode(node, inScope);
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'cte_map') visit(child, inScope);
    }
  }

  // CTEs are visible in their node's whole subtree, and each definition sees the ones before it (and
  // itself only when recursive): exactly DuckDB's binding order, so a later CTE never hides a real table.
  function withCtes(node: { [key: string]: Json }, outer: ReadonlySet<string>): ReadonlySet<string> {
    const map = (node.cte_map as { map?: Json } | undefined)?.map;
    if (!Array.isArray(map) || map.length === 0) return outer;
    const scope = new Set(outer);
    for (const entry of map) {
      const { key, value } = entry as { key: string; value: { query?: { node?: { type?: string; cte_name?: string } } } };
      const name = key.toLowerCase();
      if (shadowed.has(name) && !SANDBOX_VIEW_NAMES.has(name)) {
        throw new SqlRefused('forbidden_table', `a CTE may not be named "${key}": that name belongs to a table outside the sandbox`);
      }
      const recursive = value.query?.node?.type === 'RECURSIVE_CTE_NODE';
      visit(value as Json, recursive ? new Set([...scope, name]) : scope);
      scope.add(name);
    }
    return scope;
  }

  function checkNode(node: { [key: string]: Json }, ctes: ReadonlySet<string>): void {
    if (node.type === 'BASE_TABLE') checkTable(node, ctes);
    else if (node.type === 'SHOW_REF') checkShow(node);
    else if (node.type === 'TABLE_FUNCTION') checkTableFunction(node.function as { [key: string]: Json });
    else if (node.class === 'FUNCTION' || node.class === 'WINDOW' || node.class === 'AGGREGATE') checkFunction(node);
  }

  function checkTable(node: { [key: string]: Json }, ctes: ReadonlySet<string>): void {
    const table = String(node.table_name ?? '');
    const qualified = [node.catalog_name, node.schema_name, table].filter((p) => typeof p === 'string' && p !== '').join('.');
    if (/[/\\:]|\.(csv|tsv|parquet|json|jsonl|ndjson|txt|gz|zst)$/i.test(table)) {
      throw new SqlRefused('forbidden_table', `files cannot be read in the sandbox ("${table}"): query the views ${VIEW_LIST}`);
    }
    if (node.catalog_name || node.schema_name) {
      throw new SqlRefused('forbidden_table', `"${qualified}" is not available in the sandbox: name the views without a schema (${VIEW_LIST})`);
    }
    const name = table.toLowerCase();
    if (!ctes.has(name) && !SANDBOX_VIEW_NAMES.has(name)) {
      throw new SqlRefused('forbidden_table', `"${table}" is not available in the sandbox: query the views ${VIEW_LIST}`);
    }
  }

  function checkShow(node: { [key: string]: Json }): void {
    const table = String(node.table_name ?? '').replace(/^"(.*)"$/, '$1');
    if (table !== '' && !SANDBOX_VIEW_NAMES.has(table.toLowerCase())) {
      throw new SqlRefused('forbidden_table', `SHOW "${table}" is not available in the sandbox: the views are ${VIEW_LIST}`);
    }
  }

  function checkTableFunction(fn: { [key: string]: Json } | undefined): void {
    const name = String(fn?.function_name ?? '');
    if (fn?.schema || fn?.catalog || !ALLOWED_TABLE_FUNCTIONS.has(name.toLowerCase())) {
      throw new SqlRefused('forbidden_function', `table function ${name}() is not available in the sandbox (it may read files or the catalog); allowed: ${[...ALLOWED_TABLE_FUNCTIONS].join(', ')}`);
    }
  }

  function checkFunction(node: { [key: string]: Json }): void {
    const name = String(node.function_name ?? '');
    // The parser itself writes main.list_value for [1, 2]; built-ins live in system.main / pg_catalog.
    const catalog = String(node.catalog ?? '').toLowerCase();
    const schema = String(node.schema ?? '').toLowerCase();
    if (!['', 'system'].includes(catalog) || !['', 'main', 'pg_catalog'].includes(schema)) {
      throw new SqlRefused('forbidden_function', `${[node.catalog, node.schema, name].filter(Boolean).join('.')}(): only built-in functions are available in the sandbox`);
    }
    if (FORBIDDEN_FUNCTIONS.has(name.toLowerCase())) {
      throw new SqlRefused('forbidden_function', `${name}() is not available in the sandbox`);
    }
  }
}

/** Index of the first character at or after `at` that is not whitespace, a `--` comment or a (nested) block comment. */
export function skipBlank(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === ';') i++;
    else if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      let depth = 0;
      while (i < text.length) {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
    } else break;
  }
  return i;
}

function wordAt(text: string, at: number): string {
  return /^[A-Za-z_]+/.exec(text.slice(at, at + 32))?.[0] ?? '';
}

/** DuckDB's message without the "Parser Error: " style prefix doubling, single line where possible. */
export function cleanMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).trim();
}
