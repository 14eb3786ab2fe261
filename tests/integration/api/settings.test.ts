// Settings and health: the LLM view never shows the key; network settings show the token and
// regenerate it (409 when pinned); PATCH writes a validated config.json; health probes the real
// mcp service (token included when one is required).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfigSchema } from '../../../src/shared/index.ts';
import { configureLogging, createCore } from '../../../src/core/index.ts';
import { createMcpService } from '../../../src/services/mcp/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { injectApi, startApi, type InjectApi } from './api-harness.ts';

beforeAll(() => configureLogging({ level: 'silent' }));

describe('LLM and network settings', () => {
  let t: InjectApi;
  beforeAll(async () => { t = await injectApi(); });
  afterAll(() => t.close());

  it('GET /api/settings/llm shows has_api_key, never the key; PATCH (system.configure_llm) applies', async () => {
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/settings/llm', payload: { provider: 'offline', api_key: 'sk-very-secret', temperature: 0.3 } });
    expect(patched.statusCode, patched.body).toBe(200);
    const res = await t.app.inject({ url: '/api/settings/llm' });
    expect(res.json().llm).toMatchObject({ provider: 'offline', has_api_key: true, temperature: 0.3 });
    expect(res.json().health.ok).toBe(true);
    expect(res.body + patched.body).not.toContain('sk-very-secret');
  });

  it('GET /api/settings/network describes the bind and the token', async () => {
    const res = await t.app.inject({ url: '/api/settings/network' });
    expect(res.json()).toMatchObject({ host: '127.0.0.1', exposed: false, token_required: false, token: null, allowed_origins: [] });
    expect(res.json().mcp_url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('POST /api/settings/network/token regenerates the install token', async () => {
    const first = (await t.app.inject({ method: 'POST', url: '/api/settings/network/token' })).json().token as string;
    const second = (await t.app.inject({ method: 'POST', url: '/api/settings/network/token' })).json().token as string;
    expect(second).not.toBe(first);
    expect(t.core.tokens.verify(first)).toBeNull();
    expect(t.core.tokens.verify(second)?.token_id).toBe('install');
    expect((await t.app.inject({ url: '/api/settings/network' })).json().token).toBe(second);
  });

  it('PATCH /api/settings/network merges into config.json and says a restart is needed', async () => {
    const file = join(t.dataDir, 'config.json');
    writeFileSync(file, JSON.stringify({ llm: { model: 'keep-me' }, server: { mcp_port: 8123 } }));
    const res = await t.app.inject({ method: 'PATCH', url: '/api/settings/network', payload: { host: '0.0.0.0', allowed_origins: ['https://ui.example'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ restart_required: true, host: '0.0.0.0', allowed_origins: ['https://ui.example'] });
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toEqual({ llm: { model: 'keep-me' }, server: { mcp_port: 8123, host: '0.0.0.0', allowed_origins: ['https://ui.example'] } });
    expect(AppConfigSchema.safeParse(written).success).toBe(true);
  });

  it('an invalid network patch is a 400 and leaves config.json alone', async () => {
    const file = join(t.dataDir, 'config.json');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
    for (const payload of [{ host: '' }, { allowed_origins: 'x' }, { port: 1 }]) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/settings/network', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_PARAMS');
    }
    expect(existsSync(file) ? readFileSync(file, 'utf8') : null).toBe(before);
  });
});

describe('issued tokens', () => {
  it('issue (value shown once), list without values, use with its scopes, revoke', async () => {
    const t = await injectApi();
    try {
      const issued = await t.app.inject({ method: 'POST', url: '/api/settings/tokens', payload: { name: 'npc-client', scopes: ['read', 'chat', 'read'] } });
      expect(issued.statusCode, issued.body).toBe(200);
      const { id, token, scopes } = issued.json() as { id: string; token: string; scopes: string[] };
      expect(scopes).toEqual(['read', 'chat']);
      const listed = await t.app.inject({ url: '/api/settings/tokens' });
      expect(listed.json().tokens).toEqual([expect.objectContaining({ id, name: 'npc-client', scopes: ['read', 'chat'], revoked_at: null })]);
      expect(listed.body).not.toContain(token);
      const bearer = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ url: '/api/personas', headers: bearer })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/settings/tokens', headers: bearer })).json().error.details.required_scope).toBe('admin');
      expect((await t.app.inject({ method: 'DELETE', url: `/api/settings/tokens/${id}` })).statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/personas', headers: bearer })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/settings/tokens/${id}` })).statusCode).toBe(400);
      for (const payload of [{ name: 'x', scopes: ['root'] }, { name: '', scopes: ['read'] }, { scopes: [] }]) {
        expect((await t.app.inject({ method: 'POST', url: '/api/settings/tokens', payload })).json().error.code).toBe('INVALID_PARAMS');
      }
    } finally {
      await t.close();
    }
  });
});

describe('pinned token', () => {
  it('regenerating a token pinned by config is a 409', async () => {
    const t = await injectApi({ config: { auth: { token: 'pinned-token-0123456789' } } });
    const res = await t.app.inject({ method: 'POST', url: '/api/settings/network/token' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFLICT');
    await t.close();
  });
});

describe('GET /api/health', () => {
  it('reports the mcp service ok (probing it with the token it requires), then down once it stops', async () => {
    const temp = makeTempDir('persona-health-mcp-');
    const mcpConfig = AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' }, llm: { provider: 'offline' }, server: { mcp_port: 0, host: '0.0.0.0' } });
    const mcpCore = await createCore({ config: mcpConfig, migrate: true });
    const mcp = createMcpService({ core: mcpCore, timings: { graceMs: 100 } });
    const { port } = await mcp.start();
    // Both services share one data dir (and so the install token), as under the host.
    const api = await startApi({ dataDir: temp.dir, config: { server: { mcp_port: port } } });
    try {
      const res = await fetch(`${api.base}/api/health`);
      const body = (await res.json()) as { version: string };
      expect(body).toMatchObject({ status: 'ok', host_attached: false, llm: { provider: 'offline', ok: true }, services: { api: { status: 'ok' }, mcp: { status: 'ok', url: `ws://127.0.0.1:${port}/mcp`, connections: 0 } } });
      expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
      await mcp.stop();
      const down = (await (await fetch(`${api.base}/api/health`)).json()) as { services: { mcp: unknown } };
      expect(down.services.mcp).toMatchObject({ status: 'down', connections: null });
    } finally {
      await api.close();
      await mcp.stop();
      await mcpCore.close();
      temp.cleanup();
    }
  });
});
