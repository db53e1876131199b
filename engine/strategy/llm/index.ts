// The llm strategy's public surface: the strategy, its ports and the pieces adapters and tests need.
export { llmStrategy, judgeAnswer, modelSettingsOf, parseLlmParams } from './llm-strategy.ts';
export type { ModelAnswer, ModelGateway, ModelMessage, ModelProvider, ModelRequest, ModelSettings, AnswerSource } from './model-gateway.ts';
export { LlmAnswerSchema, type LlmAnswer } from './answer-schema.ts';
export { extractJson, type Extracted, type JsonWrapping } from './extract-json.ts';
export { loadPromptTemplate, parsePromptTemplate, renderPrompt, PROMPT_FIELDS, type PromptTemplate } from './prompt-template.ts';
export { defaultPromptPath } from './default-prompt.ts';
export { LLM_PARAM_HELP, type LlmParams } from './llm-params.ts';
export type { LlmRunStats } from './llm-stats.ts';
