// createHost with fixture children in the service slots (real processes, real IPC, temp data dir):
// migrations before children, env hand-off, event relay, host requests, status pushes, stop order.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createForkLauncher, createHost, type Host, type HostOptions } from '../../../src/main/host/index.ts';
import { AppConfigSchema, type HostMessage } from '../../../src/shared/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { alive, until } from '../../support/processes.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../support/children/${name}`, import.meta.url));

const hosts: Host[] = [];
const temps: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  for (const c of temps.splice(0)) c();
});

function fixtureHost(extra: Partial<HostOptions> = {}) {
  const temp = makeTempDir('host-fx-');
  temps.push(temp.cleanup);
  const config = AppConfigSchema.parse({ data_dir: temp.dir, server: { mcp_port: 0, api_port: 0 }, llm: { provider: 'offline' } });
  const lines: string[] = [];
  const host = createHost({
    config, launcher: createForkLauncher(), entries: { mcp: fixture('ready.ts'), api: fixture('ready-api.ts') },
    flagsEnv: { PERSONA_MCP_LOG__LEVEL: 'silent' }, log: (l) => lines.push(l), policy: { backoffInitialMs: 50 }, ...extra,
  });
  hosts.push(host);
  return { host, config, lines, dir: temp.dir };
}
const get = <T>(port: number, path: string) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.json() as Promise<T>);
const post = <T>(port: number, path: string, body: unknown) =>
  fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<T>);
type Env = { env: Record<string, string>; argv: string[]; db_existed: boolean; pid: number; launched_at: number };

describe('host with fixture services', () => {
  it('migrates before the children start, hands config down by env and reports the bound ports', async () => {
    const { host, dir, lines } = fixtureHost({
      flagsEnv: { PERSONA_MCP_MEMORY__PRUNING__TARGET: '500' }, env: { PERSONA_MCP_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }, configPath: '/etc/persona/config.json',
    });
    const info = await host.start();
    expect(existsSync(join(dir, 'persona-mcp.sqlite'))).toBe(true);
    const [mcp, api] = [info.ports.mcp, info.ports.api as number];
    expect(mcp).toBeGreaterThan(0);
    expect(api).toBeGreaterThan(0);
    expect(info.urls).toMatchObject({ mcp: `ws://127.0.0.1:${mcp}/mcp`, api: `http://127.0.0.1:${api}`, docs: `http://127.0.0.1:${api}/docs` });
    expect(info.token).toBeNull();
    const mcpEnv = await get<Env>(mcp, '/env');
    const apiEnv = await get<Env>(api, '/env');
    expect(mcpEnv.db_existed).toBe(true);
    expect(mcpEnv.argv).toEqual(['--config', '/etc/persona/config.json']);
    expect(apiEnv.db_existed).toBe(true);
    expect(apiEnv.env).toMatchObject({
      PERSONA_MCP_DATA_DIR: dir, PERSONA_MCP_MEMORY__PRUNING__TARGET: '500', PERSONA_MCP_SERVER__MCP_PORT: String(mcp),
      PERSONA_MCP_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(host.status().map((s) => [s.service, s.state, s.port])).toEqual([['mcp', 'running', mcp], ['api', 'running', api]]);
    expect(lines).toContain(`[mcp] listening on ${mcp}`);
    expect(lines).toContain(`[api] listening on ${api}`);
  });

  it('launches the services together by default (mcp port reserved) and one after the other in sequential mode', async () => {
    const together = fixtureHost();
    const a = await together.host.start();
    const [mcpA, apiA] = await Promise.all([get<Env>(a.ports.mcp, '/env'), get<Env>(a.ports.api as number, '/env')]);
    expect(apiA.env.PERSONA_MCP_SERVER__MCP_PORT).toBe(String(a.ports.mcp));
    expect(mcpA.env.PERSONA_MCP_SERVER__MCP_PORT).toBe(String(a.ports.mcp));
    // Launched at the same time: the api did not wait for the mcp service's ready.
    const mcpReadyA = Date.parse(together.host.status()[0]?.started_at as string);
    expect(apiA.launched_at).toBeLessThan(mcpReadyA);

    const oneByOne = fixtureHost({ startMode: 'sequential' });
    const b = await oneByOne.host.start();
    const apiB = await get<Env>(b.ports.api as number, '/env');
    expect(apiB.env.PERSONA_MCP_SERVER__MCP_PORT).toBe(String(b.ports.mcp));
    expect(apiB.launched_at).toBeGreaterThanOrEqual(Date.parse(oneByOne.host.status()[0]?.started_at as string) - 5);
  });

  it('relays an event from one child to the others, never back, and drops invalid ones', async () => {
    const { host } = fixtureHost();
    const info = await host.start();
    const [mcp, api] = [info.ports.mcp, info.ports.api as number];
    const at = new Date().toISOString();
    await post(mcp, '/emit', { name: 'memory.changed', persona_id: 'aria', at, data: { bad: true }, extra: 'x' });
    await post(mcp, '/raw', { type: 'event', event: { name: 'no.such.event', persona_id: null, at, data: {} } });
    await post(mcp, '/emit', { name: 'emotion.changed', persona_id: 'aria', at, data: { mood: 0.5 }, origin: 'mcp:1' });
    const events = await until(async () => {
      const got = (await get<HostMessage[]>(api, '/messages')).filter((m) => m.type === 'event');
      return got.length >= 2 && got;
    });
    expect(events.map((m) => m.type === 'event' && m.event.name)).toEqual(['memory.changed', 'emotion.changed']);
    expect(events[1]).toEqual({ type: 'event', event: { name: 'emotion.changed', persona_id: 'aria', at, data: { mood: 0.5 }, origin: 'mcp:1' } });
    expect((await get<HostMessage[]>(mcp, '/messages')).filter((m) => m.type === 'event')).toEqual([]);
  });

  it('answers host requests: host.status, and HOST_NOT_ATTACHED for bot control without a bot supervisor', async () => {
    const { host } = fixtureHost();
    const info = await host.start();
    const api = info.ports.api as number;
    const status = await post<{ ok: boolean; result: { services: { service: string; state: string }[]; bots: unknown[]; bots_available: boolean } }>(api, '/request', { action: 'host.status' });
    expect(status.ok).toBe(true);
    expect(status.result.services.map((s) => `${s.service}:${s.state}`)).toEqual(['mcp:running', 'api:running']);
    expect(status.result).toMatchObject({ bots: [], bots_available: false });
    const start = await post(api, '/request', { action: 'bot.start', params: { persona_id: '2b1f8a3e-6c1d-4c39-9a55-0d6f1c2b7e10' } });
    expect(start).toMatchObject({ type: 'host-response', ok: false, error: { code: 'HOST_NOT_ATTACHED', message: 'bots are not available in this host' } });
    await expect(host.bots.start('aria')).rejects.toMatchObject({ code: 'HOST_NOT_ATTACHED' });
    expect(await host.bots.list()).toEqual([]);
  });

  it('restarts a killed service on the same port and pushes its status changes to the api', async () => {
    const { host } = fixtureHost();
    const changes: string[] = [];
    host.onChange((all) => changes.push(all.map((s) => `${s.service}:${s.state}`).join(',')));
    const info = await host.start();
    const [mcp, api] = [info.ports.mcp, info.ports.api as number];
    const before = await get<Env>(mcp, '/env');
    process.kill(before.pid, 'SIGKILL');
    const after = await until(async () => {
      const e = await get<Env>(mcp, '/env').catch(() => null);
      return e && e.pid !== before.pid && e;
    });
    expect(alive(before.pid)).toBe(false);
    expect(after.env.PERSONA_MCP_SERVER__MCP_PORT).toBe(String(mcp));
    await until(() => host.status()[0]?.state === 'running');
    expect(host.status()[0]).toMatchObject({ service: 'mcp', port: mcp, restarts: 1, last_error: 'was killed by SIGKILL' });
    const pushed = (await get<HostMessage[]>(api, '/messages')).flatMap((m) => (m.type === 'service-status' && m.status.service === 'mcp' ? [m.status.state] : []));
    expect(pushed.slice(-3)).toEqual(['backoff', 'starting', 'running']);
    expect(changes).toContain('mcp:backoff,api:running');
  });

  it('stops api then mcp and leaves no child behind', async () => {
    const { host } = fixtureHost();
    const info = await host.start();
    const pids = await Promise.all([info.ports.mcp, info.ports.api as number].map(async (p) => (await get<Env>(p, '/env')).pid));
    const order: string[] = [];
    host.onChange((all) => {
      for (const s of all) if (s.state === 'stopped' && !order.includes(s.service)) order.push(s.service);
    });
    await host.stop();
    expect(order).toEqual(['api', 'mcp']);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(host.status().every((s) => s.state === 'stopped' && s.pid === null)).toBe(true);
  });

  it('fails to start when a required service keeps crashing, stops the rest and reports it', async () => {
    const temp = makeTempDir('host-crash-');
    temps.push(temp.cleanup);
    const { host } = fixtureHost({
      entries: { mcp: fixture('crash.ts'), api: fixture('ready-api.ts') },
      env: { FIXTURE_COUNTER: join(temp.dir, 'n') }, policy: { backoffInitialMs: 20, maxCrashes: 3 },
    });
    await expect(host.start()).rejects.toThrow(/mcp failed: exited with code 3 before it was ready: boom 3; gave up after 3 crashes/);
    expect(host.failure()).toMatchObject({ service: 'mcp', state: 'failed' });
    // The api was launched alongside and is stopped again.
    expect(host.status().map((s) => [s.service, s.state, s.pid])).toEqual([['mcp', 'failed', null], ['api', 'stopped', null]]);
  });
});
