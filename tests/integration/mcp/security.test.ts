import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { RawClient, startMcp, type RunningMcp } from './harness.ts';

const TOKEN = 'lan-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

/** A GET with an arbitrary Host header (fetch does not let tests set it). */
function getWithHost(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += String(d); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('beyond loopback (bound 0.0.0.0, token required)', () => {
  let mcp: RunningMcp;
  beforeAll(async () => {
    mcp = await startMcp({ server: { host: '0.0.0.0' }, auth: { token: TOKEN } });
  });
  afterAll(() => mcp.close());

  it('answers 401 with a Bearer challenge and a JSON-RPC body without a token', async () => {
    const res = await fetch(`${mcp.base}/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32010, message: expect.any(String), data: { code: 'UNAUTHORIZED' } } });
    expect((await fetch(`${mcp.base}/`, { headers: { authorization: 'Bearer wrong-token-xxxxxxxx' } })).status).toBe(401);
    await expect(RawClient.connect(mcp.ws)).rejects.toThrow('HTTP 401');
    await expect(RawClient.connect(`${mcp.ws}?token=wrong`)).rejects.toThrow('HTTP 401');
  });

  it('works with the token (header or ?token= on the upgrade)', async () => {
    expect(await (await fetch(`${mcp.base}/`, { headers: auth })).json()).toMatchObject({ status: 'healthy' });
    const viaHeader = await RawClient.connect(mcp.ws, { headers: auth });
    expect((await viaHeader.request('persona.list', {}, 1)).result.total_count).toBe(2);
    const viaQuery = await RawClient.connect(`${mcp.ws}?token=${TOKEN}`);
    expect(await viaQuery.request('ping', undefined, 2)).toMatchObject({ result: {} });
    await viaHeader.close();
    await viaQuery.close();
  });

  it('refuses a foreign Origin with 403 FORBIDDEN reason origin, even with the token', async () => {
    const res = await fetch(`${mcp.base}/mcp`, { method: 'POST', headers: { ...auth, origin: 'https://evil.example', 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ id: null, error: { code: -32011, data: { code: 'FORBIDDEN', details: { reason: 'origin' } } } });
    await expect(RawClient.connect(mcp.ws, { headers: { ...auth, origin: 'https://evil.example' } })).rejects.toThrow('HTTP 403');
    const local = await RawClient.connect(mcp.ws, { headers: { ...auth, origin: 'http://localhost:5173' } });
    await local.close();
  });
});

describe('on loopback', () => {
  let mcp: RunningMcp;
  beforeAll(async () => {
    mcp = await startMcp({ server: { max_connections: 2 }, auth: { token: TOKEN } });
  });
  afterAll(() => mcp.close());

  it('needs no token, but a token that is sent must be valid', async () => {
    expect((await fetch(`${mcp.base}/`)).status).toBe(200);
    expect((await fetch(`${mcp.base}/`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${mcp.base}/`, { headers: auth })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const res = await getWithHost(mcp.port, 'attacker.example:8000');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: { data: { code: 'FORBIDDEN', details: { reason: 'host' } } } });
    expect((await getWithHost(mcp.port, `localhost:${mcp.port}`)).status).toBe(200);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const ok = await fetch(`${mcp.base}/mcp`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('access-control-allow-headers')).toContain('MCP-Session-Id');
    expect(ok.headers.get('access-control-allow-private-network')).toBe('true');
    const bad = await fetch(`${mcp.base}/mcp`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(bad.status).toBe(403);
  });

  it('answers upgrades beyond max_connections with 503', async () => {
    const a = await RawClient.connect(mcp.ws);
    const b = await RawClient.connect(mcp.ws);
    await expect(RawClient.connect(mcp.ws)).rejects.toThrow('HTTP 503');
    await a.close();
    await new Promise((r) => setTimeout(r, 20));
    const c = await RawClient.connect(mcp.ws);
    await b.close();
    await c.close();
  });
});
