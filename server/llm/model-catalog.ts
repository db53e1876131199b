import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** What the platform knows about a model: list prices (US$ per million tokens) and its knowledge cutoff. */
export interface ModelInfo {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** Last date of the model's training data (YYYY-MM-DD), null when unknown. */
  readonly knowledgeCutoff: string | null;
}

const ModelInfoSchema = z
  .object({
    inputPerMillion: z.number().finite().min(0),
    outputPerMillion: z.number().finite().min(0),
    knowledgeCutoff: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').nullable(),
  })
  .strict();
const CatalogSchema = z.record(z.string().min(1), ModelInfoSchema);

// Published list prices and cutoffs of common OpenAI models (as published by OpenAI; check before relying on
// dollars). Override or extend with TRADEBOOK_LLM_MODELS=path.json: { "model": { inputPerMillion, outputPerMillion, knowledgeCutoff } }.
const BUILT_IN: Readonly<Record<string, ModelInfo>> = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, knowledgeCutoff: '2023-10-01' },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, knowledgeCutoff: '2023-10-01' },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8, knowledgeCutoff: '2024-06-01' },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6, knowledgeCutoff: '2024-06-01' },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4, knowledgeCutoff: '2024-06-01' },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4, knowledgeCutoff: '2024-06-01' },
};

/** Model facts by name, built in and from the configured file. */
export class ModelCatalog {
  constructor(private readonly models: Readonly<Record<string, ModelInfo>>) {}

  /** The built-in table merged with TRADEBOOK_LLM_MODELS (a JSON file); errors name the file and the field. */
  static fromEnv(env: NodeJS.ProcessEnv): ModelCatalog {
    const path = env.TRADEBOOK_LLM_MODELS;
    if (!path) return new ModelCatalog(BUILT_IN);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`TRADEBOOK_LLM_MODELS=${path}: ${(err as Error).message}`);
    }
    const parsed = CatalogSchema.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`TRADEBOOK_LLM_MODELS=${path}: ${i.path.join('.')}: ${i.message}`);
    }
    return new ModelCatalog({ ...BUILT_IN, ...parsed.data });
  }

  /** The model's facts; an unknown model costs 0 and has no known cutoff (the run says so). */
  info(model: string): ModelInfo & { readonly known: boolean } {
    const m = this.models[model];
    return m ? { ...m, known: true } : { inputPerMillion: 0, outputPerMillion: 0, knowledgeCutoff: null, known: false };
  }

  /** Estimated dollars for a call's tokens. */
  cost(model: string, promptTokens: number, completionTokens: number): number {
    const m = this.models[model];
    return m === undefined ? 0 : (promptTokens * m.inputPerMillion + completionTokens * m.outputPerMillion) / 1e6;
  }
}
