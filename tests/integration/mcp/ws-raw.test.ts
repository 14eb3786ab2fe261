import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, sleep, startMcp, type RunningMcp } from './harness.ts';

let mcp: RunningMcp;
beforeAll(async () => {
  // Small limits so the size rules are cheap to exercise.
  mcp = await startMcp({ server: { max_message_bytes: 2048, max_import_bytes: 8192 } });
});
afterAll(() => mcp.close());

describe('WebSocket /mcp (raw frames)', () => {
  it('selects the mcp subprotocol when offered and echoes numeric and string ids', async () => {
    const c = await RawClient.connect(mcp.ws, { protocols: ['mcp'] });
    expect(c.socket.protocol).toBe('mcp');
    expect(await c.request('ping', undefined, 1)).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    const r = await c.request('persona.list', {}, 'list-1');
    expect(r.id).toBe('list-1');
    expect(r.result.personas.map((p: { name: string }) => p.name).sort()).toEqual(['Aria', 'Kira']);
    expect('error' in r).toBe(false);
    await c.close();
  });

  it('works without a subprotocol (legacy clients call domain methods directly)', async () => {
    const c = await RawClient.connect(mcp.ws);
    expect(c.socket.protocol).toBe('');
    expect((await c.request('persona.get', { persona_id: 'aria' }, 2)).result.persona.name).toBe('Aria');
    await c.close();
  });

  it('never answers a notification', async () => {
    const c = await RawClient.connect(mcp.ws);
    c.send({ jsonrpc: '2.0', method: 'persona.list' });
    c.send({ jsonrpc: '2.0', method: 'no.such.method' });
    expect(await c.request('ping', undefined, 'after')).toMatchObject({ id: 'after' });
    await sleep(50);
    expect(c.messages).toEqual([]);
    await c.close();
  });

  it('answers a batch with the responses of the elements that had ids', async () => {
    const c = await RawClient.connect(mcp.ws);
    c.send([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'ping' },
      { jsonrpc: '2.0', id: 'g', method: 'persona.get', params: { persona_id: 'Kira' } },
      { jsonrpc: '2.0', id: 3, method: 'nope' },
    ]);
    const reply = await c.next((m) => Array.isArray(m));
    expect(reply).toHaveLength(3);
    const byId = new Map((reply as unknown as { id: unknown }[]).map((r) => [r.id, r]));
    expect(byId.get(1)).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    expect(byId.get('g')).toMatchObject({ result: { persona: { name: 'Kira' } } });
    expect(byId.get(3)).toMatchObject({ error: { code: -32601 } });
    c.send([]);
    expect(await c.next(() => true)).toMatchObject({ id: null, error: { code: -32600 } });
    await c.close();
  });

  it('answers a binary frame with -32600 and keeps the connection open', async () => {
    const c = await RawClient.connect(mcp.ws);
    c.send(Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })), true);
    expect(await c.next(() => true)).toMatchObject({ id: null, error: { code: -32600, data: { code: 'INVALID_REQUEST' } } });
    expect(await c.request('ping', undefined, 2)).toMatchObject({ id: 2, result: {} });
    await c.close();
  });

  it('answers an oversized frame with PAYLOAD_TOO_LARGE and closes 1009 beyond the hard cap', async () => {
    const c = await RawClient.connect(mcp.ws);
    c.send({ jsonrpc: '2.0', id: 'big', method: 'persona.create', params: { name: 'Big', description: 'x'.repeat(3000) } });
    expect(await c.next((m) => m.id === 'big')).toMatchObject({ error: { code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 2048 } } } });
    expect((await c.request('persona.list', {}, 'n')).result.total_count).toBe(2);
    c.send({ jsonrpc: '2.0', id: 'huge', method: 'persona.import', params: { card: 'x'.repeat(9000) } });
    expect(await c.closed).toBe(1009);
  });

  it('reports unknown methods and invalid params with issues, changing nothing', async () => {
    const c = await RawClient.connect(mcp.ws);
    expect(await c.request('persona.explode', {}, 1)).toMatchObject({ error: { code: -32601, data: { code: 'METHOD_NOT_FOUND', details: { method: 'persona.explode' } } } });
    const bad = await c.request('persona.create', { name: '', charisma: 99 }, 2);
    expect(bad.error.code).toBe(-32602);
    expect(bad.error.data.issues.map((i: { path: string[] }) => i.path[0])).toEqual(expect.arrayContaining(['name', 'charisma']));
    expect((await c.request('persona.list', {}, 3)).result.total_count).toBe(2);
    const bad2 = await c.request('persona.list', [] as never, 4);
    expect(bad2.error.code).toBe(-32602);
    await c.close();
  });

  it('answers invalid ids with -32600 and id null', async () => {
    const c = await RawClient.connect(mcp.ws);
    c.send({ jsonrpc: '2.0', id: 1.5, method: 'ping' });
    expect(await c.next(() => true)).toMatchObject({ id: null, error: { code: -32600 } });
    c.send('{"jsonrpc":"2.0","id":1,');
    expect(await c.next(() => true)).toMatchObject({ id: null, error: { code: -32700 } });
    await c.close();
  });

  it('delivers events.event to a subscriber when another connection updates a persona', async () => {
    const watcher = await RawClient.connect(mcp.ws);
    const writer = await RawClient.connect(mcp.ws);
    const sub = await watcher.request('events.subscribe', { persona_ids: ['aria'], names: ['persona.*'] }, 's');
    const aria = (await writer.request('persona.get', { persona_id: 'Aria' }, 1)).result.persona;
    expect(sub.result).toEqual({ subscription_id: expect.any(String), persona_ids: [aria.id], names: ['persona.*'] });
    await writer.request('persona.update', { persona_id: 'Kira', scenario: 'ignored by the filter' }, 2);
    const upd = await writer.request('persona.update', { persona_id: 'Aria', scenario: 'In the tavern' }, 3);
    expect(upd.result.updated).toBe(true);
    const event = await watcher.next((m) => m.method === 'events.event');
    expect(event.params).toMatchObject({ subscription_id: sub.result.subscription_id, seq: 1, name: 'persona.updated', persona_id: aria.id, data: { name: 'Aria' } });
    expect(watcher.messages).toEqual([]);
    expect(await watcher.request('events.unsubscribe', { subscription_id: sub.result.subscription_id }, 'u')).toMatchObject({ result: { unsubscribed: true } });
    expect(await watcher.request('events.unsubscribe', { subscription_id: sub.result.subscription_id }, 'u2')).toMatchObject({ error: { data: { code: 'SUBSCRIPTION_NOT_FOUND' } } });
    expect(await watcher.request('events.subscribe', { persona_ids: ['Nobody'] }, 'x')).toMatchObject({ error: { data: { code: 'PERSONA_NOT_FOUND' } } });
    await watcher.close();
    await writer.close();
  });

  it('refuses a second initialize and reports the connection count in health', async () => {
    const c = await RawClient.connect(mcp.ws);
    const init = await c.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }, 1);
    expect(init.result).toMatchObject({ protocolVersion: '2025-06-18', serverInfo: { name: 'persona-mcp' }, capabilities: { resources: { listChanged: true } } });
    expect(await c.request('initialize', { protocolVersion: '2025-06-18', capabilities: {} }, 2)).toMatchObject({ error: { code: -32600 } });
    const health = await (await fetch(`${mcp.base}/`)).json();
    expect(health).toMatchObject({ status: 'healthy', server: 'persona-mcp', connections: 1 });
    await c.close();
  });
});
