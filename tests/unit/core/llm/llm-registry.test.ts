import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, AppConfigSchema } from '../../../../src/shared/index.ts';
import {
  LlmSettingsPatchSchema, LlmSettingsViewSchema, createLlmRegistry, drainStream, type LlmSettings,
} from '../../../../src/core/llm/index.ts';
import { createScriptedLlmServer, type ScriptedLlmServer } from '../../../support/scripted-llm-server.ts';

let a: ScriptedLlmServer;
let b: ScriptedLlmServer;
beforeAll(async () => {
  a = await createScriptedLlmServer({ script: () => ({ text: 'from server A' }) });
  b = await createScriptedLlmServer({ script: () => ({ text: 'from server B' }) });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const defaults = (): LlmSettings => AppConfigSchema.parse({}).llm;
const msgs = [{ role: 'user' as const, content: 'hi' }];

describe('LLM settings', () => {
  it('has the documented LLM defaults', () => {
    expect(defaults()).toEqual({
      provider: 'ollama', base_url: 'http://127.0.0.1:11434', model: 'llama3.1:8b', timeout_ms: 120_000, context_tokens: 4096,
      offline_fallback: true, temperature: 0.7, embedding: { enabled: false, provider: 'ollama', model: 'nomic-embed-text' },
    });
  });

  it('a patch fills in no defaults and validates each key', () => {
    expect(LlmSettingsPatchSchema.parse({})).toEqual({});
    expect(LlmSettingsPatchSchema.parse({ embedding: { enabled: true } })).toEqual({ embedding: { enabled: true } });
    expect(LlmSettingsPatchSchema.safeParse({ base_url: 'ftp://x' }).success).toBe(false);
    expect(LlmSettingsPatchSchema.safeParse({ timeout_ms: 999 }).success).toBe(false);
    expect(LlmSettingsPatchSchema.safeParse({ temperature: 2.5 }).success).toBe(false);
    expect(LlmSettingsPatchSchema.safeParse({ model: 'x'.repeat(129) }).success).toBe(false);
  });
});

describe('LLM registry', () => {
  it('switches provider at run time; a call in flight finishes on the old provider', async () => {
    a.setScript(() => ({ text: 'slow words from server A', delayMs: 40 }));
    const reg = createLlmRegistry({ ...defaults(), base_url: a.ollamaUrl });
    const old = reg.current()!;
    expect(old.kind).toBe('ollama');
    const inFlight = drainStream(old.stream({ messages: msgs }));
    reg.configure({ provider: 'openai', base_url: b.openaiUrl, model: 'qwen2.5-7b-instruct' });
    const now = reg.current()!;
    expect(now).toMatchObject({ kind: 'openai', model: 'qwen2.5-7b-instruct', baseUrl: b.openaiUrl });
    expect((await now.generate({ messages: msgs })).text).toBe('from server B');
    expect((await inFlight).text).toBe('slow words from server A');
    expect(b.requests.at(-1)!.body.model).toBe('qwen2.5-7b-instruct');
  });

  it('sends the API key as a bearer token but never shows it', async () => {
    const reg = createLlmRegistry({ ...defaults(), provider: 'openai', base_url: b.openaiUrl, api_key: 'sk-secret-123' });
    await reg.current()!.generate({ messages: msgs });
    expect(b.requests.at(-1)!.headers.authorization).toBe('Bearer sk-secret-123');
    const view = reg.view();
    expect(view).toMatchObject({ provider: 'openai', has_api_key: true });
    expect(view).not.toHaveProperty('api_key');
    expect(JSON.stringify(view)).not.toContain('sk-secret');
    expect(LlmSettingsViewSchema.parse(view)).toEqual(view);
    reg.configure({ model: 'other', api_key: undefined });
    expect(reg.view().has_api_key).toBe(true);
    reg.configure({ api_key: '' });
    expect(reg.view().has_api_key).toBe(false);
    await reg.current()!.generate({ messages: msgs });
    expect(b.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('offline has no HTTP provider and is always healthy; health names the provider otherwise', async () => {
    const reg = createLlmRegistry({ ...defaults(), base_url: a.ollamaUrl });
    expect(await reg.health()).toMatchObject({ ok: true, provider: 'ollama', base_url: a.ollamaUrl, model: 'llama3.1:8b' });
    reg.configure({ provider: 'offline' });
    expect(reg.current()).toBeNull();
    expect(await reg.health()).toEqual({ ok: true, latency_ms: 0, error: null, provider: 'offline', model: null, base_url: null });
  });

  it('bad values throw INVALID_PARAMS naming the key and change nothing', () => {
    const reg = createLlmRegistry(defaults());
    const err = (() => { try { reg.configure({ timeout_ms: 5 }); } catch (e) { return e; } return null; })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_PARAMS');
    expect((err as AppError).message).toContain('llm.timeout_ms');
    expect((err as AppError).issues?.[0]?.path).toEqual(['timeout_ms']);
    expect(reg.settings().timeout_ms).toBe(120_000);
  });

  it('replace() rolls back wholesale, including a key that was added', () => {
    const reg = createLlmRegistry(defaults());
    const before = reg.settings();
    reg.configure({ provider: 'openai', base_url: b.openaiUrl, api_key: 'sk-x' });
    reg.replace(before);
    expect(reg.view()).toMatchObject({ provider: 'ollama', has_api_key: false });
    expect(reg.current()?.kind).toBe('ollama');
  });

  it('embedder: null when disabled; the key goes only to the chat provider origin', async () => {
    const reg = createLlmRegistry({ ...defaults(), provider: 'openai', base_url: a.openaiUrl, api_key: 'sk-emb' });
    expect(reg.embedder()).toBeNull();
    reg.configure({ embedding: { enabled: true, provider: 'openai' } });
    const same = reg.embedder()!;
    expect(same.model).toBe('nomic-embed-text');
    expect(await same.provider.embed(['x'], same.model)).toHaveLength(1);
    expect(a.allRequests.at(-1)!.headers.authorization).toBe('Bearer sk-emb');
    reg.configure({ embedding: { base_url: b.openaiUrl } });
    await reg.embedder()!.provider.embed(['x']);
    expect(b.allRequests.at(-1)).toMatchObject({ path: '/v1/embeddings' });
    expect(b.allRequests.at(-1)!.headers.authorization).toBeUndefined();
  });
});
