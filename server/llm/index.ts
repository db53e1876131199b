// Language-model access for the llm strategy: the OpenAI SDK gateway, circuit breaker, decision cache modes and model facts.
export { createLlmServices, llmSettingsFromEnv, type LlmServices, type LlmEnvSettings } from './llm-services.ts';
export { CachedModels, LLM_MODES, decodingHash, type LlmMode, type LlmProgress } from './cached-models.ts';
export { CircuitBreaker, type CircuitState } from './circuit-breaker.ts';
export { ModelCatalog, type ModelInfo } from './model-catalog.ts';
export { openAiGateway, type OpenAiGatewayOptions } from './openai-gateway.ts';
