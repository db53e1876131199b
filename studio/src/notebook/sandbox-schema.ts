/**
 * The read-only views SQL cells can query, with their columns, for the editor's completion. A copy of
 * data/sandbox/sandbox-views.ts as API.md describes it (the API has no schema route yet).
 */
export const SANDBOX_SCHEMA: Readonly<Record<string, readonly string[]>> = {
  bars: ['symbol', 'timeframe', 'ts', 'ts_ms', 'open', 'high', 'low', 'close', 'volume'],
  series: ['symbol', 'timeframe', 'first_ts', 'last_ts', 'bar_count'],
  symbols: ['symbol', 'name'],
  runs: ['run_id', 'created_at', 'status', 'strategy', 'symbols', 'timeframe', 'from_ts', 'to_ts', 'config', 'metrics', 'summary', 'result', 'equity_points'],
  run_equity: ['run_id', 'ts', 'ts_ms', 'equity'],
  journal: ['seq', 'recorded_at', 'recorded_at_ms', 'run_id', 'kind', 'actor', 'ts', 'ts_ms', 'symbol', 'order_id', 'data', 'data_text', 'prev_hash', 'hash'],
  llm_decisions: ['model', 'prompt_hash', 'decoding_hash', 'response', 'error', 'prompt_tokens', 'completion_tokens', 'latency_ms', 'created_at'],
  llm_prompts: ['hash', 'text', 'created_at'],
};
