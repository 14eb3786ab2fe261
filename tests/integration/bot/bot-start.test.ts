import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personaOf, sleep, startBotStack, type BotStack } from './bot-harness.ts';

// How a real bot process starts: it waits for an unreachable homeserver (state `waiting`, no crash)
// and comes up by itself, and fails at once when the homeserver refuses its credentials.
let stack: BotStack;

beforeAll(async () => {
  stack = await startBotStack((req) => ({ text: `${personaOf(req)} is here` }));
}, 60_000);
afterAll(() => stack?.close());

describe('bot start', () => {
  it('waits while the homeserver is down and runs within 5 s of it starting', async () => {
    const { hs, personas, users } = stack;
    await stack.configure('aria', {});
    await hs.stop();
    await stack.supervisor.start(personas.aria);
    const waiting = await stack.waitForStatus(personas.aria, (s) => s.state === 'waiting');
    expect(waiting.last_error).toBe(`homeserver ${hs.url} unreachable: connection refused (is the server running?)`);
    await sleep(2_500);
    const still = await stack.supervisor.status(personas.aria);
    expect(still).toMatchObject({ state: 'waiting', restarts: 0 });
    await hs.start();
    const running = await stack.waitForStatus(personas.aria, (s) => s.state === 'running' && s.synced, 5_000);
    expect(running.last_error).toBeNull();
    // And it works: a DM is answered.
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true });
    const start = Date.now();
    while (hs.membership(room, users.aria.userId) !== 'join' && Date.now() - start < 10_000) await sleep(25);
    hs.post(room, users.bob.userId, 'hello?');
    const reply = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId);
    expect(reply.content.body).toBe('Aria is here');
    const log = stack.logs.filter((l) => l.persona_id === personas.aria && l.stream === 'supervisor').map((l) => l.line);
    expect(log).toContain(`state starting → waiting (homeserver ${hs.url} unreachable: connection refused (is the server running?))`);
    await stack.supervisor.stop(personas.aria);
  });

  it('fails at once when its access token was revoked and it has no password', async () => {
    const { hs, personas, users } = stack;
    const { accessToken } = hs.login(users.kira.userId);
    hs.revokeToken(accessToken);
    await stack.configure('kira', { access_token: accessToken });
    await stack.supervisor.start(personas.kira);
    const failed = await stack.waitForStatus(personas.kira, (s) => s.state === 'failed' && s.last_error !== null && s.last_error.includes('access token'));
    expect(failed.last_error).toBe(`The homeserver refused the access token of ${users.kira.userId} and no password is stored`);
    expect(failed.restarts).toBe(0);
  });
  it('fails at once, without retrying, when the homeserver refuses the password', async () => {
    const { personas, users } = stack;
    await stack.configure('kira', { access_token: undefined, password: 'wrong password' });
    await stack.supervisor.start(personas.kira);
    const failed = await stack.waitForStatus(personas.kira, (s) => s.state === 'failed');
    expect(failed.last_error).toBe(`The homeserver refused the password of ${users.kira.userId}`);
    expect(failed.restarts).toBe(0);
  });

});
