/**
 * LLM providers behind one interface: Ollama (native API) and any OpenAI-compatible server, a
 * run-time registry and structured output. The offline responder is run by the chat engine.
 */
export * from './llm-provider.ts';
export * from './llm-settings.model.ts';
export { describeFetchError, readLines, serverErrorText, unavailable, withTimeout, type TimedSignal } from './llm-http.ts';
export { HEALTH_TIMEOUT_MS, createHttpProvider, type ChatReply, type Dialect, type StreamPiece } from './http-provider.ts';
export * from './ollama.provider.ts';
export * from './openai.provider.ts';
export * from './structured.ts';
export * from './llm-registry.ts';
