// The read-only views a sandboxed query may name. Each is a TEMP view of the sandbox's own connection
// (temp objects are per connection in DuckDB, so nothing is written to the store file and no other
// connection sees them). Epoch-ms columns are shown as UTC TIMESTAMPs, with the raw value kept as *_ms
// where a join back to the engine's numbers is useful.

/** One view offered to notebook SQL: its name, what it holds, and its columns (for the studio's schema browser). */
export interface SandboxView {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly string[];
  /** The view's SELECT over the store's tables; `db` is the quoted name of the store's catalog. */
  readonly select: (db: string) => string;
}

/** Every view of the sandbox, in the order the studio lists them. */
export const SANDBOX_VIEWS: readonly SandboxView[] = [
  {
    name: 'bars',
    description: 'OHLCV bars, one row per symbol, timeframe and bar open time (UTC)',
    columns: ['symbol', 'timeframe', 'ts', 'ts_ms', 'open', 'high', 'low', 'close', 'volume'],
    select: (db) => `SELECT symbol, timeframe, epoch_ms(ts) AS ts, ts AS ts_ms, open, high, low, close, volume FROM ${db}.main.bars`,
  },
  {
    name: 'series',
    description: 'one row per stored series (symbol and timeframe): first and last bar, bar count',
    columns: ['symbol', 'timeframe', 'first_ts', 'last_ts', 'bar_count'],
    select: (db) =>
      `SELECT symbol, timeframe, epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts, count(*) AS bar_count
       FROM ${db}.main.bars GROUP BY symbol, timeframe`,
  },
  {
    name: 'symbols',
    description: 'every symbol with bars or a known name, and its name when known',
    columns: ['symbol', 'name'],
    select: (db) =>
      `SELECT s.symbol, n.name FROM (SELECT DISTINCT symbol FROM ${db}.main.bars UNION SELECT symbol FROM ${db}.main.symbol_names) s
       LEFT JOIN ${db}.main.symbol_names n ON n.symbol = s.symbol`,
  },
  {
    name: 'runs',
    description: 'stored runs: status, strategy, universe, period, config, metrics and result as JSON',
    columns: ['run_id', 'created_at', 'status', 'strategy', 'symbols', 'timeframe', 'from_ts', 'to_ts', 'config', 'metrics', 'summary', 'result', 'equity_points'],
    select: (db) =>
      `SELECT run_id, epoch_ms(created_at) AS created_at, status, strategy, symbols, timeframe, epoch_ms(from_ts) AS from_ts,
       epoch_ms(to_ts) AS to_ts, config, metrics, summary, result, equity_points FROM ${db}.main.runs`,
  },
  {
    name: 'run_equity',
    description: 'equity curves of stored runs: one row per run and bar',
    columns: ['run_id', 'ts', 'ts_ms', 'equity'],
    select: (db) => `SELECT r.run_id, epoch_ms(p.ts::BIGINT) AS ts, p.ts::BIGINT AS ts_ms, p.equity FROM ${db}.main.run_points p JOIN ${db}.main.runs r USING (run_no)`,
  },
  {
    name: 'journal',
    description:
      'the audit journal (read only): one row per entry, data as JSON; data_text, recorded_at_ms, ts_ms, prev_hash and hash are what the chain hashes (hash = sha256(prev_hash || canonical JSON of the entry))',
    columns: ['seq', 'recorded_at', 'recorded_at_ms', 'run_id', 'kind', 'actor', 'ts', 'ts_ms', 'symbol', 'order_id', 'data', 'data_text', 'prev_hash', 'hash'],
    select: (db) =>
      `SELECT seq, epoch_ms(recorded_at) AS recorded_at, recorded_at AS recorded_at_ms, run_id, kind, actor, epoch_ms(ts) AS ts, ts AS ts_ms, symbol, order_id,
       data::JSON AS data, data AS data_text, prev_hash, hash
       FROM ${db}.main.journal`,
  },
  {
    name: 'llm_decisions',
    description: 'cached LLM answers by model, prompt hash and decoding settings, with tokens and latency',
    columns: ['model', 'prompt_hash', 'decoding_hash', 'response', 'error', 'prompt_tokens', 'completion_tokens', 'latency_ms', 'created_at'],
    select: (db) =>
      `SELECT model, prompt_hash, decoding_hash, response, error, prompt_tokens, completion_tokens, latency_ms, epoch_ms(created_at) AS created_at
       FROM ${db}.main.llm_decisions`,
  },
  {
    name: 'llm_prompts',
    description: 'LLM prompt texts by their sha256 hash',
    columns: ['hash', 'text', 'created_at'],
    select: (db) => `SELECT hash, text, epoch_ms(created_at) AS created_at FROM ${db}.main.llm_prompts`,
  },
];

/** The view names, lower case: the only tables a sandboxed query may name. */
export const SANDBOX_VIEW_NAMES: ReadonlySet<string> = new Set(SANDBOX_VIEWS.map((v) => v.name));

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
