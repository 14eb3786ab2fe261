// The whole stack under one host, nothing of our own faked: the real mcp and api services, the real
// bot supervisor (as --server wires it) with a real bot process against the test homeserver.
// A change over the MCP WebSocket shows up in the api's SSE stream (relayed by the host); the api
// starts a bot through the host and streams its status.
import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonaClient } from '../../../src/core/client/index.ts';
import type { Host, HostInfo } from '../../../src/main/host/index.ts';
import type { BotStatus, ServiceStatus } from '../../../src/shared/index.ts';
import { startHostStack, type HostStack } from '../../support/host-stack.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/processes.ts';

const temp = makeTempDir('host-stack-');
let stack: HostStack;
let host: Host;
let info: HostInfo;
let client: PersonaClient;
let ariaId: string;

/** An open `GET /api/events` stream collecting every event. */
function openEvents(url: string): { events: { name: string; data: Record<string, unknown> }[]; close(): void } {
  const events: { name: string; data: Record<string, unknown> }[] = [];
  let res: IncomingMessage | null = null;
  const req = request(url, (r) => {
    res = r;
    r.setEncoding('utf8');
    let buffer = '';
    r.on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (name && data) events.push({ name, data: JSON.parse(data) as Record<string, unknown> });
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return { events, close: () => (res ? res.destroy() : req.destroy()) };
}
const api = async (method: string, path: string) => {
  const res = await fetch(new URL(path, info.urls.api as string), { method });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  stack = await startHostStack(temp.dir, [{ persona: 'Aria', login: 'access_token' }]);
  ({ host, info, client } = stack);
  ariaId = stack.ids.Aria;
}, 90_000);

afterAll(async () => {
  await stack?.close();
  temp.cleanup();
});

describe('host with the real services and bots', () => {
  it('runs both services and says so in /api/health', async () => {
    expect(info.ports.api).toBeGreaterThan(0);
    expect(host.status().map((s) => `${s.service}:${s.state}`)).toEqual(['mcp:running', 'api:running']);
    const health = await api('GET', '/api/health');
    expect(health.body).toMatchObject({ host_attached: true, services: { mcp: { status: 'ok', url: info.urls.mcp } } });
    expect((await api('GET', '/api/personas')).body.personas).toHaveLength(2);
  });

  it('relays a change made over the MCP WebSocket to the api SSE stream', async () => {
    const sse = openEvents(new URL('/api/events', info.urls.api as string).href);
    try {
      // The stream subscribes when the request is handled; keep changing until an event arrives.
      let mood = 0;
      const event = await until(async () => {
        mood = Math.round((mood + 0.1) * 10) / 10;
        await client.call('emotional.update_state', { persona_id: 'Aria', mood });
        await new Promise((r) => setTimeout(r, 200));
        return sse.events.find((e) => e.name === 'emotion.changed');
      });
      expect(event.data).toMatchObject({ name: 'emotion.changed', persona_id: ariaId });
      expect(JSON.stringify(event.data)).toMatch(/"mood":0\.\d/);
    } finally {
      sse.close();
    }
  });

  it('the api starts a bot through the host and streams its status; service status is streamed too', async () => {
    const sse = openEvents(new URL('/api/events', info.urls.api as string).href);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const started = await api('POST', `/api/bots/${ariaId}/start`);
      expect(started.status).toBe(200);
      expect(started.body.status).toMatchObject({ persona_id: ariaId, state: 'running' });
      const synced = await until(() => sse.events.find((e) => e.name === 'bot.status' && (e.data as BotStatus).synced));
      expect(synced.data).toMatchObject({ persona_id: ariaId, state: 'running', synced: true });
      expect(sse.events.some((e) => e.name === 'bot.log' && e.data.persona_id === ariaId)).toBe(true);
      const list = await api('GET', '/api/bots');
      expect(list.body.bots).toMatchObject([{ persona_id: ariaId, state: 'running' }]);

      // kill -9 of the mcp service: the api streams its status changes; the bot rides it out.
      const mcpPid = host.status()[0]?.pid as number;
      process.kill(mcpPid, 'SIGKILL');
      await until(() => sse.events.some((e) => e.name === 'service.status' && (e.data as ServiceStatus).service === 'mcp' && (e.data as ServiceStatus).state === 'backoff'));
      await until(() => sse.events.some((e) => e.name === 'service.status' && (e.data as ServiceStatus).state === 'running' && (e.data as ServiceStatus).pid !== mcpPid));
      expect(await client.call<{ personas: unknown[] }>('persona.list')).toMatchObject({ personas: [{}, {}] });

      const stopped = await api('POST', `/api/bots/${ariaId}/stop`);
      expect(stopped.body.status).toMatchObject({ state: 'stopped', pid: null });
      // Kira has no bot configuration: the bot supervisor's typed error crosses the host to REST.
      const kira = await api('POST', '/api/bots/Kira/start');
      expect(kira.status).toBe(404);
      expect(kira.body).toMatchObject({ error: { code: 'BOT_NOT_CONFIGURED' } });
    } finally {
      sse.close();
    }
  });
});
