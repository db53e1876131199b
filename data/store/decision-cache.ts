import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Store } from './store.ts';
import { runOnStore } from './store.ts';
import { inTransaction, queryRows } from './sql.ts';

/** One cached model answer: keyed by (model, prompt hash, decoding hash). A failed call has response null and error set. */
export interface CachedDecision {
  readonly model: string;
  readonly promptHash: string;
  readonly decodingHash: string;
  readonly response: string | null;
  readonly error: string | null;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly latencyMs: number;
  readonly createdAt: number;
}

/** A prompt's text, stored once by its hash. */
export interface StoredPrompt {
  readonly hash: string;
  readonly text: string;
}

/** The LLM decision cache in the store (tables llm_decisions and llm_prompts). */
export interface DecisionCache {
  /** Every cached answer for one model and decoding setting, by prompt hash (loaded once per run: lookups stay in memory). */
  load(model: string, decodingHash: string): Promise<Map<string, CachedDecision>>;
  /** Stores answers (replacing same keys) and prompt texts (kept when already there) in one transaction. */
  save(decisions: readonly CachedDecision[], prompts: readonly StoredPrompt[], createdAt: number): Promise<void>;
  /** A prompt's text by hash, null when not stored. */
  prompt(hash: string): Promise<string | null>;
  /** Every cached answer and the prompts they answer (to carry a cache into a new database). */
  exportAll(): Promise<{ decisions: CachedDecision[]; prompts: StoredPrompt[] }>;
}

// Rows per INSERT statement: large enough to amortise the round trip, small enough for DuckDB's parameter binding.
const CHUNK = 200;

/** The decision cache of a store opened by openStore. */
export function decisionCache(store: Store): DecisionCache {
  return {
    load: (model, decodingHash) =>
      runOnStore(
        store,
        async (c) => {
          const rows = await queryRows(c, `SELECT ${DECISION_COLUMNS} FROM llm_decisions WHERE model = $1 AND decoding_hash = $2`, [model, decodingHash]);
          return new Map(rows.map((r) => [r.prompt_hash as string, decisionFromRow(r)]));
        },
        `cannot read the decision cache for ${model}`,
      ),
    save: (decisions, prompts, createdAt) =>
      runOnStore(
        store,
        (c) =>
          inTransaction(c, async () => {
            for (let i = 0; i < prompts.length; i += CHUNK) {
              const part = prompts.slice(i, i + CHUNK);
              await insert(c, 'INSERT OR IGNORE INTO llm_prompts (hash, text, created_at) VALUES', 3, part.flatMap((p) => [p.hash, p.text, createdAt]));
            }
            for (let i = 0; i < decisions.length; i += CHUNK) {
              const part = decisions.slice(i, i + CHUNK);
              await insert(
                c,
                'INSERT OR REPLACE INTO llm_decisions (model, prompt_hash, decoding_hash, response, error, prompt_tokens, completion_tokens, latency_ms, created_at) VALUES',
                9,
                part.flatMap((d) => [d.model, d.promptHash, d.decodingHash, d.response, d.error, d.promptTokens, d.completionTokens, d.latencyMs, d.createdAt]),
              );
            }
          }),
        'cannot save to the decision cache',
        true,
      ),
    exportAll: () =>
      runOnStore(
        store,
        async (c) => {
          const rows = await queryRows(c, `SELECT ${DECISION_COLUMNS} FROM llm_decisions ORDER BY model, decoding_hash, prompt_hash`);
          const prompts = await queryRows(c, 'SELECT p.hash, p.text FROM llm_prompts p WHERE p.hash IN (SELECT prompt_hash FROM llm_decisions) ORDER BY p.hash');
          return {
            decisions: rows.map(decisionFromRow),
            prompts: prompts.map((r) => ({ hash: r.hash as string, text: r.text as string })),
          };
        },
        'cannot read the decision cache',
      ),
    prompt: (hash) =>
      runOnStore(
        store,
        async (c) => {
          const rows = await queryRows(c, 'SELECT text FROM llm_prompts WHERE hash = $1', [hash]);
          return rows.length === 0 ? null : (rows[0].text as string);
        },
        `cannot read prompt ${hash}`,
      ),
  };
}

async function insert(c: DuckDBConnection, head: string, width: number, values: DuckDBValue[]): Promise<void> {
  const rows = values.length / width;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) tuples.push(`(${Array.from({ length: width }, (_, k) => `$${r * width + k + 1}`).join(', ')})`);
  await c.run(`${head} ${tuples.join(', ')}`, values);
}

/** Names of symbols where the store knows them (table symbol_names). */
export function readSymbolNames(store: Store, symbols: readonly string[]): Promise<Map<string, string>> {
  return runOnStore(
    store,
    async (c) => {
      const rows = await queryRows(c, 'SELECT symbol, name FROM symbol_names');
      const wanted = new Set(symbols);
      return new Map(rows.filter((r) => wanted.has(r.symbol as string)).map((r) => [r.symbol as string, r.name as string]));
    },
    'cannot read symbol names',
  );
}

/** Records symbols' names (replacing earlier ones). */
export function writeSymbolNames(store: Store, names: ReadonlyMap<string, string>): Promise<void> {
  return runOnStore(
    store,
    (c) =>
      inTransaction(c, async () => {
        for (const [symbol, name] of names) await c.run('INSERT OR REPLACE INTO symbol_names VALUES ($1, $2)', [symbol, name]);
      }),
    'cannot save symbol names',
    true,
  );
}

const DECISION_COLUMNS = 'model, prompt_hash, decoding_hash, response, error, prompt_tokens, completion_tokens, latency_ms, created_at';

/** A row of DECISION_COLUMNS as a cached decision. */
function decisionFromRow(r: Record<string, unknown>): CachedDecision {
  return {
    model: r.model as string,
    promptHash: r.prompt_hash as string,
    decodingHash: r.decoding_hash as string,
    response: (r.response as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    promptTokens: Number(r.prompt_tokens),
    completionTokens: Number(r.completion_tokens),
    latencyMs: Number(r.latency_ms),
    createdAt: Number(r.created_at),
  };
}
