import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import pLimit from 'p-limit';
import { LlmAnswerSchema, type ModelAnswer, type ModelGateway, type ModelRequest, type ModelSettings } from '../../engine/index.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { ModelCatalog } from './model-catalog.ts';

/** How to reach an OpenAI-compatible server and how patient to be with it. */
export interface OpenAiGatewayOptions {
  readonly baseURL: string;
  readonly apiKey: string;
  /** Per attempt, in ms. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, on 408/409/429/5xx and timeouts, with backoff and jitter, honouring retry-after (the SDK's). */
  readonly maxRetries: number;
  /** Requests in flight at most. */
  readonly concurrency: number;
  readonly breaker: CircuitBreaker;
  readonly catalog: ModelCatalog;
  /** Monotonic clock in ms, for latency. */
  readonly now: () => number;
  /** Called on every HTTP attempt (retries included): for counters, never with secrets. */
  readonly onAttempt?: () => void;
}

const RESPONSE_FORMAT = zodResponseFormat(LlmAnswerSchema, 'signal');

/**
 * A model behind the official openai SDK: structured outputs from the answer's zod schema, the SDK's retries, a
 * cap on concurrent requests and a circuit breaker. Never throws: a failed call is an answer with its error. The
 * raw text is returned unparsed, so answers wrapped in fences or prose can still be read by the strategy.
 */
export function openAiGateway(settings: ModelSettings, o: OpenAiGatewayOptions): ModelGateway {
  const counting: typeof fetch = (input, init) => {
    o.onAttempt?.();
    return fetch(input, init);
  };
  const client = new OpenAI({ baseURL: o.baseURL, apiKey: o.apiKey, timeout: o.timeoutMs, maxRetries: o.maxRetries, fetch: counting });
  const limit = pLimit(o.concurrency);
  // OpenAI's own API wants max_completion_tokens; compatible servers (Ollama, vLLM, llama.cpp) know max_tokens.
  const official = /(^|\.)openai\.com$/.test(new URL(o.baseURL).hostname);

  async function call(request: ModelRequest): Promise<ModelAnswer> {
    const refused = o.breaker.refuse();
    if (refused !== null) return failed(refused, 0);
    const started = o.now();
    try {
      const completion = await client.chat.completions.create({
        model: settings.model,
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        temperature: settings.temperature,
        ...(official ? { max_completion_tokens: settings.maxTokens } : { max_tokens: settings.maxTokens }),
        ...(settings.seed === null ? {} : { seed: settings.seed }),
        response_format: RESPONSE_FORMAT,
      });
      const latencyMs = o.now() - started;
      o.breaker.success();
      const message = completion.choices[0]?.message;
      const text = message?.content ?? message?.refusal ?? '';
      const promptTokens = completion.usage?.prompt_tokens ?? 0;
      const completionTokens = completion.usage?.completion_tokens ?? 0;
      return { text, error: null, promptTokens, completionTokens, latencyMs, costUsd: o.catalog.cost(settings.model, promptTokens, completionTokens), source: 'model' };
    } catch (err) {
      o.breaker.failure();
      return failed(describe(err, o), o.now() - started);
    }
  }

  return { settings, complete: (request) => limit(() => call(request)) };
}

function failed(error: string, latencyMs: number): ModelAnswer {
  return { text: null, error, promptTokens: 0, completionTokens: 0, latencyMs, costUsd: 0, source: 'none' };
}

/** One line on why a call failed, for the journal: never the key, never the prompt. */
function describe(err: unknown, o: OpenAiGatewayOptions): string {
  const tries = `${o.maxRetries + 1} attempt${o.maxRetries === 0 ? '' : 's'}`;
  if (err instanceof OpenAI.APIConnectionTimeoutError) return `timed out after ${o.timeoutMs} ms per attempt (${tries})`;
  if (err instanceof OpenAI.APIError && err.status !== undefined) return `HTTP ${err.status} after ${tries}: ${err.message.slice(0, 300)}`;
  if (err instanceof OpenAI.APIConnectionError) return `cannot reach the model server (${tries}): ${(err.cause as Error | undefined)?.message ?? err.message}`;
  return `model call failed: ${(err as Error)?.message ?? String(err)}`;
}
