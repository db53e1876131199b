import { createHash } from 'node:crypto';
import type { CachedDecision, DecisionCache, StoredPrompt } from '../../data/index.ts';
import type { ModelAnswer, ModelGateway, ModelProvider, ModelRequest, ModelSettings } from '../../engine/index.ts';
import type { ModelCatalog } from './model-catalog.ts';

/** live: always ask the model and store the answer; replay: answer only from the cache, never the network; record: ask only on a miss. */
export type LlmMode = 'live' | 'replay' | 'record';
export const LLM_MODES: readonly LlmMode[] = ['live', 'replay', 'record'];

/** Running totals for the progress line (cache hits differ between live and replay, so they stay out of the report). */
export interface LlmProgress {
  decisions: number;
  modelCalls: number;
  cacheHits: number;
  missing: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface CachedModelsOptions {
  readonly mode: LlmMode;
  readonly cache: DecisionCache;
  /** The model behind the cache, or null when no endpoint is configured (replay, or record with a full cache). */
  readonly upstream: ((settings: ModelSettings) => ModelGateway) | null;
  readonly catalog: ModelCatalog;
  /** Wall clock for the cache rows' created_at. */
  readonly clock: () => number;
  /** Answers buffered before they are written (default 100). */
  readonly flushEvery?: number;
}

/** The hash of the decoding settings, the cache key's third part (the model is the first, the prompt hash the second). */
export function decodingHash(s: ModelSettings): string {
  return createHash('sha256')
    .update(JSON.stringify({ maxTokens: s.maxTokens, seed: s.seed, temperature: s.temperature }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The decision cache in front of the model, keyed by (model, prompt hash, decoding settings). The same run replayed
 * from the cache gets the same answers, tokens, latency and cost, so its report is byte-identical.
 */
export class CachedModels implements ModelProvider {
  readonly progress: LlmProgress = { decisions: 0, modelCalls: 0, cacheHits: 0, missing: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
  /** The first decision that replay could not find, for the error message. */
  firstMissing: string | null = null;
  private pending: CachedDecision[] = [];
  private prompts: StoredPrompt[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly o: CachedModelsOptions) {}

  open(settings: ModelSettings): ModelGateway {
    const decoding = decodingHash(settings);
    const upstream = this.o.upstream?.(settings) ?? null;
    let loaded: Promise<Map<string, CachedDecision>> | null = null;
    const cacheFor = () => (loaded ??= this.o.cache.load(settings.model, decoding));
    return {
      settings,
      complete: async (request) => {
        const cached = this.o.mode === 'live' ? undefined : (await cacheFor()).get(request.promptHash);
        const raw = await this.answer(settings, request, cached, upstream);
        // Dollars always come from the tokens and the catalog, whoever answered: a replay prices exactly as the live run did.
        const answer = { ...raw.answer, costUsd: this.o.catalog.cost(settings.model, raw.answer.promptTokens, raw.answer.completionTokens) };
        const asked = raw.asked;
        // Every answer from upstream is kept, failures included, so a replay reproduces the run exactly.
        if (asked) {
          const row = this.remember(settings.model, decoding, request, answer);
          if (loaded !== null) (await loaded).set(request.promptHash, row);
        }
        const p = this.progress;
        p.decisions++;
        p.promptTokens += answer.promptTokens;
        p.completionTokens += answer.completionTokens;
        p.costUsd += answer.costUsd;
        return answer;
      },
    };
  }

  /** Writes buffered answers and prompts; call at the end of a run (also called as the buffer fills). */
  flush(): Promise<void> {
    const decisions = this.pending;
    const prompts = this.prompts;
    this.pending = [];
    this.prompts = [];
    if (decisions.length > 0 || prompts.length > 0) this.writing = this.writing.then(() => this.o.cache.save(decisions, prompts, this.o.clock()));
    return this.writing;
  }

  private async answer(settings: ModelSettings, request: ModelRequest, cached: CachedDecision | undefined, upstream: ModelGateway | null): Promise<{ answer: ModelAnswer; asked: boolean }> {
    // Replay reproduces a recorded failure too; record asks again where the recorded call had failed.
    if (cached !== undefined && (this.o.mode === 'replay' || cached.response !== null)) {
      this.progress.cacheHits++;
      const answer: ModelAnswer = {
        text: cached.response,
        error: cached.error,
        promptTokens: cached.promptTokens,
        completionTokens: cached.completionTokens,
        latencyMs: cached.latencyMs,
        costUsd: 0,
        source: 'cache',
      };
      return { answer, asked: false };
    }
    if (this.o.mode === 'replay' || upstream === null) {
      this.progress.missing++;
      this.firstMissing ??= request.promptHash;
      const why = this.o.mode === 'replay' ? 'not in the decision cache (replay never calls the model)' : 'not in the decision cache and no model endpoint is configured (OPENAI_BASE_URL)';
      return { answer: { text: null, error: why, promptTokens: 0, completionTokens: 0, latencyMs: 0, costUsd: 0, source: 'none' }, asked: false };
    }
    this.progress.modelCalls++;
    return { answer: await upstream.complete(request), asked: true };
  }

  private remember(model: string, decodingHash: string, request: ModelRequest, a: ModelAnswer): CachedDecision {
    const row: CachedDecision = { model, promptHash: request.promptHash, decodingHash, response: a.text, error: a.error, promptTokens: a.promptTokens, completionTokens: a.completionTokens, latencyMs: a.latencyMs, createdAt: this.o.clock() };
    this.pending.push(row);
    this.prompts.push({ hash: request.promptHash, text: JSON.stringify(request.messages.map((m) => ({ content: m.content, role: m.role }))) });
    if (this.pending.length >= (this.o.flushEvery ?? 100)) void this.flush().catch(() => undefined);
    return row;
  }
}
