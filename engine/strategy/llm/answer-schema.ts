import { z } from 'zod';

/**
 * What the model is asked to answer, as the structured-output schema sent to the server. Every field is required
 * and nullable rather than optional (what OpenAI's strict structured outputs accept). It is a strict subset of the
 * engine's SignalSchema: a valid answer is passed to the engine unchanged and parsed there like any signal.
 */
export const LlmAnswerSchema = z
  .object({
    action: z.enum(['BUY', 'SELL', 'HOLD']).describe('BUY or SELL to trade, HOLD to do nothing'),
    confidence: z.number().min(0).max(1).describe('how sure you are, 0..1'),
    rationale: z.string().describe('one or two sentences: why, citing the numbers you used'),
    size: z
      .object({
        kind: z.enum(['quantity', 'target_weight', 'notional']).describe('shares, fraction of equity after the trade (0 = flat), or dollars'),
        value: z.number(),
      })
      .strict()
      .nullable()
      .describe('required for BUY and SELL; null for HOLD'),
    symbol: z.string().describe('the symbol the signal is for, exactly as given'),
  })
  .strict();

export type LlmAnswer = z.infer<typeof LlmAnswerSchema>;
