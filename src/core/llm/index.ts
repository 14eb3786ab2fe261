/** LLM providers behind one interface: Ollama, any OpenAI-compatible server; offline is handled by the chat engine. */
export * from './llm-provider.ts';
export * from './ollama.provider.ts';
export * from './openai.provider.ts';
export * from './structured.ts';
export * from './llm-registry.ts';
