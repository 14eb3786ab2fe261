import { AppError } from '../../shared/index.ts';

/** One chat message sent to a provider. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A generation request (provider-neutral). */
export interface LlmRequest {
  messages: LlmMessage[];
  model?: string;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  max_tokens?: number;
  /** JSON schema for constrained output (structured sub-tasks). */
  json_schema?: Record<string, unknown>;
}

/** The outcome of one generation; `error` is set when a stream broke after some text arrived. */
export interface LlmResult {
  text: string;
  finish_reason: 'stop' | 'length' | 'cancelled' | 'error';
  completion_tokens: number | null;
  prompt_tokens: number | null;
  model: string;
  llm_time_ms: number;
  error?: AppError;
}

/** Provider health. */
export interface LlmHealth {
  ok: boolean;
  latency_ms: number | null;
  error: string | null;
}

/**
 * One LLM backend. `stream` is an async generator: it yields text deltas and *returns* the final
 * LlmResult (use `drainStream`). Aborting `signal` ends generation with finish_reason `cancelled`;
 * a connection failure before any text throws LLM_UNAVAILABLE.
 */
export interface LlmProvider {
  readonly kind: 'ollama' | 'openai';
  readonly model: string;
  readonly baseUrl: string;
  generate(req: LlmRequest, signal?: AbortSignal): Promise<LlmResult>;
  stream(req: LlmRequest, signal?: AbortSignal): AsyncGenerator<string, LlmResult>;
  embed(texts: string[], model?: string): Promise<number[][]>;
  listModels(): Promise<string[]>;
  health(): Promise<LlmHealth>;
}

/** Runs a stream to its end, handing each delta to `onDelta`; returns the final result. */
export async function drainStream(gen: AsyncGenerator<string, LlmResult>, onDelta?: (delta: string, index: number) => void): Promise<LlmResult> {
  let index = 0;
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
    onDelta?.(step.value, index);
    index += 1;
  }
}

/** Settings a provider is built from. */
export interface ProviderSettings {
  base_url: string;
  model: string;
  api_key?: string;
  timeout_ms: number;
}

/** Wraps a failure as LLM_UNAVAILABLE with a message naming the provider and URL. */
export function unavailable(kind: string, baseUrl: string, what: string, extra: Record<string, unknown> = {}, cause?: unknown): AppError {
  return new AppError('LLM_UNAVAILABLE', `${kind} at ${baseUrl}: ${what}`, { details: { provider: kind, base_url: baseUrl, ...extra }, cause });
}

/** Combines the caller's signal with the provider timeout. */
export function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): { signal: AbortSignal; timedOut: () => boolean } {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  return { signal: combined, timedOut: () => timeout.aborted && !(signal?.aborted ?? false) };
}

/** Describes a fetch failure in words (connection refused, timeout, …). */
export function describeFetchError(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  const cause = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
  if (code) return `${code}${cause?.message ? ` (${cause.message})` : ''}`;
  const message = (err as Error).message ?? String(err);
  return cause?.message ? `${message} (${cause.message})` : message;
}

/** Reads a web stream body as text lines. */
export async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      yield buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
  }
  buffer += decoder.decode();
  if (buffer.length) yield buffer;
}
