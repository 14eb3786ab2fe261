// Token scopes, the per-principal LLM budget, revocation (close 1008) and stream back-pressure
// over real WebSocket connections.
import { afterEach, describe, expect, it } from 'vitest';
import { createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';
import { RawClient, sleep, startMcp, type RunningMcp } from './harness.ts';

let mcp: RunningMcp | undefined;
let llm: ScriptedLlmServer | undefined;
afterEach(async () => {
  await mcp?.close();
  await llm?.close();
  mcp = undefined;
  llm = undefined;
});

const chat = { persona_id: 'Aria', message: 'Hello there', participant: { id: 'bob', display_name: 'Bob' } };

describe('token scopes', () => {
  it('a read-only token may read but not write or chat; FORBIDDEN names the scope; nothing changes', async () => {
    mcp = await startMcp();
    const { token } = await mcp.core.tokens.issue('viewer', ['read']);
    const c = await RawClient.connect(`${mcp.ws}?token=${token}`);
    expect((await c.request('persona.get', { persona_id: 'Aria' })).result.persona.name).toBe('Aria');
    const create = await c.request('persona.create', { name: 'Mallory', description: 'should not exist' });
    expect(create.error.data).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'scope', required_scope: 'write' } });
    const talk = await c.request('persona.chat', chat);
    expect(talk.error.data).toMatchObject({ code: 'FORBIDDEN', details: { required_scope: 'chat' } });
    const tool = await c.request('tools/call', { name: 'persona.create', arguments: { name: 'Mallory' } });
    expect(JSON.stringify(tool)).toContain('FORBIDDEN');
    expect((await c.request('persona.list', {})).result.personas.map((p: { name: string }) => p.name)).not.toContain('Mallory');
    await c.close();
  });

  it('the install token and tokenless loopback connections have every scope', async () => {
    mcp = await startMcp();
    const install = mcp.core.tokens.ensureInstallToken();
    for (const url of [mcp.ws, `${mcp.ws}?token=${install}`]) {
      const c = await RawClient.connect(url);
      const r = await c.request('persona.update', { persona_id: 'Kira', description: `edited via ${url.includes('token') ? 'token' : 'loopback'}` });
      expect(r.result?.persona?.description ?? r.error).toMatch(/^edited via/);
      await c.close();
    }
  });

  it('beyond loopback the service starts with a generated install token and refuses connections without it', async () => {
    mcp = await startMcp({ server: { host: '0.0.0.0' } });
    const token = mcp.core.tokens.installToken();
    expect(token).toMatch(/^pm_/);
    await expect(RawClient.connect(mcp.ws)).rejects.toThrow(/HTTP 401/);
    const c = await RawClient.connect(mcp.ws, { headers: { Authorization: `Bearer ${token}` } });
    expect((await c.request('ping')).result).toEqual({});
    await c.close();
  });
});

describe('LLM budget per principal', () => {
  it('counts LLM-backed calls per minute across connections of one address; other calls are not counted', async () => {
    mcp = await startMcp({ limits: { llm_calls_per_minute: 3 } });
    const a = await RawClient.connect(mcp.ws);
    const b = await RawClient.connect(mcp.ws);
    for (const c of [a, b, a]) expect((await c.request('persona.chat', chat)).result.response).toEqual(expect.any(String));
    const limited = await b.request('persona.chat', chat);
    expect(limited.error.data).toMatchObject({ code: 'RATE_LIMITED', retry_after_ms: expect.any(Number) });
    expect(limited.error.data.retry_after_ms).toBeGreaterThan(1000);
    expect((await b.request('persona.get', { persona_id: 'Aria' })).result.persona.name).toBe('Aria');
    // A token is a principal of its own.
    const { token } = await mcp.core.tokens.issue('npc', ['read', 'chat']);
    const t = await RawClient.connect(`${mcp.ws}?token=${token}`);
    expect((await t.request('persona.chat', chat)).result.response).toEqual(expect.any(String));
    await Promise.all([a.close(), b.close(), t.close()]);
  });
});

describe('revocation', () => {
  it('revoking a token closes its connections with 1008 and leaves the others open', async () => {
    mcp = await startMcp();
    const { id, token } = await mcp.core.tokens.issue('temp', ['read']);
    const revoked = await RawClient.connect(`${mcp.ws}?token=${token}`);
    const other = await RawClient.connect(mcp.ws);
    await mcp.core.tokens.revoke(id);
    expect(await Promise.race([revoked.closed, sleep(4000).then(() => 'still open')])).toBe(1008);
    expect((await other.request('ping')).result).toEqual({});
    await expect(RawClient.connect(`${mcp.ws}?token=${token}`)).rejects.toThrow(/HTTP 401/);
    await other.close();
  });

  it('a message sent right after the revocation is not served: the socket closes 1008 instead', async () => {
    mcp = await startMcp();
    const { id, token } = await mcp.core.tokens.issue('temp', ['read']);
    const c = await RawClient.connect(`${mcp.ws}?token=${token}`);
    expect((await c.request('ping', undefined, 'before')).result).toEqual({});
    await mcp.core.tokens.revoke(id);
    c.send({ jsonrpc: '2.0', id: 'after', method: 'persona.list', params: {} });
    expect(await Promise.race([c.closed, sleep(4000).then(() => 'still open')])).toBe(1008);
    expect(c.messages.filter((m) => m.id === 'after')).toEqual([]);
  });

  it('regenerating the install token closes connections that used the old one', async () => {
    mcp = await startMcp();
    const old = mcp.core.tokens.ensureInstallToken();
    const c = await RawClient.connect(mcp.ws, { headers: { Authorization: `Bearer ${old}` } });
    const fresh = await mcp.core.tokens.regenerateInstallToken();
    expect(await Promise.race([c.closed, sleep(4000).then(() => 'still open')])).toBe(1008);
    const again = await RawClient.connect(`${mcp.ws}?token=${fresh}`);
    expect((await again.request('ping')).result).toEqual({});
    await again.close();
  });
});

describe('stream back-pressure', () => {
  it('pauses generation while a client does not read, then delivers every delta in order', async () => {
    llm = await createScriptedLlmServer();
    const piece = 'x'.repeat(64 * 1024 - 1);
    const chunks = Array.from({ length: 288 }, (_, i) => `${piece}${i % 10}`);
    llm.setScript(() => ({ chunks, text: chunks.join('') }));
    mcp = await startMcp({ llm: { provider: 'ollama', base_url: llm.url, model: 'm' } });
    const c = await RawClient.connect(mcp.ws);
    const raw = (c.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    c.send({ jsonrpc: '2.0', id: 'big', method: 'persona.chat', params: { ...chat, stream: true, token_budget: 4096 } });
    await sleep(1500);
    // 18 MiB of deltas (more than the kernel buffers of both ends) cannot all have been sent to a reader that reads nothing: the reply is still running.
    expect(c.messages.find((m) => m.id === 'big')).toBeUndefined();
    raw.resume();
    const done = await c.next((m) => m.id === 'big', 15_000);
    const deltas = c.messages.filter((m) => m.method === 'persona.chat.delta');
    expect(deltas.map((d) => d.params.index)).toEqual(chunks.map((_, i) => i));
    expect(done.result.chunk_count).toBe(chunks.length);
    await c.close();
  }, 30_000);
});
