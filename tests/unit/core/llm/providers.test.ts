import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/index.ts';
import {
  createOllamaProvider, createOpenAiProvider, describeFetchError, drainStream, type LlmProvider, type ProviderSettings,
} from '../../../../src/core/llm/index.ts';
import { closedPort, createScriptedLlmServer, type ScriptedLlmServer } from '../../../support/scripted-llm-server.ts';

let srv: ScriptedLlmServer;
let strict: ScriptedLlmServer;
beforeAll(async () => {
  srv = await createScriptedLlmServer();
  strict = await createScriptedLlmServer({ strictModels: true });
});
afterAll(async () => {
  await srv.close();
  await strict.close();
});

type Kind = 'ollama' | 'openai';
const urlOf = (s: ScriptedLlmServer, kind: Kind) => (kind === 'ollama' ? s.ollamaUrl : s.openaiUrl);
const build = (kind: Kind, base_url: string, extra: Partial<ProviderSettings> = {}): LlmProvider => {
  const s = { base_url, model: 'llama3.1:8b', timeout_ms: 2000, ...extra };
  return kind === 'ollama' ? createOllamaProvider(s) : createOpenAiProvider(s);
};
const msgs = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hello there, smith' }];
const until = async (cond: () => boolean) => { for (let i = 0; i < 100 && !cond(); i += 1) await new Promise((r) => setTimeout(r, 10)); };

async function expectUnavailable(p: Promise<unknown>, ...fragments: string[]): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('LLM_UNAVAILABLE');
  for (const f of fragments) expect((err as AppError).message).toContain(f);
  return err as AppError;
}

describe.each<Kind>(['ollama', 'openai'])('%s provider against the scripted server', (kind) => {
  const make = (extra: Partial<ProviderSettings> = {}) => build(kind, urlOf(srv, kind), extra);

  it('generates with usage counts; the prompt and options reach the server in its wire format', async () => {
    srv.setScript((req) => ({ text: `Well met, traveller. (${req.messages.at(-1)?.content})` }));
    const r = await make({ api_key: 'sk-test' }).generate({ messages: msgs, temperature: 0.7, top_p: 0.9, top_k: 40, max_tokens: 64 });
    expect(r).toMatchObject({ text: 'Well met, traveller. (Hello there, smith)', finish_reason: 'stop', completion_tokens: 6, model: 'llama3.1:8b' });
    expect(r.prompt_tokens).toBeGreaterThan(0);
    expect(Number.isInteger(r.llm_time_ms)).toBe(true);
    const seen = srv.requests.at(-1)!;
    expect(seen).toMatchObject({ api: kind, stream: false, messages: msgs });
    expect(seen.headers.authorization).toBe('Bearer sk-test');
    if (kind === 'ollama') expect(seen.body.options).toEqual({ temperature: 0.7, top_p: 0.9, top_k: 40, num_predict: 64 });
    else {
      expect(seen.body).toMatchObject({ temperature: 0.7, top_p: 0.9, max_tokens: 64 });
      expect(seen.body).not.toHaveProperty('top_k');
    }
  });

  it('sends no Authorization header without a key, and a per-request model overrides the default', async () => {
    srv.setScript(() => ({ text: 'ok' }));
    const r = await make().generate({ messages: msgs, model: 'qwen2.5:7b' });
    expect(r.model).toBe('qwen2.5:7b');
    expect(srv.requests.at(-1)!.body.model).toBe('qwen2.5:7b');
    expect(srv.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('reports finish_reason length when the server stops at the token limit', async () => {
    srv.setScript(() => ({ text: 'cut short', finish: 'length' }));
    expect((await make().generate({ messages: msgs, max_tokens: 2 })).finish_reason).toBe('length');
    expect((await drainStream(make().stream({ messages: msgs, max_tokens: 2 }))).finish_reason).toBe('length');
  });

  it('streams deltas that join to the full text, with the final usage', async () => {
    srv.setScript(() => ({ text: 'one two three four' }));
    const deltas: string[] = [];
    const r = await drainStream(make().stream({ messages: msgs }), (d) => { deltas.push(d); });
    expect(deltas).toEqual(['one ', 'two ', 'three ', 'four']);
    expect(deltas.join('')).toBe(r.text);
    expect(r).toMatchObject({ text: 'one two three four', finish_reason: 'stop', completion_tokens: 4 });
    expect(r.prompt_tokens).toBeGreaterThan(0);
    expect(srv.requests.at(-1)!.stream).toBe(true);
    if (kind === 'openai') expect(srv.requests.at(-1)!.body.stream_options).toEqual({ include_usage: true });
  });

  it('cancel mid-stream keeps the partial text, says cancelled and stops the upstream request', async () => {
    srv.setScript(() => ({ text: 'a b c d e f g h', delayMs: 30 }));
    const ac = new AbortController();
    const deltas: string[] = [];
    const r = await drainStream(make().stream({ messages: msgs }, ac.signal), (d) => { deltas.push(d); if (deltas.length === 2) ac.abort(); });
    expect(r).toMatchObject({ finish_reason: 'cancelled', text: 'a b ' });
    expect(r.error).toBeUndefined();
    const seen = srv.requests.at(-1)!;
    await until(() => seen.closedEarly);
    expect(seen.closedEarly).toBe(true);
  });

  it('leaving the stream early (a throwing consumer) also closes the upstream request', async () => {
    srv.setScript(() => ({ text: 'a b c d e f g h', delayMs: 30 }));
    await expect(drainStream(make().stream({ messages: msgs }), () => { throw new Error('client went away'); })).rejects.toThrow('client went away');
    const seen = srv.requests.at(-1)!;
    await until(() => seen.closedEarly);
    expect(seen.closedEarly).toBe(true);
  });

  it('a caller abort is not an error: generate and stream return cancelled with what they have', async () => {
    srv.setScript(() => ({ text: 'slow reply', delayMs: 500 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect(await make().generate({ messages: msgs }, ac.signal)).toMatchObject({ text: '', finish_reason: 'cancelled' });
    expect(await drainStream(make().stream({ messages: msgs }, AbortSignal.abort()))).toMatchObject({ text: '', finish_reason: 'cancelled' });
  });

  it('a failure mid-stream ends with finish_reason error and keeps the partial text', async () => {
    srv.setScript(() => ({ text: 'a b c d', breakAfter: 2 }));
    const r = await drainStream(make().stream({ messages: msgs }));
    expect(r).toMatchObject({ finish_reason: 'error', text: 'a b ' });
    expect(r.error?.code).toBe('LLM_UNAVAILABLE');
    expect(r.error?.details).toMatchObject({ provider: kind, base_url: urlOf(srv, kind) });
    srv.setScript(() => ({ text: 'a b c d', errorAfter: 1, error: 'out of memory' }));
    const inBand = await drainStream(make().stream({ messages: msgs }));
    expect(inBand).toMatchObject({ finish_reason: 'error', text: 'a ' });
    expect(inBand.error?.message).toContain('out of memory');
  });

  it('a failure before the first delta throws LLM_UNAVAILABLE (so the caller can fall back)', async () => {
    srv.setScript(() => ({ text: 'a b c d', breakAfter: 0 }));
    await expectUnavailable(drainStream(make().stream({ messages: msgs })), kind, urlOf(srv, kind));
    srv.setScript(() => ({ text: 'a b', errorAfter: 0, error: 'model crashed' }));
    await expectUnavailable(drainStream(make().stream({ messages: msgs })), 'model crashed');
  });

  it('timeouts are LLM_UNAVAILABLE naming provider, URL and the limit; a slow stream ends with error', async () => {
    srv.setScript(() => ({ hang: true }));
    const err = await expectUnavailable(make({ timeout_ms: 200 }).generate({ messages: msgs }), kind, urlOf(srv, kind), 'no answer within 200 ms');
    expect(err.details).toMatchObject({ provider: kind, base_url: urlOf(srv, kind) });
    await expectUnavailable(drainStream(make({ timeout_ms: 200 }).stream({ messages: msgs })), 'no answer within 200 ms');
    srv.setScript(() => ({ text: 'a b c d e f g h i j', delayMs: 100 }));
    const r = await drainStream(make({ timeout_ms: 500 }).stream({ messages: msgs }));
    expect(r.finish_reason).toBe('error');
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.error?.message).toContain('no answer within 500 ms');
  });

  it('5xx, reset connections and malformed bodies are LLM_UNAVAILABLE', async () => {
    srv.setScript(() => ({ status: 500 }));
    const e500 = await expectUnavailable(make().generate({ messages: msgs }), 'HTTP 500', 'scripted failure 500');
    expect(e500.details).toMatchObject({ status: 500 });
    await expectUnavailable(drainStream(make().stream({ messages: msgs })), 'HTTP 500');
    srv.setScript(() => ({ reset: true }));
    await expectUnavailable(make().generate({ messages: msgs }), urlOf(srv, kind));
    srv.setScript(() => ({ malformed: true }));
    await expectUnavailable(make().generate({ messages: msgs }), 'malformed response');
    await expectUnavailable(drainStream(make().stream({ messages: msgs })), 'malformed response');
  });

  it('an unknown model (4xx) is LLM_UNAVAILABLE carrying the server error text', async () => {
    const p = build(kind, urlOf(strict, kind), { model: 'no-such-model' });
    const err = await expectUnavailable(p.generate({ messages: msgs }), 'HTTP 404', 'model "no-such-model" not found');
    expect(err.details).toMatchObject({ status: 404 });
  });

  it('a closed port is LLM_UNAVAILABLE (connection refused) and health reports it', async () => {
    const base = `http://127.0.0.1:${await closedPort()}${kind === 'openai' ? '/v1' : ''}`;
    const closed = build(kind, base);
    await expectUnavailable(closed.generate({ messages: msgs }), 'connection refused', base);
    await expectUnavailable(drainStream(closed.stream({ messages: msgs })), 'connection refused');
    await expectUnavailable(closed.listModels(), 'connection refused');
    expect(await closed.health()).toMatchObject({ ok: false, latency_ms: null, error: expect.stringContaining('connection refused') });
  });

  it('lists models, embeds deterministically in order, and reports health', async () => {
    expect(await make().listModels()).toEqual(['llama3.1:8b', 'qwen2.5:7b']);
    const [a, b, c] = await make().embed(['the dragon', 'a quiet harbour', 'the dragon'], 'nomic-embed-text');
    expect(a).toHaveLength(16);
    expect(a).toEqual(c);
    expect(a).not.toEqual(b);
    const seen = srv.allRequests.at(-1)!;
    expect(seen.body).toEqual({ model: 'nomic-embed-text', input: ['the dragon', 'a quiet harbour', 'the dragon'] });
    const before = srv.allRequests.length;
    expect(await make().embed([])).toEqual([]);
    expect(srv.allRequests.length).toBe(before);
    const h = await make().health();
    expect(h).toMatchObject({ ok: true, error: null });
    expect(h.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('health is ok:false (never a throw) when the model list fails', async () => {
    const path = kind === 'ollama' ? '/api/tags' : '/v1/models';
    srv.failEndpoint(path, 503);
    try {
      expect(await make().health()).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 503') });
    } finally {
      srv.failEndpoint(path, null);
    }
  });
});

describe('describeFetchError', () => {
  it('names DNS, reset and refused causes in words', () => {
    const withCause = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
    expect(describeFetchError(withCause('ENOTFOUND'), false, 1000)).toContain('host not found');
    expect(describeFetchError(withCause('ECONNRESET'), false, 1000)).toContain('connection reset');
    expect(describeFetchError(withCause('ECONNREFUSED'), false, 1000)).toContain('connection refused');
    expect(describeFetchError(withCause('ECONNREFUSED'), true, 1500)).toBe('no answer within 1500 ms (timeout_ms)');
  });

  it('uses the shared network table, and names an unknown code or the bare message with its cause', () => {
    const aggregate = new TypeError('fetch failed', { cause: new AggregateError([Object.assign(new Error('x'), { code: 'ETIMEDOUT' })]) });
    expect(describeFetchError(aggregate, false, 1000)).toBe('connection timed out');
    const cert = new TypeError('fetch failed', { cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }) });
    expect(describeFetchError(cert, false, 1000)).toBe('CERT_HAS_EXPIRED (certificate has expired)');
    expect(describeFetchError(new TypeError('fetch failed', { cause: new Error('bad port') }), false, 1000)).toBe('fetch failed (bad port)');
    expect(describeFetchError(new Error('plain'), false, 1000)).toBe('plain');
  });
});
