import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';
import { RawClient, sleep, startMcp, type RunningMcp } from './harness.ts';

let llm: ScriptedLlmServer;
let mcp: RunningMcp;
const slow = { text: 'one two three four five six seven eight nine ten', delayMs: 60 };

beforeAll(async () => {
  llm = await createScriptedLlmServer();
  mcp = await startMcp({ llm: { provider: 'ollama', base_url: llm.url, model: 'llama3.1:8b' } });
});
afterAll(async () => {
  await mcp.close();
  await llm.close();
});

const chat = (extra: Record<string, unknown> = {}) => ({ persona_id: 'Aria', message: 'Sing', participant: { id: 'bob', display_name: 'Bob' }, ...extra });

describe('streaming chat over WebSocket', () => {
  it('sends persona.chat.delta notifications, then the response with stream_id and chunk_count', async () => {
    llm.setScript(() => ({ text: 'Well met, Bob!' }));
    const c = await RawClient.connect(mcp.ws);
    const res = await c.request('persona.chat', chat({ stream: true }), 7);
    const deltas = c.messages.filter((m) => m.method === 'persona.chat.delta');
    expect(deltas.map((d) => d.params.delta).join('')).toBe('Well met, Bob!');
    expect(deltas.every((d) => d.params.request_id === 7 && d.params.stream_id === res.result.stream_id)).toBe(true);
    expect(deltas.map((d) => d.params.index)).toEqual([0, 1, 2]);
    expect(res.result).toMatchObject({ response: 'Well met, Bob!', finish_reason: 'stop', chunk_count: 3 });
    await c.close();
  });

  it('does not stream inside a batch', async () => {
    llm.setScript(() => ({ text: 'quiet reply' }));
    const c = await RawClient.connect(mcp.ws);
    c.send([{ jsonrpc: '2.0', id: 1, method: 'persona.chat', params: chat({ stream: true }) }]);
    const [reply] = await c.next((m) => Array.isArray(m)) as unknown as { result: { response: string } }[];
    expect(reply?.result.response).toBe('quiet reply');
    expect(c.messages.filter((m) => m.method === 'persona.chat.delta')).toEqual([]);
    await c.close();
  });

  it('persona.chat.cancel stops the stream; the chat returns the partial reply as cancelled', async () => {
    llm.setScript(() => slow);
    const c = await RawClient.connect(mcp.ws);
    c.send({ jsonrpc: '2.0', id: 'chat', method: 'persona.chat', params: chat({ stream: true }) });
    await c.next((m) => m.method === 'persona.chat.delta');
    const cancel = await c.request('persona.chat.cancel', { request_id: 'chat' }, 'cancel');
    expect(cancel.result).toMatchObject({ cancelled: true, stream_id: expect.any(String) });
    const done = await c.next((m) => m.id === 'chat');
    expect(done.result.finish_reason).toBe('cancelled');
    expect(done.result.response.length).toBeLessThan(slow.text.length);
    expect((await c.request('persona.chat.cancel', { stream_id: cancel.result.stream_id }, 'again')).result).toMatchObject({ cancelled: false, reason: 'already_finished' });
    expect((await c.request('persona.chat.cancel', { request_id: 'never' }, 'nf')).error.data.code).toBe('STREAM_NOT_FOUND');
    await c.close();
  });

  it('notifications/cancelled aborts the request and no response is sent', async () => {
    llm.setScript(() => slow);
    const c = await RawClient.connect(mcp.ws);
    c.send({ jsonrpc: '2.0', id: 99, method: 'persona.chat', params: chat({ stream: true }) });
    await c.next((m) => m.method === 'persona.chat.delta');
    c.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99, reason: 'user pressed stop' } });
    await sleep(250);
    expect(await c.request('ping', undefined, 100)).toMatchObject({ result: {} });
    expect(c.messages.filter((m) => m.id === 99)).toEqual([]);
    await c.close();
  });
});

describe('streaming chat over Streamable HTTP', () => {
  it('answers a streaming request with text/event-stream: deltas, then the response', async () => {
    llm.setScript(() => ({ text: 'Hello over SSE' }));
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(`${mcp.base}/mcp`, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {} } }) });
    const sid = init.headers.get('mcp-session-id') ?? '';
    await init.text();
    const res = await fetch(`${mcp.base}/mcp`, { method: 'POST', headers: { ...headers, 'mcp-session-id': sid }, body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'persona.chat', params: chat({ stream: true }) }) });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter((b) => b.includes('data: ')).map((b) => JSON.parse(b.slice(b.indexOf('data: ') + 6)));
    expect(events.slice(0, -1).every((e) => e.method === 'persona.chat.delta' && e.params.request_id === 5)).toBe(true);
    expect(events.at(-1)).toMatchObject({ id: 5, result: { response: 'Hello over SSE', chunk_count: events.length - 1 } });
  });
});
