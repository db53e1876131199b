import { createHash } from 'node:crypto';
import type { Slice, Timeframe } from '../../domain/bar.ts';
import { SignalSchema } from '../../domain/signal.ts';
import { formatTimestamp } from '../../domain/time.ts';
import { parseParams } from '../params.ts';
import type { CausedSignal, Decision, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from '../strategy.ts';
import { LlmAnswerSchema } from './answer-schema.ts';
import { defaultPromptPath } from './default-prompt.ts';
import { extractJson } from './extract-json.ts';
import { FeatureBook, price } from './features.ts';
import { LLM_PARAM_HELP, LlmParamsSchema, type LlmParams } from './llm-params.ts';
import { LlmStatsAccumulator } from './llm-stats.ts';
import type { ModelAnswer, ModelGateway, ModelRequest, ModelSettings } from './model-gateway.ts';
import { loadPromptTemplate, renderPrompt, type PromptTemplate } from './prompt-template.ts';

/** The model settings a set of llm params asks for (model and decoding: the cache key besides the prompt). */
export function modelSettingsOf(params: LlmParams): ModelSettings {
  return { model: params.model, temperature: params.temperature, maxTokens: params.maxTokens, seed: params.seed < 0 ? null : params.seed };
}

/** Parses llm params, naming the bad one. */
export function parseLlmParams(raw: Readonly<Record<string, string>>): LlmParams {
  return parseParams('llm', LlmParamsSchema, raw);
}

/**
 * Asks a language model for a signal per symbol on its cadence, from a prompt built of point-in-time data only.
 * The answer is unwrapped (bare, fenced or in prose), validated, and handed to the engine like any rule signal:
 * it passes the same risk gate. Anything invalid becomes HOLD with reason invalid_output; a failed call becomes
 * HOLD with its error journalled. Every question is journalled as a `decision` entry with the prompt hash, model,
 * raw answer, parse outcome, tokens, cost and latency.
 */
export const llmStrategy: StrategyDefinition = {
  name: 'llm',
  description: 'Asks a language model (OpenAI or any compatible server) for BUY/SELL/HOLD per symbol; every answer goes through the risk gate.',
  params: LLM_PARAM_HELP,
  fileParams: ['prompt'],
  paramsSchema: LlmParamsSchema,
  create(raw, env) {
    const params = parseLlmParams(raw);
    const template = loadPromptTemplate(params.prompt ?? defaultPromptPath());
    if (!env.models) throw new Error('llm: no language model is configured: set OPENAI_BASE_URL (and OPENAI_API_KEY), or replay a recorded run with --llm replay');
    return new LlmStrategy(params, template, env.models.open(modelSettingsOf(params)), env);
  },
  inputs(raw) {
    const params = parseLlmParams(raw);
    // The template's content, not its path, is what the run depends on.
    return { promptTemplate: loadPromptTemplate(params.prompt ?? defaultPromptPath()).hash };
  },
};

interface Due {
  readonly s: number;
  readonly request: ModelRequest;
}

class LlmStrategy implements Strategy {
  readonly warmup: number;
  private readonly features: FeatureBook;
  private readonly universe: readonly string[];
  private readonly age: Int32Array;
  private readonly lastFeatures: (string | null)[];
  private readonly tally: LlmStatsAccumulator;
  private readonly limitsText: string;
  private readonly universeText: string;
  private readonly timeframe: Timeframe;
  private readonly names: ReadonlyMap<string, string>;

  constructor(
    private readonly p: LlmParams,
    private readonly template: PromptTemplate,
    private readonly gateway: ModelGateway,
    env: StrategyEnv,
  ) {
    this.warmup = p.window;
    this.universe = env.universe;
    this.timeframe = env.timeframe;
    this.features = new FeatureBook(env.universe.length, p.window);
    this.age = new Int32Array(env.universe.length);
    this.lastFeatures = env.universe.map(() => null);
    this.tally = new LlmStatsAccumulator(p.model, template.hash);
    this.names = env.symbolNames ?? new Map();
    const limits = Object.entries(env.riskLimits ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== false);
    this.limitsText = limits.length === 0 ? 'no leverage: never more than the cash you have' : limits.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
    this.universeText = env.universe.join(', ');
  }

  observe(slice: Slice): void {
    this.features.observe(slice);
  }

  decide(slice: Slice, ctx: StrategyContext): Decision | Promise<Decision> {
    const { batch, start, end } = slice;
    let due: Due[] | undefined;
    for (let r = start; r < end; r++) {
      const s = batch.symbol[r];
      if (!ctx.isWarm(s) || this.age[s]++ % this.p.every !== 0) continue;
      if (ctx.hasOpenOrder(s)) {
        this.tally.skipped++;
        continue;
      }
      const indicators = this.features.indicatorText(s);
      const position = ctx.position(s);
      if (this.p.on === 'change') {
        const key = `${indicators}|${position}`;
        if (key === this.lastFeatures[s]) {
          this.tally.skipped++;
          continue;
        }
        this.lastFeatures[s] = key;
      }
      (due ??= []).push({ s, request: this.request(s, slice.ts, indicators, position, ctx) });
    }
    if (due === undefined) return undefined;
    const asked = due;
    return Promise.all(asked.map((d) => this.ask(d.request))).then((answers) => this.conclude(asked, answers, ctx));
  }

  stats(): Readonly<Record<string, unknown>> {
    return { ...this.tally.snapshot() };
  }

  private request(s: number, ts: number, indicators: string, position: number, ctx: StrategyContext): ModelRequest {
    const symbol = this.universe[s];
    const messages = renderPrompt(this.template, {
      symbol,
      name: this.names.get(symbol) ?? 'name not known',
      date: formatTimestamp(ts),
      timeframe: this.timeframe,
      bars: this.features.barsTable(s),
      indicators,
      position: position === 0 ? 'flat' : `${position > 0 ? 'long' : 'short'} ${Math.abs(position)} shares (${price(Math.abs(position) * this.features.lastClose(s))} at the last close)`,
      cash: price(ctx.cash),
      equity: price(ctx.equity),
      limits: this.limitsText,
      universe: this.universeText,
    });
    // Keys in sorted order: this JSON is the canonical JSON of the messages, the prompt's identity.
    const canonical = JSON.stringify(messages.map((m) => ({ content: m.content, role: m.role })));
    return { promptHash: createHash('sha256').update(canonical).digest('hex'), messages };
  }

  private async ask(request: ModelRequest): Promise<ModelAnswer> {
    try {
      return await this.gateway.complete(request);
    } catch (err) {
      // The gateway contract says it never throws; if one does, the run still goes on with a HOLD.
      return { text: null, error: `gateway failed: ${(err as Error).message}`, promptTokens: 0, completionTokens: 0, latencyMs: 0, costUsd: 0, source: 'none' };
    }
  }

  // Journals each answer in symbol order (never in completion order, so runs are deterministic) and turns it into a signal.
  private conclude(due: readonly Due[], answers: readonly ModelAnswer[], ctx: StrategyContext): Decision {
    const out: CausedSignal[] = [];
    for (let i = 0; i < due.length; i++) {
      const { s, request } = due[i];
      const a = answers[i];
      const st = this.tally;
      st.decisions++;
      st.promptTokens += a.promptTokens;
      st.completionTokens += a.completionTokens;
      st.costUsd += a.costUsd;
      if (a.source !== 'none' || a.latencyMs > 0) st.latency(a.latencyMs);
      const verdict = a.text === null ? null : judgeAnswer(a.text);
      const outcome = verdict === null ? 'unavailable' : verdict.ok ? 'answered' : 'invalid_output';
      const causeSeq = ctx.recordDecision(this.universe[s], {
        answer: a.text,
        completionTokens: a.completionTokens,
        costUsd: a.costUsd,
        error: a.error,
        latencyMs: a.latencyMs,
        model: this.p.model,
        outcome,
        parseIssues: verdict !== null && !verdict.ok ? verdict.issues : null,
        promptHash: request.promptHash,
        promptTemplate: this.template.hash,
        promptTokens: a.promptTokens,
        source: a.source,
        wrapping: verdict?.wrapping ?? null,
      });
      if (verdict === null) {
        st.unavailable++;
        continue;
      }
      if (!verdict.ok) {
        st.invalidOutputs++;
        out.push({ causeSeq, signal: verdict.value, invalid: verdict.issues });
        continue;
      }
      const action = (verdict.value as { action: string }).action;
      if (action === 'BUY') st.buys++;
      else if (action === 'SELL') st.sells++;
      else st.holds++;
      out.push({ causeSeq, signal: verdict.value });
    }
    return out;
  }
}

type AnswerVerdict = { ok: true; value: unknown; wrapping: string } | { ok: false; value: unknown; wrapping: string | null; issues: string };

/** Unwraps and validates one raw answer against the answer schema and the engine's signal schema. */
export function judgeAnswer(text: string): AnswerVerdict {
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, value: text, wrapping: null, issues: extracted.error };
  const answer = LlmAnswerSchema.safeParse(extracted.value);
  const signal = answer.success ? SignalSchema.safeParse(extracted.value) : answer;
  if (!signal.success) {
    const issues = signal.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ');
    return { ok: false, value: extracted.value, wrapping: extracted.wrapping, issues };
  }
  return { ok: true, value: extracted.value, wrapping: extracted.wrapping };
}
