import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createScriptedLlmServer } from '../../support/scripted-llm-server.ts';
import { RawClient, sleep, startMcp } from './harness.ts';

describe('connection lifecycle', () => {
  it('graceful stop lets the in-flight request finish, then closes with 1001', async () => {
    const llm = await createScriptedLlmServer({ script: () => ({ text: 'finishing my reply', delayMs: 150 }) });
    const mcp = await startMcp({ llm: { provider: 'ollama', base_url: llm.url } }, { graceMs: 3000 });
    const c = await RawClient.connect(mcp.ws);
    c.send({ jsonrpc: '2.0', id: 1, method: 'persona.chat', params: { persona_id: 'Kira', message: 'Hi' } });
    await sleep(50);
    const stopping = mcp.close();
    const reply = await c.next((m) => m.id === 1);
    expect(reply.result.response).toBe('finishing my reply');
    expect(await c.closed).toBe(1001);
    await stopping;
    await llm.close();
  });

  it('terminates a connection that stops answering pings', async () => {
    const mcp = await startMcp({}, { heartbeatMs: 40, heartbeatTimeoutMs: 120 });
    const silent = new WebSocket(mcp.ws, { autoPong: false });
    const polite = await RawClient.connect(mcp.ws);
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    expect(await closed).toBe(1006);
    expect(await polite.request('ping', undefined, 1)).toMatchObject({ result: {} });
    await polite.close();
    await mcp.close();
  });

  it('expires idle HTTP sessions', async () => {
    const mcp = await startMcp({}, { sessionIdleMs: 100 });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(`${mcp.base}/mcp`, { method: 'POST', headers, body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}' });
    const sid = init.headers.get('mcp-session-id') ?? '';
    const ping = () => fetch(`${mcp.base}/mcp`, { method: 'POST', headers: { ...headers, 'mcp-session-id': sid }, body: '{"jsonrpc":"2.0","id":2,"method":"ping"}' });
    expect((await ping()).status).toBe(200);
    await sleep(300);
    expect((await ping()).status).toBe(404);
    await mcp.close();
  });
});
