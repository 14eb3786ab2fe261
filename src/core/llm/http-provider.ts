import { AppError } from '../../shared/index.ts';
import {
  describeFetchError, readLines, unavailable, withTimeout,
  type LlmHealth, type LlmProvider, type LlmRequest, type LlmResult, type ProviderSettings,
} from './llm-provider.ts';

/** One parsed piece of a streamed reply. */
export interface StreamPiece {
  delta?: string;
  done?: boolean;
  finish?: 'stop' | 'length';
  completion_tokens?: number;
  prompt_tokens?: number;
}

/** What differs between the Ollama and OpenAI wire formats. */
export interface Dialect {
  kind: 'ollama' | 'openai';
  chatPath: string;
  chatBody(req: LlmRequest, model: string, stream: boolean): Record<string, unknown>;
  parseChat(json: unknown): { text: string; finish: 'stop' | 'length'; completion_tokens: number | null; prompt_tokens: number | null };
  /** Parses one line of the streamed body; null for lines that carry nothing. */
  parseStreamLine(line: string): StreamPiece | null;
  embedPath: string;
  embedBody(texts: string[], model: string): Record<string, unknown>;
  parseEmbed(json: unknown): number[][];
  modelsPath: string;
  parseModels(json: unknown): string[];
}

/** Builds a provider speaking `dialect` over HTTP with timeouts and clear LLM_UNAVAILABLE errors. */
export function createHttpProvider(dialect: Dialect, settings: ProviderSettings): LlmProvider {
  const base = settings.base_url.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.api_key) headers.authorization = `Bearer ${settings.api_key}`;
  const fail = (what: string, extra: Record<string, unknown> = {}, cause?: unknown) => unavailable(dialect.kind, base, what, extra, cause);

  async function request(path: string, init: { method: string; body?: unknown }, signal?: AbortSignal): Promise<Response> {
    const t = withTimeout(signal, settings.timeout_ms);
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: init.method, headers, signal: t.signal, body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw fail(describeFetchError(err, t.timedOut(), settings.timeout_ms), {}, err);
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 500);
      throw fail(`HTTP ${res.status}${text ? `: ${text}` : ''}`, { status: res.status });
    }
    return res;
  }

  async function json(path: string, init: { method: string; body?: unknown }, signal?: AbortSignal): Promise<unknown> {
    const res = await request(path, init, signal);
    try {
      return await res.json();
    } catch (err) {
      throw fail('malformed JSON response', {}, err);
    }
  }

  const provider: LlmProvider = {
    kind: dialect.kind,
    model: settings.model,
    baseUrl: base,
    async generate(req, signal) {
      const started = performance.now();
      const model = req.model ?? settings.model;
      try {
        const body = await json(dialect.chatPath, { method: 'POST', body: dialect.chatBody(req, model, false) }, signal);
        const parsed = dialect.parseChat(body);
        return { text: parsed.text, finish_reason: parsed.finish, completion_tokens: parsed.completion_tokens, prompt_tokens: parsed.prompt_tokens, model, llm_time_ms: performance.now() - started };
      } catch (err) {
        if (signal?.aborted) return { text: '', finish_reason: 'cancelled', completion_tokens: null, prompt_tokens: null, model, llm_time_ms: performance.now() - started };
        throw err instanceof AppError ? err : fail((err as Error).message, {}, err);
      }
    },
    async *stream(req, signal) {
      const started = performance.now();
      const model = req.model ?? settings.model;
      const result = (text: string, finish: LlmResult['finish_reason'], ctok: number | null, ptok: number | null, error?: AppError): LlmResult =>
        ({ text, finish_reason: finish, completion_tokens: ctok, prompt_tokens: ptok, model, llm_time_ms: performance.now() - started, ...(error ? { error } : {}) });
      let res: Response;
      try {
        res = await request(dialect.chatPath, { method: 'POST', body: dialect.chatBody(req, model, true) }, signal);
      } catch (err) {
        if (signal?.aborted) return result('', 'cancelled', null, null);
        throw err;
      }
      let text = '';
      let finish: 'stop' | 'length' = 'stop';
      let ctok: number | null = null;
      let ptok: number | null = null;
      let done = false;
      try {
        for await (const line of readLines(res.body as ReadableStream<Uint8Array>)) {
          const piece = dialect.parseStreamLine(line);
          if (!piece) continue;
          if (piece.delta) {
            text += piece.delta;
            yield piece.delta;
          }
          if (piece.finish) finish = piece.finish;
          if (piece.completion_tokens !== undefined) ctok = piece.completion_tokens;
          if (piece.prompt_tokens !== undefined) ptok = piece.prompt_tokens;
          if (piece.done) done = true;
        }
      } catch (err) {
        if (signal?.aborted) return result(text, 'cancelled', ctok, ptok);
        const error = err instanceof AppError ? err : fail(`stream broke: ${(err as Error).message}`, {}, err);
        return result(text, 'error', ctok, ptok, error);
      }
      if (signal?.aborted) return result(text, 'cancelled', ctok, ptok);
      if (!done && dialect.kind === 'ollama') return result(text, 'error', ctok, ptok, fail('stream ended before done'));
      return result(text, finish, ctok, ptok);
    },
    async embed(texts, model) {
      const body = await json(dialect.embedPath, { method: 'POST', body: dialect.embedBody(texts, model ?? settings.model) });
      return dialect.parseEmbed(body);
    },
    async listModels() {
      return dialect.parseModels(await json(dialect.modelsPath, { method: 'GET' }));
    },
    async health(): Promise<LlmHealth> {
      const started = performance.now();
      try {
        await provider.listModels();
        return { ok: true, latency_ms: Math.round(performance.now() - started), error: null };
      } catch (err) {
        return { ok: false, latency_ms: null, error: (err as Error).message };
      }
    },
  };
  return provider;
}

/** Reads `obj.path` safely from unknown JSON. */
export function pick(obj: unknown, ...path: (string | number)[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** A number from unknown JSON, or null. */
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
