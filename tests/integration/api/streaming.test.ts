// Streaming over a real socket: persona.chat with stream:true as text/event-stream (deltas from a
// scripted LLM speaking the Ollama wire, then the result), errors before output as plain JSON,
// and a client that hangs up cancels the generation upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../../src/core/index.ts';
import { createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';
import { startApi, type RunningApi } from './api-harness.ts';
import { readSse } from './http-client.ts';

let llm: ScriptedLlmServer;
let api: RunningApi;

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  llm = await createScriptedLlmServer();
  api = await startApi({ config: { llm: { provider: 'ollama', base_url: llm.url, model: 'llama3.1:8b', offline_fallback: false } } });
});
afterAll(async () => {
  await api.close();
  await llm.close();
});

const chat = (body: Record<string, unknown>, signal?: AbortSignal) => fetch(`${api.base}/api/personas/Aria/chat`, {
  method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify(body), ...(signal ? { signal } : {}),
});

describe('POST /api/personas/:id/chat with stream:true', () => {
  it('sends delta events in order, then the full result', async () => {
    llm.setScript(() => ({ chunks: ['Well ', 'met, ', 'traveller', '!'] }));
    const res = await chat({ message: 'Greet me', stream: true, participant: { id: 'sse-user' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = readSse(res);
    await sse.done;
    const deltas = sse.events.filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data) as { delta: string; index: number });
    expect(deltas.map((d) => d.delta).join('')).toBe('Well met, traveller!');
    expect(deltas.map((d) => d.index)).toEqual(deltas.map((_d, i) => i));
    const last = sse.events[sse.events.length - 1];
    expect(last?.event).toBe('result');
    const result = JSON.parse(last?.data ?? '{}');
    expect(result.response).toBe('Well met, traveller!');
    expect(result.participant.key).toBe('api:sse-user');
  });

  it('without stream the same route answers plain JSON', async () => {
    llm.setScript(() => ({ text: 'Plain reply.' }));
    const res = await chat({ message: 'Hi', participant: { id: 'sse-user' } });
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { response: string }).response).toBe('Plain reply.');
  });

  it('an error before any output is a plain JSON status (invalid params, unknown persona)', async () => {
    const bad = await chat({ message: '', stream: true });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_PARAMS');
    const res = await fetch(`${api.base}/api/personas/Nobody/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'hi', stream: true }) });
    expect(res.status).toBe(404);
  });

  it('an LLM failure mid-stream ends with an error event', async () => {
    llm.setScript(() => ({ chunks: ['one ', 'two ', 'three'], breakAfter: 1 }));
    const res = await chat({ message: 'Break please', stream: true, participant: { id: 'sse-break' } });
    const sse = readSse(res);
    await sse.done;
    const names = sse.events.map((e) => e.event);
    expect(names[0]).toBe('delta');
    const final = sse.events[sse.events.length - 1];
    // Either the reply is kept as an error/partial result or an error event closes the stream; never silence.
    expect(['result', 'error']).toContain(final?.event);
    if (final?.event === 'error') expect(JSON.parse(final.data).error.code).toBeTypeOf('string');
    else expect(JSON.parse(final?.data ?? '{}').finish_reason).toBe('error');
  });

  it('closing the request aborts the generation upstream', async () => {
    llm.setScript(() => ({ chunks: Array.from({ length: 40 }, (_v, i) => `w${i} `), delayMs: 50 }));
    const before = llm.requests.length;
    const controller = new AbortController();
    const res = await chat({ message: 'Tell me a long story', stream: true, participant: { id: 'sse-abort' } }, controller.signal);
    const sse = readSse(res);
    await sse.next((e) => e.event === 'delta');
    controller.abort();
    await sse.done;
    // Earlier replies may still have structured after-reply calls (fact extraction) in flight: take the chat request.
    const seen = llm.requests.slice(before).find((r) => r.schema === null);
    const deadline = Date.now() + 3000;
    while (!seen?.closedEarly && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(seen?.closedEarly).toBe(true);
    expect(sse.events.some((e) => e.event === 'result')).toBe(false);
  });
});
