import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { decisionCache, type Store } from '../../data/index.ts';
import { CachedModels, type LlmMode } from './cached-models.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { ModelCatalog } from './model-catalog.ts';
import { openAiGateway } from './openai-gateway.ts';

const int = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const EnvSchema = z.object({
  OPENAI_BASE_URL: z.string().url('OPENAI_BASE_URL must be a URL such as http://127.0.0.1:11434/v1').optional().or(z.literal('').transform(() => undefined)),
  OPENAI_API_KEY: z.string().optional(),
  TRADEBOOK_LLM_MODEL: z.string().optional(),
  TRADEBOOK_LLM_TIMEOUT_MS: int('TRADEBOOK_LLM_TIMEOUT_MS', 30_000, 1, 600_000),
  TRADEBOOK_LLM_MAX_RETRIES: int('TRADEBOOK_LLM_MAX_RETRIES', 3, 0, 10),
  TRADEBOOK_LLM_CONCURRENCY: int('TRADEBOOK_LLM_CONCURRENCY', 4, 1, 64),
  TRADEBOOK_LLM_BREAKER_FAILURES: int('TRADEBOOK_LLM_BREAKER_FAILURES', 5, 1, 1000),
  TRADEBOOK_LLM_BREAKER_COOLDOWN_MS: int('TRADEBOOK_LLM_BREAKER_COOLDOWN_MS', 30_000, 0, 3_600_000),
});

/** Model endpoint settings from the environment (the key is read here and only handed to the SDK). */
export interface LlmEnvSettings {
  /** Where the model is, null when none is configured. */
  readonly baseURL: string | null;
  /** The endpoint for messages: origin and path, never credentials. */
  readonly endpointLabel: string | null;
  readonly defaultModel: string | null;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly concurrency: number;
  readonly breakerFailures: number;
  readonly breakerCooldownMs: number;
}

/**
 * Reads OPENAI_BASE_URL, OPENAI_API_KEY, TRADEBOOK_LLM_MODEL and the TRADEBOOK_LLM_* tuning variables. With only a
 * key the endpoint is OpenAI's; with neither there is no endpoint (replay still works). Errors name the variable.
 */
export function llmSettingsFromEnv(env: NodeJS.ProcessEnv): LlmEnvSettings & { readonly apiKey: string } {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => (i.message.includes(String(i.path[0])) ? i.message : `${String(i.path[0])}: ${i.message}`)).join('; '));
  const e = parsed.data;
  const key = e.OPENAI_API_KEY?.trim() ?? '';
  const baseURL = e.OPENAI_BASE_URL ?? (key !== '' ? 'https://api.openai.com/v1' : null);
  let endpointLabel: string | null = null;
  if (baseURL !== null) {
    const u = new URL(baseURL);
    endpointLabel = `${u.protocol}//${u.host}${u.pathname}`;
  }
  return {
    baseURL,
    endpointLabel,
    // Local servers (Ollama, vLLM, llama.cpp) take any key; the SDK insists on one.
    apiKey: key !== '' ? key : 'no-key',
    defaultModel: e.TRADEBOOK_LLM_MODEL?.trim() || null,
    timeoutMs: e.TRADEBOOK_LLM_TIMEOUT_MS,
    maxRetries: e.TRADEBOOK_LLM_MAX_RETRIES,
    concurrency: e.TRADEBOOK_LLM_CONCURRENCY,
    breakerFailures: e.TRADEBOOK_LLM_BREAKER_FAILURES,
    breakerCooldownMs: e.TRADEBOOK_LLM_BREAKER_COOLDOWN_MS,
  };
}

/** What a backtest with the llm strategy needs: the cached provider, the model facts and the defaults. */
export interface LlmServices {
  readonly mode: LlmMode;
  readonly provider: CachedModels;
  readonly catalog: ModelCatalog;
  readonly settings: LlmEnvSettings;
  /** HTTP attempts made so far (retries included). */
  attempts(): number;
}

/** Builds the llm services for one run on `store`, from the environment. */
export function createLlmServices(store: Store, options: { mode: LlmMode; env: NodeJS.ProcessEnv; clock?: () => number }): LlmServices {
  const { apiKey, ...settings } = llmSettingsFromEnv(options.env);
  const catalog = ModelCatalog.fromEnv(options.env);
  let attempts = 0;
  const breaker = new CircuitBreaker({ failureThreshold: settings.breakerFailures, cooldownMs: settings.breakerCooldownMs, now: () => performance.now() });
  const baseURL = settings.baseURL;
  const upstream =
    options.mode === 'replay' || baseURL === null
      ? null
      : (model: Parameters<typeof openAiGateway>[0]) =>
          openAiGateway(model, { baseURL, apiKey, timeoutMs: settings.timeoutMs, maxRetries: settings.maxRetries, concurrency: settings.concurrency, breaker, catalog, now: () => performance.now(), onAttempt: () => attempts++ });
  const provider = new CachedModels({ mode: options.mode, cache: decisionCache(store), upstream, catalog, clock: options.clock ?? (() => Date.now()) });
  return { mode: options.mode, provider, catalog, settings, attempts: () => attempts };
}
