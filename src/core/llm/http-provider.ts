import { isAppError, type AppError } from '../../shared/index.ts';
import { describeFetchError, readLines, serverErrorText, unavailable, withTimeout, type TimedSignal } from './llm-http.ts';
import type { LlmHealth, LlmProvider, LlmProviderKind, LlmRequest, LlmResult, ProviderSettings } from './llm-provider.ts';
import { generateStructured } from './structured.ts';

/** One parsed line of a streamed reply. `done` marks a complete reply; `error` is an in-band server error. */
export interface StreamPiece {
  delta?: string;
  done?: boolean;
  finish?: 'stop' | 'length';
  completion_tokens?: number;
  prompt_tokens?: number;
  error?: string;
}

/** A non-streamed reply, parsed. */
export interface ChatReply {
  text: string;
  finish: 'stop' | 'length';
  completion_tokens: number | null;
  prompt_tokens: number | null;
}

/** What differs between the Ollama and OpenAI wire formats. Parsers throw `malformed(...)` on bad shapes. */
export interface Dialect {
  kind: LlmProviderKind;
  chatPath: string;
  chatBody(req: LlmRequest, model: string, stream: boolean): Record<string, unknown>;
  parseChat(json: unknown): ChatReply;
  /** Parses one line of the streamed body; null for lines that carry nothing. */
  parseStreamLine(line: string): StreamPiece | null;
  embedPath: string;
  embedBody(texts: string[], model: string): Record<string, unknown>;
  parseEmbed(json: unknown, count: number): number[][];
  modelsPath: string;
  parseModels(json: unknown): string[];
}

/** Health checks wait at most this long, whatever `timeout_ms` says (status pages must stay responsive). */
export const HEALTH_TIMEOUT_MS = 10_000;

type Init = { method: 'GET' | 'POST'; body?: unknown };

/** Builds a provider speaking `dialect` over HTTP with timeouts, cancellation and clear LLM_UNAVAILABLE errors. */
export function createHttpProvider(dialect: Dialect, settings: ProviderSettings): LlmProvider {
  const base = settings.base_url.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, application/x-ndjson, text/event-stream' };
  if (settings.api_key) headers.authorization = `Bearer ${settings.api_key}`;
  const fail = (what: string, extra: Record<string, unknown> = {}, cause?: unknown) => unavailable(dialect.kind, base, what, extra, cause);

  /** Any failure as LLM_UNAVAILABLE naming provider, URL and cause. */
  const toAppError = (err: unknown, t: TimedSignal, timeoutMs: number): AppError => {
    if (isAppError(err)) return err;
    if ((err as { malformed?: boolean }).malformed) return fail((err as Error).message, {}, err);
    if (err instanceof SyntaxError) return fail('malformed response (not JSON)', {}, err);
    return fail(describeFetchError(err, t.timedOut(), timeoutMs), {}, err);
  };

  /** Sends a request; non-2xx answers throw LLM_UNAVAILABLE carrying the server's error text. */
  async function open(path: string, init: Init, t: TimedSignal): Promise<Response> {
    const res = await fetch(`${base}${path}`, {
      method: init.method, headers, signal: t.signal, body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) {
      const text = serverErrorText(await res.text().catch(() => ''));
      throw fail(`HTTP ${res.status}${text ? `: ${text}` : ''}`, { status: res.status });
    }
    return res;
  }

  /** A JSON round trip; a caller abort is rethrown as is (callers decide what cancelling means). */
  async function call(path: string, init: Init, signal: AbortSignal | undefined, timeoutMs = settings.timeout_ms): Promise<unknown> {
    const t = withTimeout(signal, timeoutMs);
    try {
      return await (await open(path, init, t)).json();
    } catch (err) {
      if (signal?.aborted) throw err;
      throw toAppError(err, t, timeoutMs);
    }
  }

  function resultOf(model: string, started: number, text: string, finish: LlmResult['finish_reason'], ctok: number | null, ptok: number | null, error?: AppError): LlmResult {
    return { text, finish_reason: finish, completion_tokens: ctok, prompt_tokens: ptok, model, llm_time_ms: Math.round(performance.now() - started), ...(error ? { error } : {}) };
  }

  const provider: LlmProvider = {
    kind: dialect.kind,
    model: settings.model,
    baseUrl: base,
    async generate(req, signal) {
      const started = performance.now();
      const model = req.model ?? settings.model;
      try {
        const json = await call(dialect.chatPath, { method: 'POST', body: dialect.chatBody(req, model, false) }, signal);
        const r = dialect.parseChat(json);
        return resultOf(model, started, r.text, r.finish, r.completion_tokens, r.prompt_tokens);
      } catch (err) {
        if (signal?.aborted) return resultOf(model, started, '', 'cancelled', null, null);
        throw isAppError(err) ? err : fail((err as Error).message, {}, err);
      }
    },
    async *stream(req, signal) {
      const started = performance.now();
      const model = req.model ?? settings.model;
      const stop = new AbortController(); // aborted when the consumer leaves early, so the upstream generation stops
      const t = withTimeout(signal, settings.timeout_ms, stop.signal);
      let text = '';
      let finish: 'stop' | 'length' = 'stop';
      let ctok: number | null = null;
      let ptok: number | null = null;
      try {
        let complete = false;
        try {
          const res = await open(dialect.chatPath, { method: 'POST', body: dialect.chatBody(req, model, true) }, t);
          if (!res.body) throw fail('malformed response (empty body)');
          for await (const line of readLines(res.body)) {
            const piece = dialect.parseStreamLine(line);
            if (!piece) continue;
            if (piece.error !== undefined) throw fail(piece.error);
            if (piece.finish) finish = piece.finish;
            if (piece.completion_tokens !== undefined) ctok = piece.completion_tokens;
            if (piece.prompt_tokens !== undefined) ptok = piece.prompt_tokens;
            if (piece.done) complete = true;
            if (piece.delta) {
              text += piece.delta;
              yield piece.delta;
            }
          }
          if (!complete) throw fail('the stream ended before the reply was complete');
        } catch (err) {
          if (signal?.aborted) return resultOf(model, started, text, 'cancelled', ctok, ptok);
          const error = toAppError(err, t, settings.timeout_ms);
          if (!text) throw error;
          return resultOf(model, started, text, 'error', ctok, ptok, error);
        }
        return resultOf(model, started, text, finish, ctok, ptok);
      } finally {
        stop.abort();
      }
    },
    structured: (req, schema, options) => generateStructured(provider, req, schema, options.fallback, options.signal, options.wire_schema),
    async embed(texts, model, signal) {
      if (texts.length === 0) return [];
      const json = await call(dialect.embedPath, { method: 'POST', body: dialect.embedBody(texts, model ?? settings.model) }, signal);
      try {
        return dialect.parseEmbed(json, texts.length);
      } catch (err) {
        throw fail((err as Error).message, {}, err);
      }
    },
    async listModels(signal) {
      const json = await call(dialect.modelsPath, { method: 'GET' }, signal);
      try {
        return dialect.parseModels(json);
      } catch (err) {
        throw fail((err as Error).message, {}, err);
      }
    },
    async health(signal): Promise<LlmHealth> {
      const started = performance.now();
      try {
        dialect.parseModels(await call(dialect.modelsPath, { method: 'GET' }, signal, Math.min(settings.timeout_ms, HEALTH_TIMEOUT_MS)));
        return { ok: true, latency_ms: Math.round(performance.now() - started), error: null };
      } catch (err) {
        return { ok: false, latency_ms: null, error: isAppError(err) ? err.message : `${dialect.kind} at ${base}: ${(err as Error).message}` };
      }
    },
  };
  return provider;
}
