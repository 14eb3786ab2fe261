// Both services over the same data dir, each with its own core (as two processes under the host):
// a write through one interface is read through the other at once, and the PersonaAPI streams
// events relayed from the mcp process when they arrive on its bus (the host's relay is the edge).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfigSchema } from '../../../src/shared/index.ts';
import { configureLogging, createCore, type CoreContext } from '../../../src/core/index.ts';
import { createMcpService, type McpService } from '../../../src/services/mcp/index.ts';
import { RawClient } from '../mcp/harness.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { startApi, type RunningApi } from './api-harness.ts';
import { fetchJson, readSse } from './http-client.ts';

const temp = makeTempDir('persona-shared-');
let api: RunningApi;
let mcpCore: CoreContext;
let mcp: McpService;
let client: RawClient;

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  const config = AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' }, llm: { provider: 'offline' }, server: { mcp_port: 0 } });
  mcpCore = await createCore({ config, migrate: true });
  mcp = createMcpService({ core: mcpCore, timings: { graceMs: 100 } });
  const { port } = await mcp.start();
  client = await RawClient.connect(`ws://127.0.0.1:${port}/mcp`);
  api = await startApi({ dataDir: temp.dir, config: { server: { mcp_port: port } } });
});
afterAll(async () => {
  await client.close();
  await api.close();
  await mcp.stop();
  await mcpCore.close();
  temp.cleanup();
});

describe('PersonaAPI and mcp service on one data dir', () => {
  it('a persona created over REST is read over MCP, and an MCP update is read over REST', async () => {
    const created = await fetchJson(`${api.base}/api/personas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Shared', description: 'one' }) });
    expect(created.status).toBe(200);
    const viaMcp = await client.request('persona.get', { persona_id: 'Shared' });
    expect(viaMcp.result.persona.id).toBe(created.body.persona_id);
    const updated = await client.request('persona.update', { persona_id: 'Shared', description: 'two' });
    expect(updated.result.version).toBe(2);
    const viaRest = await fetchJson(`${api.base}/api/personas/Shared`);
    expect(viaRest.body.persona).toMatchObject({ description: 'two', version: 2 });
  });

  it('an event of the mcp process, relayed onto the api bus, reaches the SSE stream', async () => {
    // What relayDomainEvents does under the host: events of one child are re-emitted on the other's bus.
    const stop = mcpCore.events.subscribe((event) => api.core.events.emit({ ...event, origin: 'mcp:test' }));
    const controller = new AbortController();
    const res = await fetch(`${api.base}/api/events?persona_id=Kira`, { signal: controller.signal });
    const sse = readSse(res);
    await sse.next((e) => e.event === 'hello');
    await client.request('emotional.update_state', { persona_id: 'Kira', mood: -0.3 });
    const event = JSON.parse((await sse.next((e) => e.event === 'emotion.changed')).data);
    expect(event.persona_id).toBe('b2b2b2b2-0000-4000-8000-000000000002');
    expect(event.origin).toBeUndefined();
    controller.abort();
    stop();
  });

  it('health sees the mcp service with its live connection count', async () => {
    const health = await fetchJson(`${api.base}/api/health`);
    expect(health.body.services.mcp).toMatchObject({ status: 'ok', connections: 1 });
  });
});
