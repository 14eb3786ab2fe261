import type { z } from 'zod';
import type { AppError } from '../../shared/index.ts';

/** The HTTP provider families (the offline responder lives in the chat engine, not behind this interface). */
export type LlmProviderKind = 'ollama' | 'openai';

/** One chat message sent to a provider. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A generation request (provider-neutral). Unset options are left to the server's defaults. */
export interface LlmRequest {
  messages: LlmMessage[];
  model?: string;
  temperature?: number;
  top_p?: number;
  /** Sent to Ollama only (OpenAI-compatible servers may reject unknown fields). */
  top_k?: number;
  max_tokens?: number;
  /** JSON schema for constrained output (Ollama `format`, OpenAI `response_format`); set by `structured`. */
  json_schema?: Record<string, unknown>;
}

/** How a generation ended: `cancelled` = the caller aborted; `error` = a stream broke after some text. */
export type FinishReason = 'stop' | 'length' | 'cancelled' | 'error';

/** The outcome of one generation; `error` is set only with finish_reason `error` (the partial text is kept). */
export interface LlmResult {
  text: string;
  finish_reason: FinishReason;
  completion_tokens: number | null;
  prompt_tokens: number | null;
  model: string;
  llm_time_ms: number;
  error?: AppError;
}

/** Provider health: `latency_ms` of the model-list round trip, null when it failed. */
export interface LlmHealth {
  ok: boolean;
  latency_ms: number | null;
  error: string | null;
}

/** Options of a structured call: the value to return when the reply stays invalid, and an abort signal. */
export interface StructuredOptions<T> {
  fallback: T;
  signal?: AbortSignal;
  /** The JSON schema sent to the provider instead of the validating schema's own (stricter than what is validated). */
  wire_schema?: Record<string, unknown>;
}

/** A structured result: the validated value, or the caller's fallback with `fell_back: true` and why. */
export interface StructuredResult<T> {
  value: T;
  fell_back: boolean;
  attempts: number;
  error: string | null;
}

/**
 * One LLM backend. `stream` is an async generator: it yields text deltas and *returns* the final
 * LlmResult (`drainStream` collects both). Aborting `signal` (or leaving the loop early) stops the
 * upstream request and ends with finish_reason `cancelled` and the partial text. Failures before any
 * text throw AppError LLM_UNAVAILABLE; a failure after some text ends the stream with `error`.
 */
export interface LlmProvider {
  readonly kind: LlmProviderKind;
  readonly model: string;
  readonly baseUrl: string;
  generate(req: LlmRequest, signal?: AbortSignal): Promise<LlmResult>;
  stream(req: LlmRequest, signal?: AbortSignal): AsyncGenerator<string, LlmResult>;
  /** Schema-constrained JSON (see `generateStructured`): one retry on an invalid reply, then the fallback. */
  structured<S extends z.ZodType>(req: LlmRequest, schema: S, options: StructuredOptions<z.infer<S>>): Promise<StructuredResult<z.infer<S>>>;
  /** One vector per text, in order; `model` defaults to the provider's model. */
  embed(texts: string[], model?: string, signal?: AbortSignal): Promise<number[][]>;
  listModels(signal?: AbortSignal): Promise<string[]>;
  /** Never throws: a failing provider reports `ok: false` with the reason. */
  health(signal?: AbortSignal): Promise<LlmHealth>;
}

/** Settings a provider is built from (a subset of the `llm.*` settings). */
export interface ProviderSettings {
  base_url: string;
  model: string;
  api_key?: string;
  timeout_ms: number;
}

/**
 * Runs a stream to its end, handing each delta to `onDelta`; returns the final result. When
 * `onDelta` returns a promise the next delta waits for it (back-pressure pauses generation). If
 * `onDelta` throws, the stream is closed (the upstream request stops) and the error propagates.
 */
export async function drainStream(gen: AsyncGenerator<string, LlmResult>, onDelta?: (delta: string, index: number) => void | Promise<void>): Promise<LlmResult> {
  let index = 0;
  let finished = false;
  try {
    for (;;) {
      const step = await gen.next();
      if (step.done) {
        finished = true;
        return step.value;
      }
      const pending = onDelta?.(step.value, index);
      if (pending) await pending;
      index += 1;
    }
  } finally {
    if (!finished) await gen.return(undefined as never).catch(() => undefined);
  }
}
