import { z } from 'zod';
import { intParam, numberParam, textParam } from '../params.ts';

/** Params of the llm strategy, as `key=value` text from the CLI or API. */
export const LlmParamsSchema = z.object({
  prompt: textParam('a path to a prompt template file').optional(),
  model: textParam('a model name, e.g. gpt-4o-mini (or set TRADEBOOK_LLM_MODEL)'),
  every: intParam(1, 1),
  on: z
    .string({ error: 'bar or change' })
    .refine((s) => s === 'bar' || s === 'change', { error: 'bar or change' })
    .default('bar'),
  window: intParam(20, 2, 500),
  temperature: numberParam(0, 0, 2),
  maxTokens: intParam(400, 16, 32_000),
  seed: intParam(-1, -1, 2 ** 31 - 1),
});

export type LlmParams = z.output<typeof LlmParamsSchema>;

/** What each param means, for --help and the studio's form. */
export const LLM_PARAM_HELP: Readonly<Record<string, string>> = {
  prompt: 'path to a prompt template (default: the built-in engine/strategy/llm/prompts/default.md)',
  model: 'model name (default from TRADEBOOK_LLM_MODEL)',
  every: 'ask every N bars of each symbol (default 1)',
  on: 'bar: ask on every due bar; change: only when the indicators or position changed since the last question (default bar)',
  window: 'recent bars shown in the prompt (default 20; also the warm-up)',
  temperature: 'sampling temperature 0..2 (default 0)',
  maxTokens: 'answer token limit (default 400)',
  seed: 'sampling seed where the server honours one (default none)',
};
