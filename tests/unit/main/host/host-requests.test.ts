// Host request routing without a bot supervisor, IPC error mapping, and the host's banner.
import { describe, expect, it } from 'vitest';
import { answerHostRequest, buildHostInfo, formatBanner, isLoopbackHost, toIpcError } from '../../../../src/main/host/index.ts';
import { AppConfigSchema, AppError, HostMessageSchema, type ServiceStatus } from '../../../../src/shared/index.ts';

const services: ServiceStatus[] = [
  { service: 'mcp', state: 'running', pid: 10, port: 8000, restarts: 0, started_at: '2026-01-01T00:00:00.000Z', last_error: null },
];
const PERSONA = '2b1f8a3e-6c1d-4c39-9a55-0d6f1c2b7e10';
const request = (action: string, params: Record<string, unknown> = {}) => ({ type: 'host-request' as const, id: 'r1', action: action as 'host.status', params });

describe('host requests', () => {
  it('host.status lists the services and says bots are unavailable without a bot supervisor', async () => {
    const reply = await answerHostRequest(request('host.status'), { bots: null, services: () => services });
    expect(HostMessageSchema.parse(reply)).toEqual({ type: 'host-response', id: 'r1', ok: true, result: { services, bots: [], bots_available: false } });
  });

  it.each(['bot.list', 'bot.start', 'bot.stop', 'bot.restart', 'bot.status', 'bot.logs', 'bot.start_all', 'bot.stop_all'])(
    '%s answers HOST_NOT_ATTACHED when no bot supervisor is wired',
    async (action) => {
      const reply = await answerHostRequest(request(action, { persona_id: PERSONA }), { bots: null, services: () => services });
      expect(HostMessageSchema.parse(reply)).toEqual({
        type: 'host-response', id: 'r1', ok: false, error: { code: 'HOST_NOT_ATTACHED', message: 'bots are not available in this host' },
      });
    },
  );

  it('bot.stop_for_persona_delete: nothing to stop without a bot supervisor; params are validated', async () => {
    const ok = await answerHostRequest(request('bot.stop_for_persona_delete', { persona_id: PERSONA }), { bots: null, services: () => services });
    expect(HostMessageSchema.parse(ok)).toEqual({ type: 'host-response', id: 'r1', ok: true, result: { persona_id: PERSONA, stopped: false } });
    const bad = await answerHostRequest(request('bot.stop_for_persona_delete', { persona_id: 'not an id' }), { bots: null, services: () => services });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it('maps errors to the IPC form: AppError keeps code, details and issues; anything else is INTERNAL_ERROR without its text', () => {
    const app = new AppError('INVALID_PARAMS', 'bad', { details: { a: 1 }, issues: [{ path: ['persona_id'], code: 'invalid_type', message: 'Required' }] });
    expect(toIpcError(app)).toEqual({ code: 'INVALID_PARAMS', message: 'bad', details: { a: 1, issues: app.issues } });
    const internal = toIpcError(new Error('db password is hunter2'));
    expect(internal).toEqual({ code: 'INTERNAL_ERROR', message: 'the host failed to answer the request' });
    expect(JSON.stringify(internal)).not.toContain('hunter2');
  });
});

describe('host info', () => {
  const config = AppConfigSchema.parse({ data_dir: '/data', llm: { provider: 'offline' } });
  const llm = { provider: 'offline', model: 'm', base_url: 'http://127.0.0.1:11434', reachable: false };

  it('builds every URL from the bound ports; wildcard binds print a loopback URL', () => {
    const info = buildHostInfo({ ...config, server: { ...config.server, host: '0.0.0.0' } }, { mcp: 41000, api: 41001 }, { token: 'pm_x', llm });
    expect(info.urls).toEqual({
      mcp: 'ws://127.0.0.1:41000/mcp', mcp_http: 'http://127.0.0.1:41000/mcp', api: 'http://127.0.0.1:41001',
      dashboard: 'http://127.0.0.1:41001/', docs: 'http://127.0.0.1:41001/docs', openapi: 'http://127.0.0.1:41001/openapi.json',
    });
    expect(info).toMatchObject({ mcpUrl: info.urls.mcp, apiUrl: info.urls.api, data_dir: '/data', token: 'pm_x' });
    const banner = formatBanner(info, '1.2.3');
    for (const text of ['ws://127.0.0.1:41000/mcp', 'http://127.0.0.1:41001/docs', '/data', 'offline', 'Access token:   pm_x', 'all interfaces']) expect(banner).toContain(text);
    const v6 = buildHostInfo({ ...config, server: { ...config.server, host: '::' } }, { mcp: 41000, api: null }, { token: 'pm_x', llm });
    expect(v6.urls).toMatchObject({ mcp: 'ws://[::1]:41000/mcp', mcp_http: 'http://[::1]:41000/mcp', api: null });
  });

  it('prints no token on loopback and says when there is no api service', () => {
    const banner = formatBanner(buildHostInfo(config, { mcp: 8000, api: null }, { token: null, llm }), '1.2.3');
    expect(banner).not.toContain('token');
    expect(banner).toContain('Dashboard:      not running');
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.2', 'example.com']) expect(isLoopbackHost(h)).toBe(false);
  });
});
