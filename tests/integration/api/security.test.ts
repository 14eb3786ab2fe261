// Edge security on a real socket: bound beyond loopback every data route needs the
// token (header, or ?token= on the event stream only); the dashboard page loads without one;
// scopes of an issued token gate operations and service routes; Origin and Host checks; CORS.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../../src/core/index.ts';
import { startApi, type RunningApi } from './api-harness.ts';
import { fetchJson, readSse } from './http-client.ts';

beforeAll(() => configureLogging({ level: 'silent' }));

describe('bound beyond loopback (0.0.0.0)', () => {
  let api: RunningApi;
  let token: string;
  let readOnly: string;
  beforeAll(async () => {
    api = await startApi({ config: { server: { host: '0.0.0.0' } }, timings: { heartbeatMs: 100 } });
    token = api.core.tokens.installToken() as string;
    readOnly = (await api.core.tokens.issue('dashboard-viewer', ['read'])).token;
  });
  afterAll(() => api.close());
  const auth = (t: string) => ({ authorization: `Bearer ${t}` });

  it('generated the install token at start', () => {
    expect(token).toMatch(/^pm_/);
  });

  it('data routes need the token: 401 with a Bearer challenge without it or with a wrong one', async () => {
    for (const path of ['/api/personas', '/v1/models', '/api/events', '/api/nothing']) {
      const res = await fetchJson(`${api.base}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
    expect((await fetchJson(`${api.base}/api/personas`, { headers: auth('pm_wrong') })).status).toBe(401);
    expect((await fetchJson(`${api.base}/api/personas`, { headers: auth(token) })).status).toBe(200);
  });

  it('/api/health answers a tokenless liveness probe with its status only; a wrong token is still refused', async () => {
    const anonymous = await fetchJson(`${api.base}/api/health`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: 'ok' });
    expect((await fetchJson(`${api.base}/api/health`, { headers: auth('pm_wrong') })).status).toBe(401);
    const full = await fetchJson(`${api.base}/api/health`, { headers: auth(token) });
    expect(full.body).toMatchObject({ status: 'ok', version: expect.any(String), llm: expect.any(Object) });
  });

  it('?token= is accepted on the event stream only', async () => {
    expect((await fetchJson(`${api.base}/api/personas?token=${token}`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${api.base}/api/events?token=${token}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
  });

  it('the dashboard page and docs load without a token, but carry no data', async () => {
    const page = await fetch(`${api.base}/personas/Aria`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${api.base}/openapi.json`)).status).toBe(200);
  });

  it('a read-only token reads but cannot write, chat or administer (FORBIDDEN with required_scope)', async () => {
    expect((await fetchJson(`${api.base}/api/personas/Aria`, { headers: auth(readOnly) })).status).toBe(200);
    const cases: [string, string, string, unknown][] = [
      ['POST', '/api/personas', 'write', { name: 'Nope' }],
      ['POST', '/api/personas/Aria/chat', 'chat', { message: 'hi' }],
      ['DELETE', '/api/personas/Kira', 'admin', undefined],
      ['POST', '/api/settings/network/token', 'admin', undefined],
      ['GET', '/api/settings/network', 'admin', undefined],
      ['POST', '/api/bots/Kira/start', 'admin', undefined],
      ['POST', '/v1/chat/completions', 'chat', { model: 'Aria', messages: [{ role: 'user', content: 'hi' }] }],
    ];
    for (const [method, path, scope, body] of cases) {
      const res = await fetchJson(`${api.base}${path}`, {
        method, headers: { ...auth(readOnly), ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      const error = res.body.error;
      expect(error.code).toBe('FORBIDDEN');
      if (!path.startsWith('/v1/')) expect(error.details.required_scope).toBe(scope);
    }
    expect((await fetchJson(`${api.base}/api/personas/Kira`, { headers: auth(token) })).status).toBe(200);
  });

  it('a revoked token stops working', async () => {
    const issued = await api.core.tokens.issue('temp', ['read']);
    expect((await fetchJson(`${api.base}/api/personas`, { headers: auth(issued.token) })).status).toBe(200);
    await api.core.tokens.revoke(issued.id);
    expect((await fetchJson(`${api.base}/api/personas`, { headers: auth(issued.token) })).status).toBe(401);
  });

  it('an event stream ends when its token is revoked', async () => {
    const issued = await api.core.tokens.issue('watcher', ['read']);
    const controller = new AbortController();
    const res = await fetch(`${api.base}/api/events?token=${issued.token}`, { signal: controller.signal });
    const sse = readSse(res);
    await sse.next((e) => e.event === 'hello');
    await api.core.tokens.revoke(issued.id);
    const ended = await Promise.race([sse.done.then(() => true), new Promise((r) => setTimeout(() => r(false), 4000))]);
    expect(ended).toBe(true);
    controller.abort();
  });

  it('a foreign Origin is refused (403 reason origin); the same origin is allowed', async () => {
    const foreign = await fetchJson(`${api.base}/api/personas`, { headers: { ...auth(token), origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.details.reason).toBe('origin');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const same = await fetchJson(`${api.base}/api/personas`, { headers: { ...auth(token), origin: `http://127.0.0.1:${api.port}` } });
    expect(same.status).toBe(200);
  });
});

describe('on loopback', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ config: { server: { allowed_origins: ['https://tools.example'] } } });
  });
  afterAll(() => api.close());

  it('needs no token, but a token that is sent must be valid', async () => {
    expect((await fetchJson(`${api.base}/api/personas`)).status).toBe(200);
    expect((await fetchJson(`${api.base}/api/personas`, { headers: { authorization: 'Bearer pm_nope' } })).status).toBe(401);
    expect(api.core.tokens.installToken()).toBeUndefined();
  });

  it('refuses a foreign Host (DNS rebinding), on data routes and pages alike', async () => {
    // fetch may not set Host: plain node:http does.
    const get = (path: string, host: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port: api.port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (c) => { body += String(c); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject).end();
    });
    for (const path of ['/api/personas', '/']) {
      const res = await get(path, `evil.example:${api.port}`);
      expect(res.status, path).toBe(403);
      expect(JSON.parse(res.body).error.details.reason).toBe('host');
    }
    expect((await get('/api/ping', `localhost:${api.port}`)).status).toBe(200);
  });

  it('CORS: allowed origins are echoed and preflights answered; others get no CORS headers', async () => {
    const pre = await fetch(`${api.base}/api/personas`, {
      method: 'OPTIONS', headers: { origin: 'https://tools.example', 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://tools.example');
    expect(pre.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(pre.headers.get('access-control-allow-private-network')).toBe('true');
    const get = await fetch(`${api.base}/api/ping`, { headers: { origin: 'http://localhost:5173' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const denied = await fetch(`${api.base}/api/personas`, { method: 'OPTIONS', headers: { origin: 'https://other.example' } });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('per-connection rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a connection exceeds limits.messages_per_second', async () => {
    const api = await startApi({ config: { limits: { messages_per_second: 1, burst: 3 } } });
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const get = () => new Promise<{ status: number; retry: string | undefined; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port: api.port, path: '/api/ping', agent }, (res) => {
          let body = '';
          res.on('data', (c) => { body += String(c); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retry: res.headers['retry-after'] as string | undefined, body }));
        }).on('error', reject).end();
      });
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push(await get());
      expect(statuses.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
      const refused = statuses[4];
      expect(refused?.status).toBe(429);
      expect(Number(refused?.retry)).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(refused?.body ?? '{}').error.code).toBe('RATE_LIMITED');
      agent.destroy();
      // A new connection has its own budget.
      expect((await fetchJson(`${api.base}/api/ping`)).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
