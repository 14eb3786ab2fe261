// Background jobs have one owner under the host (ADR 0008): the real host with the real mcp and api
// services. Decay is stopped and started through REST (the api process) and must stop and start in
// the mcp service, which runs it; both services' system.status tell the owner's truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonaClient, type PersonaClient } from '../../../src/core/client/index.ts';
import { OPERATIONS, createConnectionState, createCore, createOperationTable, invokeOperation } from '../../../src/core/index.ts';
import { createForkLauncher, createHost, type Host, type HostInfo } from '../../../src/main/host/index.ts';
import { AppConfigSchema } from '../../../src/shared/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/processes.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIRST_RUN_DELAY_S = 3;
const temp = makeTempDir('host-jobs-');
let host: Host;
let info: HostInfo;
let client: PersonaClient;

const rest = async (method: 'GET' | 'POST' | 'PATCH', path: string, body: Json = {}): Promise<Json> => {
  const res = await fetch(new URL(path, info.urls.api as string), {
    method, ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
};
/** system.status of the api (REST) and of the mcp service (WebSocket JSON-RPC). */
const bothStatuses = async (): Promise<{ api: Json; mcp: Json }> => ({
  api: await rest('GET', '/api/system/status'),
  mcp: await client.call<Json>('system.status'),
});
const cycles = async (): Promise<number> => ((await rest('GET', '/api/memories/decay/stats')).decay_statistics.total_decay_cycles as number | undefined) ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const config = AppConfigSchema.parse({
    data_dir: temp.dir, server: { mcp_port: 0, api_port: 0 }, llm: { provider: 'offline' }, log: { level: 'silent' },
    memory: { decay: { enabled: true, first_run_delay_s: FIRST_RUN_DELAY_S } },
  });
  // The children load their configuration themselves: the short first delay reaches them as a flag would.
  const flagsEnv = { PERSONA_MCP_MEMORY__DECAY__FIRST_RUN_DELAY_S: String(FIRST_RUN_DELAY_S), PERSONA_MCP_LLM__PROVIDER: 'offline' };
  host = createHost({ config, flagsEnv, launcher: createForkLauncher(), log: () => {} });
  info = await host.start();
  client = createPersonaClient({ url: info.urls.mcp });
  await client.connect();
}, 60_000);

afterAll(async () => {
  await client?.close();
  await host?.stop();
  temp.cleanup();
});

describe('background jobs under the host', () => {
  it('a REST stop stops the decay the mcp service runs, and both services say so', async () => {
    const mcpPid = host.status().find((s) => s.service === 'mcp')?.pid;
    const before = await bothStatuses();
    expect(before.mcp.jobs.decay.running).toBe(true);
    expect(before.api.jobs.decay.running).toBe(true);
    expect(before.api.jobs.owner).toEqual({ pid: mcpPid, reachable: true, error: null });
    // The short first delay reached the mcp service: without the stop, a cycle would run within the wait below.
    expect(Date.parse(before.mcp.jobs.decay.next_run_at as string) - Date.now()).toBeLessThan(FIRST_RUN_DELAY_S * 1000);

    const stopped = await rest('POST', '/api/memories/decay/stop');
    expect(stopped).toEqual({ status: 'background_decay_stopped', was_running: true });
    const after = await bothStatuses();
    expect(after.mcp.jobs.decay).toMatchObject({ running: false, next_run_at: null });
    expect(after.api.jobs.decay).toMatchObject({ running: false, next_run_at: null });

    await sleep((FIRST_RUN_DELAY_S + 2) * 1000);
    expect(await cycles()).toBe(0);
    expect((await client.call<Json>('memory.decay_stats')).decay_statistics.background_running).toBe(false);
  }, 30_000);

  it('a REST start runs decay in exactly one process, the mcp service', async () => {
    const mcpPid = host.status().find((s) => s.service === 'mcp')?.pid;
    const started = await rest('POST', '/api/memories/decay/start');
    expect(started).toMatchObject({ status: 'background_decay_started', already_running: false });
    expect(typeof started.next_run_at).toBe('string');
    const { api, mcp } = await bothStatuses();
    expect(api.jobs.decay.running).toBe(true);
    expect(mcp.jobs.decay.running).toBe(true);
    expect(api.jobs.decay.next_run_at).toBe(mcp.jobs.decay.next_run_at);
    expect(api.jobs.owner.pid).toBe(mcpPid);
    expect(mcp.jobs.owner.pid).toBe(mcpPid);

    // One scheduler: the first run comes once; a second scheduler would add a second cycle at the same delay.
    await until(async () => (await cycles()) >= 1, (FIRST_RUN_DELAY_S + 10) * 1000, 200);
    await sleep(2_000);
    expect(await cycles()).toBe(1);
    expect((await rest('GET', '/api/memories/decay/stats')).decay_statistics.background_running).toBe(true);
  }, 30_000);

  it('the owner follows the saved setting: at once through REST, within seconds from a process that cannot reach it', async () => {
    await rest('PATCH', '/api/settings/memory', { config: { decay: { enabled: false } } });
    expect((await client.call<Json>('system.status')).jobs.decay.running).toBe(false);

    // A one-shot core of its own on the same data dir (as `persona-mcp call` opens) saves enabled:true.
    const config = AppConfigSchema.parse({ data_dir: temp.dir, llm: { provider: 'offline' }, log: { level: 'silent' } });
    const other = await createCore({ config, migrate: false, seed: false });
    try {
      const ctx = { core: other, connection: createConnectionState('cli', 'api') };
      await invokeOperation(createOperationTable(OPERATIONS), 'memory.config_set', { config: { decay: { enabled: true } } }, ctx);
      expect((await other.jobStatus()).decay.running).toBe(false);
    } finally {
      await other.close();
    }
    await until(async () => (await client.call<Json>('system.status')).jobs.decay.running === true, 5_000, 100);
    expect((await rest('GET', '/api/system/status')).jobs.decay.running).toBe(true);
  }, 30_000);
});
