import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, startMcp, type RunningMcp } from './harness.ts';

let mcp: RunningMcp;
beforeAll(async () => {
  mcp = await startMcp({ limits: { messages_per_second: 1, burst: 3 } });
});
afterAll(() => mcp.close());

describe('per-connection rate limit', () => {
  it('answers RATE_LIMITED with retry_after_ms over WebSocket and executes nothing', async () => {
    const c = await RawClient.connect(mcp.ws);
    c.send([1, 2, 3].map((i) => ({ jsonrpc: '2.0', id: i, method: 'ping' })));
    expect(await c.next((m) => Array.isArray(m))).toHaveLength(3);
    const limited = await c.request('persona.create', { name: 'Spam', description: 'x' }, 'x');
    expect(limited.error).toMatchObject({ code: -32012, data: { code: 'RATE_LIMITED', retry_after_ms: expect.any(Number) } });
    expect(limited.error.data.retry_after_ms).toBeGreaterThan(0);
    await c.close();
    // Limits are per connection: a new one has its own bucket, and the refused create never ran.
    const d = await RawClient.connect(mcp.ws);
    expect((await d.request('persona.list', {}, 1)).result.total_count).toBe(2);
    await d.close();
  });

  it('rejects a whole POST with 429 and Retry-After on Streamable HTTP', async () => {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(`${mcp.base}/mcp`, { method: 'POST', headers, body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}' });
    const s = { ...headers, 'mcp-session-id': init.headers.get('mcp-session-id') ?? '' };
    const batch = JSON.stringify([2, 3].map((i) => ({ jsonrpc: '2.0', id: i, method: 'ping' })));
    expect((await fetch(`${mcp.base}/mcp`, { method: 'POST', headers: s, body: batch })).status).toBe(200);
    const res = await fetch(`${mcp.base}/mcp`, { method: 'POST', headers: s, body: '{"jsonrpc":"2.0","id":4,"method":"ping"}' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ id: null, error: { code: -32012, data: { code: 'RATE_LIMITED' } } });
  });
});

describe('list-changed notifications on WebSocket', () => {
  let server: RunningMcp;
  beforeAll(async () => {
    server = await startMcp();
  });
  afterAll(() => server.close());

  it('go to MCP-initialized connections after create, rename and delete, not after other updates', async () => {
    const mcpClient = await RawClient.connect(server.ws, { protocols: ['mcp'] });
    const legacy = await RawClient.connect(server.ws);
    await mcpClient.request('initialize', { protocolVersion: '2025-11-25', capabilities: {} }, 'i');
    mcpClient.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const changes = () => mcpClient.next((m) => m.method === 'notifications/resources/list_changed');
    const created = await legacy.request('persona.create', { name: 'Brom', description: 'A smith.' }, 1);
    await changes();
    await mcpClient.next((m) => m.method === 'notifications/prompts/list_changed');
    await legacy.request('persona.update', { persona_id: 'Brom', scenario: 'At the forge' }, 2);
    await legacy.request('persona.update', { persona_id: 'Brom', name: 'Brom the Smith' }, 3);
    await changes();
    expect(mcpClient.messages.filter((m) => m.method === 'notifications/resources/list_changed')).toEqual([]);
    await legacy.request('persona.delete', { persona_id: created.result.persona_id }, 4);
    await changes();
    expect(legacy.messages.filter((m) => typeof m.method === 'string')).toEqual([]);
    await mcpClient.close();
    await legacy.close();
  });
});
