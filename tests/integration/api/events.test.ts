// GET /api/events over a real socket: hello, domain events from REST writes and from other
// processes (a foreign origin, as the host relays them), host pushes, the persona filter,
// heartbeats, listener clean-up on disconnect, and a slow client cut off instead of buffered.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../../src/core/index.ts';
import { startApi, type RunningApi } from './api-harness.ts';
import { readSse } from './http-client.ts';
import { botStatus, createFakeHost, type FakeHost } from './host-fake.ts';

const ARIA = 'a1a1a1a1-0000-4000-8000-000000000001';
const KIRA = 'b2b2b2b2-0000-4000-8000-000000000002';
let api: RunningApi;
let host: FakeHost;

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  host = createFakeHost(() => null);
  api = await startApi({ port: host.port, timings: { heartbeatMs: 100 } });
});
afterAll(() => api.close());

const open = async (query = '') => {
  const controller = new AbortController();
  const res = await fetch(`${api.base}/api/events${query}`, { signal: controller.signal });
  return { res, sse: res.ok ? readSse(res) : null, close: () => controller.abort() };
};
const waitFor = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe('GET /api/events', () => {
  it('says hello, then relays a change made through REST and one from another process', async () => {
    const { res, sse, close } = await open();
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const hello = await sse!.next((e) => e.event === 'hello');
    expect(JSON.parse(hello.data).host_attached).toBe(true);
    await fetch(`${api.base}/api/personas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Evie' }) });
    const created = JSON.parse((await sse!.next((e) => e.event === 'persona.created')).data);
    expect(created.name).toBe('persona.created');
    expect(created.data.name).toBe('Evie');
    api.core.events.emit({ name: 'emotion.changed', persona_id: ARIA, at: '2026-11-25T12:00:00.000Z', data: { emotional_state: { mood: 0.5 } }, origin: 'mcp:9999' });
    const foreign = JSON.parse((await sse!.next((e) => e.event === 'emotion.changed')).data);
    expect(foreign).toEqual({ name: 'emotion.changed', persona_id: ARIA, at: '2026-11-25T12:00:00.000Z', data: { emotional_state: { mood: 0.5 } } });
    close();
  });

  it('relays host pushes as bot.status, bot.log and service.status', async () => {
    const { sse, close } = await open();
    await sse!.next((e) => e.event === 'hello');
    host.push({ type: 'bot-status', status: botStatus(KIRA) });
    host.push({ type: 'bot-log', line: { persona_id: KIRA, at: '2026-11-25T12:00:01.000Z', stream: 'stdout', line: 'synced' } });
    host.push({ type: 'service-status', status: { service: 'mcp', state: 'running', pid: 7, port: 8000, restarts: 0, started_at: null, last_error: null } });
    expect(JSON.parse((await sse!.next((e) => e.event === 'bot.status')).data)).toEqual(botStatus(KIRA));
    expect(JSON.parse((await sse!.next((e) => e.event === 'bot.log')).data).line).toBe('synced');
    expect(JSON.parse((await sse!.next((e) => e.event === 'service.status')).data).service).toBe('mcp');
    close();
  });

  it('?persona_id= (name or id) filters persona events', async () => {
    const { sse, close } = await open('?persona_id=Kira');
    await sse!.next((e) => e.event === 'hello');
    await fetch(`${api.base}/api/personas/Aria/visual`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expression: 'happy' }) });
    await fetch(`${api.base}/api/personas/Kira/visual`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expression: 'sad' }) });
    const visual = JSON.parse((await sse!.next((e) => e.event === 'visual.changed')).data);
    expect(visual.persona_id).toBe(KIRA);
    host.push({ type: 'bot-status', status: botStatus(ARIA) });
    host.push({ type: 'bot-status', status: botStatus(KIRA, 'stopped') });
    expect(JSON.parse((await sse!.next((e) => e.event === 'bot.status')).data).persona_id).toBe(KIRA);
    expect(sse!.events.filter((e) => e.event !== 'hello').every((e) => JSON.parse(e.data).persona_id === KIRA)).toBe(true);
    close();
  });

  it('an unknown persona filter is a 404', async () => {
    const { res } = await open('?persona_id=Nobody');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PERSONA_NOT_FOUND');
  });

  it('sends comment heartbeats and removes its listeners on disconnect', async () => {
    const baseline = api.core.events.listenerCount();
    const { sse, close } = await open();
    await sse!.next((e) => e.event === 'hello');
    expect(api.core.events.listenerCount()).toBe(baseline + 1);
    expect(await waitFor(() => sse!.comments.includes('heartbeat'))).toBe(true);
    close();
    expect(await waitFor(() => api.core.events.listenerCount() === baseline)).toBe(true);
  });

  it('a client that stops reading is disconnected instead of buffering without bound', async () => {
    const baseline = api.core.events.listenerCount();
    const socket = connect(api.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await waitFor(() => api.core.events.listenerCount() === baseline + 1)).toBe(true);
    socket.pause();
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 400 && api.core.events.listenerCount() > baseline; i += 1) {
      api.core.events.emit({ name: 'memory.changed', persona_id: ARIA, at: '2026-11-25T12:00:00.000Z', data: { memory_id: String(i), change: 'updated', pad: big } });
      await new Promise((r) => setImmediate(r));
    }
    expect(await waitFor(() => api.core.events.listenerCount() === baseline)).toBe(true);
    socket.destroy();
  });
});
