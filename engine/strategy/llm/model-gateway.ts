/** One chat message of a prompt. */
export interface ModelMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

/** What the strategy asks: the rendered prompt and its content hash (the cache key with model and decoding). */
export interface ModelRequest {
  /** sha256 (hex) of the canonical JSON of `messages`. */
  readonly promptHash: string;
  readonly messages: readonly ModelMessage[];
}

/** Where an answer came from: the model now, the decision cache, or nowhere (the call failed). */
export type AnswerSource = 'model' | 'cache' | 'none';

/** What came back. A gateway never throws: a failed call is an answer with `text` null and `error` set. */
export interface ModelAnswer {
  /** The model's raw text, unparsed; null when there is no answer. */
  readonly text: string | null;
  /** Why there is no answer (timeout after retries, HTTP status, circuit open, missing from the cache), else null. */
  readonly error: string | null;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Wall time of the call that produced the answer (the recorded time when replayed from the cache), in ms. */
  readonly latencyMs: number;
  /** Estimated cost in US dollars from the tokens and the configured price table. */
  readonly costUsd: number;
  readonly source: AnswerSource;
}

/** Decoding settings: part of the cache key, so a change of temperature is a different decision. */
export interface ModelSettings {
  readonly model: string;
  readonly temperature: number;
  readonly maxTokens: number;
  /** Sampling seed where the server honours one, else null. */
  readonly seed: number | null;
}

/** A model behind whatever transport, retries, breaker and cache the application chose. */
export interface ModelGateway {
  readonly settings: ModelSettings;
  complete(request: ModelRequest): Promise<ModelAnswer>;
}

/** Opens gateways for the llm strategy; injected by the application (the engine never touches the network). */
export interface ModelProvider {
  open(settings: ModelSettings): ModelGateway;
}
