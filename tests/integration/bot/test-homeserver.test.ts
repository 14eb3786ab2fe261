import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHomeserver, type TestHomeserver, type TestUser } from '../../support/matrix-homeserver/index.ts';

// The test homeserver itself: the client-server API behaviour the bot tests rely on.
let hs: TestHomeserver;
let bob: TestUser;
let aria: TestUser;

const api = async (method: string, path: string, token: string | null, body?: unknown) => {
  const res = await fetch(`${hs.url}/_matrix/client/v3${path}`, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

beforeAll(async () => {
  hs = await startTestHomeserver();
  bob = hs.registerUser('bob', { displayName: 'Bob' });
  aria = hs.registerUser('aria', { password: 'secret' });
});
afterAll(() => hs.close());

describe('test homeserver', () => {
  it('logs in with a password and refuses bad credentials and unknown tokens', async () => {
    const ok = await api('POST', '/login', null, { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'aria' }, password: 'secret' });
    expect(ok.body).toMatchObject({ user_id: aria.userId, access_token: expect.stringMatching(/^syt_/) });
    expect((await api('POST', '/login', null, { type: 'm.login.password', user: 'aria', password: 'nope' })).status).toBe(403);
    expect((await api('GET', '/account/whoami', 'bad')).body.errcode).toBe('M_UNKNOWN_TOKEN');
  });

  it('delivers invites and messages through /sync, long-polling from the since token', async () => {
    const first = await api('GET', '/sync', aria.accessToken);
    const room = hs.createRoom(bob.userId, { invite: [aria.userId] });
    const invited = await api('GET', `/sync?since=${first.body.next_batch}&timeout=1000`, aria.accessToken);
    expect(Object.keys(invited.body.rooms.invite)).toEqual([room]);
    await api('POST', `/join/${encodeURIComponent(room)}`, aria.accessToken, {});
    const joined = await api('GET', `/sync?since=${invited.body.next_batch}&timeout=0`, aria.accessToken);
    const poll = api('GET', `/sync?since=${joined.body.next_batch}&timeout=5000`, aria.accessToken);
    setTimeout(() => hs.post(room, bob.userId, 'hello'), 100);
    const next = await poll;
    expect(next.body.rooms.join[room].timeline.events.map((e: { content: { body: string } }) => e.content.body)).toEqual(['hello']);
    const idle = Date.now();
    const empty = await api('GET', `/sync?since=${next.body.next_batch}&timeout=300`, aria.accessToken);
    expect(Date.now() - idle).toBeGreaterThanOrEqual(250);
    expect(empty.body.rooms.join).toEqual({});
  });

  it('keeps sends idempotent per txn id, rate-limits on demand and answers unknown endpoints like Synapse', async () => {
    const room = hs.createRoom(bob.userId, { join: [aria.userId] });
    const path = `/rooms/${encodeURIComponent(room)}/send/m.room.message/t1`;
    hs.limitSends(1, 250);
    const limited = await api('PUT', path, aria.accessToken, { msgtype: 'm.text', body: 'x' });
    expect(limited).toEqual({ status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 250 } });
    const a = await api('PUT', path, aria.accessToken, { msgtype: 'm.text', body: 'x' });
    const b = await api('PUT', path, aria.accessToken, { msgtype: 'm.text', body: 'x' });
    expect(a.body.event_id).toBe(b.body.event_id);
    expect(hs.messages(room, aria.userId)).toHaveLength(1);
    const unknown = await api('GET', '/thirdparty/protocols', aria.accessToken);
    expect(unknown).toEqual({ status: 404, body: { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' } });
    expect(hs.unknownRequests).toContain('GET /_matrix/client/v3/thirdparty/protocols');
  });

  it('keeps its state across a stop/start on the same port', async () => {
    const room = hs.createRoom(bob.userId, { join: [aria.userId] });
    const port = hs.port;
    await hs.stop();
    await expect(fetch(`${hs.url}/_matrix/client/versions`)).rejects.toThrow();
    hs.post(room, bob.userId, 'while down');
    await hs.start();
    expect(hs.port).toBe(port);
    const s = await api('GET', '/sync', aria.accessToken);
    expect(s.body.rooms.join[room].timeline.events.at(-1).content.body).toBe('while down');
  });

  it('E2EE per the spec: key upload and counts, query, claim (one-time key once, then the fallback), to-device until acknowledged, device-list changes', async () => {
    const carol = hs.registerUser('carol-e2ee');
    const dev = hs.login(carol.userId, 'CAROLDEV');
    const keys = { user_id: carol.userId, device_id: 'CAROLDEV', algorithms: ['m.olm.v1.curve25519-aes-sha2'], keys: { 'curve25519:CAROLDEV': 'c25519', 'ed25519:CAROLDEV': 'ed' }, signatures: {} };
    const up = await api('POST', '/keys/upload', dev.accessToken, {
      device_keys: keys, one_time_keys: { 'signed_curve25519:AAAA': { key: 'otk1' } }, fallback_keys: { 'signed_curve25519:FB': { key: 'fb', fallback: true } },
    });
    expect(up.body).toEqual({ one_time_key_counts: { signed_curve25519: 1 } });
    const query = await api('POST', '/keys/query', bob.accessToken, { device_keys: { [carol.userId]: [] } });
    expect(query.body.device_keys[carol.userId]).toEqual({ CAROLDEV: keys });
    const claim = () => api('POST', '/keys/claim', bob.accessToken, { one_time_keys: { [carol.userId]: { CAROLDEV: 'signed_curve25519' } } });
    expect((await claim()).body.one_time_keys[carol.userId].CAROLDEV).toEqual({ 'signed_curve25519:AAAA': { key: 'otk1' } });
    expect((await claim()).body.one_time_keys[carol.userId].CAROLDEV).toEqual({ 'signed_curve25519:FB': { key: 'fb', fallback: true } });
    const first = await api('GET', '/sync', dev.accessToken);
    expect(first.body.device_one_time_keys_count).toEqual({});
    expect(first.body.device_unused_fallback_key_types).toEqual([]);
    // To-device: delivered in every sync until a later sync's `since` acknowledges it.
    const bobDev = hs.login(bob.userId);
    await api('PUT', '/sendToDevice/m.room.encrypted/t1', bobDev.accessToken, { messages: { [carol.userId]: { CAROLDEV: { ciphertext: 'x' } } } });
    await api('PUT', '/sendToDevice/m.room.encrypted/t1', bobDev.accessToken, { messages: { [carol.userId]: { CAROLDEV: { ciphertext: 'x' } } } });
    const got = await api('GET', `/sync?since=${first.body.next_batch}&timeout=0`, dev.accessToken);
    expect(got.body.to_device.events).toEqual([{ type: 'm.room.encrypted', sender: bob.userId, content: { ciphertext: 'x' } }]);
    expect((await api('GET', `/sync?since=${first.body.next_batch}&timeout=0`, dev.accessToken)).body.to_device.events).toHaveLength(1);
    const acked = await api('GET', `/sync?since=${got.body.next_batch}&timeout=0`, dev.accessToken);
    expect(acked.body.to_device?.events ?? []).toEqual([]);
    // Device lists: Bob, sharing a room with Carol, hears of her new device.
    const room = hs.createRoom(bob.userId, { join: [carol.userId], encrypted: true });
    const before = await api('GET', '/sync', bob.accessToken);
    expect(hs.timeline(room).some((e) => e.type === 'm.room.encryption')).toBe(true);
    const phone = hs.login(carol.userId, 'CAROLPHONE');
    await api('POST', '/keys/upload', phone.accessToken, { device_keys: { ...keys, device_id: 'CAROLPHONE' } });
    const changed = await api('GET', `/sync?since=${before.body.next_batch}&timeout=1000`, bob.accessToken);
    expect(changed.body.device_lists.changed).toContain(carol.userId);
  });
});
