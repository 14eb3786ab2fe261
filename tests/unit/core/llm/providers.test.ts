import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, AppConfigSchema } from '../../../../src/shared/index.ts';
import {
  createLlmRegistry, createOllamaProvider, createOpenAiProvider, drainStream, generateStructured, type LlmProvider,
} from '../../../../src/core/llm/index.ts';
import { closedPort, createScriptedLlmServer, type ScriptedLlmServer } from '../../../support/scripted-llm-server.ts';

let srv: ScriptedLlmServer;
beforeAll(async () => {
  srv = await createScriptedLlmServer();
});
afterAll(() => srv.close());

const settings = (base_url: string, extra: Record<string, unknown> = {}) => ({ base_url, model: 'llama3.1:8b', timeout_ms: 2000, ...extra });
const providers: [string, () => LlmProvider][] = [
  ['ollama', () => createOllamaProvider(settings(srv.ollamaUrl))],
  ['openai', () => createOpenAiProvider(settings(srv.openaiUrl, { api_key: 'sk-test' }))],
];
const msgs = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hello there, smith' }];

async function expectUnavailable(p: Promise<unknown>, fragment: string): Promise<void> {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'LLM_UNAVAILABLE' && e.message.includes(fragment));
}

describe.each(providers)('%s provider against the scripted server', (kind, make) => {
  it('generates with usage counts and sends options on the wire', async () => {
    srv.setScript(() => ({ text: 'Well met, traveller.' }));
    const r = await make().generate({ messages: msgs, temperature: 0.7, max_tokens: 64 });
    expect(r).toMatchObject({ text: 'Well met, traveller.', finish_reason: 'stop', completion_tokens: 3, model: 'llama3.1:8b' });
    expect(r.prompt_tokens).toBeGreaterThan(0);
    const seen = srv.requests.at(-1)!;
    expect(seen.api).toBe(kind);
    expect(seen.messages).toEqual(msgs);
    if (kind === 'ollama') expect(seen.body.options).toEqual({ temperature: 0.7, num_predict: 64 });
    else {
      expect(seen.body).toMatchObject({ temperature: 0.7, max_tokens: 64 });
      expect(seen.headers.authorization).toBe('Bearer sk-test');
    }
  });

  it('streams deltas that join to the full text, with the final usage', async () => {
    srv.setScript(() => ({ text: 'one two three four' }));
    const deltas: string[] = [];
    const r = await drainStream(make().stream({ messages: msgs }), (d) => deltas.push(d));
    expect(deltas).toEqual(['one ', 'two ', 'three ', 'four']);
    expect(r).toMatchObject({ text: 'one two three four', finish_reason: 'stop', completion_tokens: 4 });
  });

  it('cancel mid-stream keeps the partial text with finish_reason cancelled', async () => {
    srv.setScript(() => ({ text: 'a b c d e f g h', delayMs: 30 }));
    const ac = new AbortController();
    const deltas: string[] = [];
    const r = await drainStream(make().stream({ messages: msgs }, ac.signal), (d) => { deltas.push(d); if (deltas.length === 2) ac.abort(); });
    expect(r.finish_reason).toBe('cancelled');
    expect(r.text).toBe('a b ');
  });

  it('a failure mid-stream ends with finish_reason error and the partial text', async () => {
    srv.setScript(() => ({ text: 'a b c d', breakAfter: 2 }));
    const r = await drainStream(make().stream({ messages: msgs }));
    expect(r.finish_reason).toBe('error');
    expect(r.text).toBe('a b ');
    expect(r.error?.code).toBe('LLM_UNAVAILABLE');
  });

  it('timeouts, 5xx and a closed port are LLM_UNAVAILABLE with a clear message', async () => {
    srv.setScript(() => ({ hang: true }));
    const slow = kind === 'ollama' ? createOllamaProvider(settings(srv.ollamaUrl, { timeout_ms: 200 })) : createOpenAiProvider(settings(srv.openaiUrl, { timeout_ms: 200 }));
    await expectUnavailable(slow.generate({ messages: msgs }), 'no answer within 200 ms');
    srv.setScript(() => ({ status: 500 }));
    await expectUnavailable(make().generate({ messages: msgs }), 'HTTP 500');
    await expectUnavailable(drainStream(make().stream({ messages: msgs })), 'HTTP 500');
    const port = await closedPort();
    const closed = kind === 'ollama' ? createOllamaProvider(settings(`http://127.0.0.1:${port}`)) : createOpenAiProvider(settings(`http://127.0.0.1:${port}/v1`));
    await expectUnavailable(closed.generate({ messages: msgs }), 'connection refused');
    expect((await closed.health()).ok).toBe(false);
  });

  it('lists models, embeds deterministically and reports health', async () => {
    expect(await make().listModels()).toEqual(['llama3.1:8b', 'qwen2.5:7b']);
    const [a, b] = await make().embed(['the dragon', 'the dragon']);
    expect(a).toHaveLength(16);
    expect(a).toEqual(b);
    expect(await make().health()).toMatchObject({ ok: true, error: null });
  });

  it('structured output: valid, invalid then valid (one retry), invalid twice (fallback)', async () => {
    const schema = z.object({ summary: z.string() });
    const fallback = { summary: 'fallback' };
    srv.setScript(() => ({ text: '```json\n{"summary":"They met at the mill."}\n```' }));
    expect(await generateStructured(make(), { messages: msgs }, schema, fallback)).toEqual({ value: { summary: 'They met at the mill.' }, fell_back: false, attempts: 1 });
    expect(srv.requests.at(-1)!.body[kind === 'ollama' ? 'format' : 'response_format']).toBeTruthy();
    let n = 0;
    srv.setScript(() => ({ text: (n += 1) === 1 ? 'not json' : '{"summary":"second try"}' }));
    expect(await generateStructured(make(), { messages: msgs }, schema, fallback)).toMatchObject({ value: { summary: 'second try' }, attempts: 2 });
    srv.setScript(() => ({ text: '{"wrong":1}' }));
    expect(await generateStructured(make(), { messages: msgs }, schema, fallback)).toEqual({ value: fallback, fell_back: true, attempts: 2 });
  });
});

describe('LLM registry', () => {
  it('switches provider at run time, keeps the API key write-only, and offline has no provider', async () => {
    const reg = createLlmRegistry(AppConfigSchema.parse({}).llm);
    expect(reg.current()?.kind).toBe('ollama');
    reg.configure({ provider: 'openai', base_url: srv.openaiUrl, api_key: 'sk-secret' });
    expect(reg.current()?.kind).toBe('openai');
    expect(reg.view()).toMatchObject({ provider: 'openai', has_api_key: true });
    expect(JSON.stringify(reg.view())).not.toContain('sk-secret');
    expect((await reg.health()).ok).toBe(true);
    reg.configure({ api_key: '' });
    expect(reg.view().has_api_key).toBe(false);
    reg.configure({ provider: 'offline' });
    expect(reg.current()).toBeNull();
    expect(await reg.health()).toMatchObject({ ok: true, provider: 'offline' });
    expect(() => reg.configure({ timeout_ms: 5 })).toThrow(AppError);
  });
});
