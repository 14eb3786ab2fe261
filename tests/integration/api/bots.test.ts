// Bot routes: alone they answer 503 HOST_NOT_ATTACHED; with a host on the IPC channel (an in-test
// host speaking the real message protocol) they forward with the resolved persona id and return
// what the bot controller returns. Bot configuration works without the host, secrets write-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../../src/core/index.ts';
import { databaseDigest } from '../../support/core-harness.ts';
import { injectApi, type InjectApi } from './api-harness.ts';
import { botStatus, createFakeHost, type FakeHost } from './host-fake.ts';

const KIRA = 'b2b2b2b2-0000-4000-8000-000000000002';
const config = { homeserver_url: 'http://127.0.0.1:8008', user_id: '@kira:localhost', access_token: 'syt_secret_token' };

beforeAll(() => configureLogging({ level: 'silent' }));

describe('bots without the host', () => {
  let t: InjectApi;
  beforeAll(async () => { t = await injectApi(); });
  afterAll(() => t.close());

  for (const [method, url] of [['GET', '/api/bots'], ['GET', '/api/bots/status'], ['GET', '/api/bots/Kira'], ['POST', '/api/bots/Kira/start'], ['POST', '/api/bots/Kira/stop'], ['POST', '/api/bots/Kira/restart'], ['GET', '/api/bots/Kira/logs'], ['POST', '/api/bots/start-all'], ['POST', '/api/bots/stop-all']] as const) {
    it(`${method} ${url} → 503 HOST_NOT_ATTACHED`, async () => {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('HOST_NOT_ATTACHED');
    });
  }

  it('configuration: none, put (partial update keeps the rest), get without secrets, delete', async () => {
    expect((await t.app.inject({ url: '/api/bots/Kira/config' })).json()).toEqual({ config: null });
    const put = await t.app.inject({ method: 'PUT', url: '/api/bots/Kira/config', payload: config });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().config).toMatchObject({ persona_id: KIRA, user_id: '@kira:localhost', has_access_token: true, has_password: false });
    expect(put.body).not.toContain('syt_secret_token');
    const partial = await t.app.inject({ method: 'PUT', url: '/api/bots/kira/config', payload: { reply_mode: 'always' } });
    expect(partial.json().config).toMatchObject({ reply_mode: 'always', user_id: '@kira:localhost', has_access_token: true });
    const got = await t.app.inject({ url: `/api/bots/${KIRA}/config` });
    expect(got.json().config.reply_mode).toBe('always');
    expect(got.body).not.toContain('syt_secret_token');
    const del = await t.app.inject({ method: 'DELETE', url: '/api/bots/Kira/config' });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/bots/Kira/config' })).json().error.code).toBe('BOT_NOT_CONFIGURED');
  });

  it('invalid configuration → 400 with issues, nothing stored', async () => {
    const before = databaseDigest(t.core);
    const res = await t.app.inject({ method: 'PUT', url: '/api/bots/Kira/config', payload: { homeserver_url: 'ftp://x', user_id: 'kira' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { path: string[] }) => i.path[0])).toEqual(expect.arrayContaining(['homeserver_url', 'user_id']));
    const noSecret = await t.app.inject({ method: 'PUT', url: '/api/bots/Kira/config', payload: { homeserver_url: 'http://127.0.0.1:8008', user_id: '@kira:localhost' } });
    expect(noSecret.statusCode).toBe(400);
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/bots/Nobody/config', payload: config });
    expect(unknown.statusCode).toBe(404);
    expect(databaseDigest(t.core)).toBe(before);
  });
});

describe('bots with the host', () => {
  let t: InjectApi;
  let host: FakeHost;
  beforeAll(async () => {
    host = createFakeHost((action, params) => {
      const id = params.persona_id as string;
      switch (action) {
        case 'bot.list': return [botStatus(KIRA)];
        case 'bot.status': return botStatus(id);
        case 'bot.start': case 'bot.restart': return botStatus(id, 'starting');
        case 'bot.stop': return botStatus(id, 'stopped');
        case 'bot.logs': return [{ persona_id: id, at: '2026-11-25T12:00:00.000Z', stream: 'stdout', line: `limit ${String(params.limit)}` }];
        case 'bot.start_all': return [botStatus(KIRA, 'starting')];
        case 'bot.stop_all': return [botStatus(KIRA, 'stopped')];
        default: throw { code: 'BOT_NOT_CONFIGURED', message: 'no' };
      }
    });
    t = await injectApi({ port: host.port });
  });
  afterAll(() => t.close());

  it('forwards each route with the resolved persona id and returns the controller result', async () => {
    expect((await t.app.inject({ url: '/api/bots' })).json()).toEqual({ bots: [botStatus(KIRA)] });
    const detail = await t.app.inject({ url: '/api/bots/Kira' });
    expect(detail.json()).toEqual({ status: botStatus(KIRA), config: null });
    expect((await t.app.inject({ method: 'POST', url: '/api/bots/kira/start' })).json()).toEqual({ status: botStatus(KIRA, 'starting') });
    expect((await t.app.inject({ method: 'POST', url: '/api/bots/Kira/stop' })).json().status.state).toBe('stopped');
    expect((await t.app.inject({ method: 'POST', url: '/api/bots/Kira/restart' })).json().status.state).toBe('starting');
    expect((await t.app.inject({ url: '/api/bots/Kira/logs?limit=7' })).json().lines[0].line).toBe('limit 7');
    expect((await t.app.inject({ method: 'POST', url: '/api/bots/start-all' })).json().bots[0].state).toBe('starting');
    expect((await t.app.inject({ method: 'POST', url: '/api/bots/stop-all' })).json().bots[0].state).toBe('stopped');
    const forwarded = host.requests.map((r) => [r.action, r.params]);
    expect(forwarded).toEqual([
      ['bot.list', {}], ['bot.status', { persona_id: KIRA }], ['bot.start', { persona_id: KIRA }], ['bot.stop', { persona_id: KIRA }],
      ['bot.restart', { persona_id: KIRA }], ['bot.logs', { persona_id: KIRA, limit: 7 }], ['bot.start_all', {}], ['bot.stop_all', {}],
    ]);
  });

  it('GET /api/bots/status is the list of every bot, as GET /api/bots (not a persona named "status")', async () => {
    const res = await t.app.inject({ url: '/api/bots/status' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ bots: [botStatus(KIRA)] });
    expect(host.requests.at(-1)).toMatchObject({ action: 'bot.list', params: {} });
  });

  it('host errors keep their code; bad input never reaches the host', async () => {
    const before = host.requests.length;
    expect((await t.app.inject({ url: '/api/bots/Nobody' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/bots/Kira/logs?limit=zero' })).json().error.code).toBe('INVALID_PARAMS');
    // Bot actions take no body: anything but none or {} is refused before the host is asked.
    for (const url of ['/api/bots/Kira/start', '/api/bots/Kira/stop', '/api/bots/start-all', '/api/bots/stop-all']) {
      for (const payload of ['null', ' ', '{"persona_id":"Aria"}', '[]']) {
        const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
        expect(res.statusCode, `${url} ${payload}`).toBe(400);
      }
    }
    expect(host.requests.length).toBe(before);
  });
});
