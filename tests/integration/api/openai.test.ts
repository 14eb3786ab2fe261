// The OpenAI-compatible endpoints on the wire (raw fetch; no OpenAI SDK): models, a completion,
// a streamed completion (chat.completion.chunk lines, then [DONE]), the user field as participant,
// max_tokens as token budget (seen by a scripted LLM on the OpenAI wire), and OpenAI-style errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../../src/core/index.ts';
import { createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';
import { startApi, type RunningApi } from './api-harness.ts';
import { fetchJson, readSse } from './http-client.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
let llm: ScriptedLlmServer;
let api: RunningApi;
const post = (body: unknown) => fetch(`${api.base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  llm = await createScriptedLlmServer({ script: () => ({ text: 'Hello from Aria.' }) });
  api = await startApi({ config: { llm: { provider: 'openai', base_url: llm.openaiUrl, model: 'llama3.1:8b', offline_fallback: false } } });
});
afterAll(async () => {
  await api.close();
  await llm.close();
});

describe('/v1', () => {
  it('GET /v1/models lists personas as models with their persona_id', async () => {
    const res = await fetchJson(`${api.base}/v1/models`);
    expect(res.body.object).toBe('list');
    expect(res.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'Aria', object: 'model', owned_by: 'persona-mcp', persona_id: 'a1a1a1a1-0000-4000-8000-000000000001' })]));
  });

  it('POST /v1/chat/completions answers a chat.completion; user → participant, max_tokens → token budget', async () => {
    const res = await post({ model: 'aria', user: 'alice', max_tokens: 64, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'first' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: [{ type: 'text', text: 'Who are you?' }] }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ object: 'chat.completion', model: 'aria', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from Aria.' }, finish_reason: 'stop' }] });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    const seen = llm.requests.filter((r) => r.schema === null).at(-1)!;
    expect(seen?.messages[seen.messages.length - 1]?.content).toContain('Who are you?');
    expect(seen?.body.max_tokens ?? seen?.body.max_completion_tokens).toBe(64);
    // The user field is a participant on platform api, like REST and MCP callers (docs/memory.md, Identity).
    const sessions = await fetchJson(`${api.base}/api/sessions?persona_id=Aria&participant=Alice`);
    expect(sessions.body.sessions.map((s: { participant_key: string }) => s.participant_key)).toEqual(['api:alice']);
  });

  it('streams chat.completion.chunk data lines and ends with [DONE]', async () => {
    const res = await post({ model: 'Aria', stream: true, messages: [{ role: 'user', content: 'Stream please' }] });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = readSse(res);
    await sse.done;
    expect(sse.events.every((e) => e.event === 'message')).toBe(true);
    expect(sse.events[sse.events.length - 1]?.data).toBe('[DONE]');
    const chunks = sse.events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'Aria' && c.id === chunks[0].id)).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('Hello from Aria.');
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
  });

  it('an unknown model is a 404 with an OpenAI-style error carrying our code', async () => {
    const res = await post({ model: 'Nobody', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: 'model', code: 'PERSONA_NOT_FOUND' } });
  });

  it('bad requests are 400s in the OpenAI shape', async () => {
    for (const body of [{ model: 'Aria' }, { model: 'Aria', messages: [{ role: 'assistant', content: 'no user' }] }, { model: 'Aria', messages: 'hi' }]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const err = ((await res.json()) as Json).error;
      expect(err).toMatchObject({ type: 'invalid_request_error', code: 'INVALID_PARAMS' });
    }
    const notJson = await fetch(`${api.base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(((await notJson.json()) as Json).error.code).toBe('PARSE_ERROR');
    const unknown = await fetchJson(`${api.base}/v1/embeddings`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
