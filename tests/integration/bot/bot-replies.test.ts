import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personaOf, sleep, startBotStack, type BotStack, waitFor } from './bot-harness.ts';

// A real bot process (started by the supervisor) against the test homeserver and a real mcp service.
let stack: BotStack;

beforeAll(async () => {
  stack = await startBotStack((req) => {
    const last = [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    return { text: `"**${personaOf(req)}** heard: ${last.slice(-60)}"` };
  });
  await stack.configure('aria', { reply_mode: 'mention', admins: [stack.users.carol.userId] });
  const status = await stack.supervisor.start(stack.personas.aria);
  expect(status.state).toBe('running');
  await stack.waitForStatus(stack.personas.aria, (s) => s.synced);
}, 60_000);
afterAll(() => stack?.close());

describe('bot replies', () => {
  it('joins a DM on invite and answers threaded, as HTML, through persona.chat', async () => {
    const { hs, users } = stack;
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    const asked = hs.post(room, users.bob.userId, 'What songs do you know?');
    const reply = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId);
    expect(reply.content.body).toBe('**Aria** heard: Bob: What songs do you know?');
    expect(reply.content.format).toBe('org.matrix.custom.html');
    expect(reply.content.formatted_body).toContain('<strong>Aria</strong>');
    expect(reply.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: asked } });
    const typing = hs.typingLog.filter((t) => t.roomId === room && t.userId === users.aria.userId);
    expect(typing.map((t) => t.typing)).toEqual([true, false]);
    const chat = stack.llm.requests.filter((r) => r.schema === null).at(-1); // not the after-reply fact extraction
    expect(chat?.messages.at(-1)?.content).toContain('What songs do you know?');
    const sessions = stack.core.db.sqlite.prepare('SELECT channel, participant_key FROM sessions WHERE channel = ?').all(`matrix:${room}`);
    expect(sessions).toEqual([{ channel: `matrix:${room}`, participant_key: `matrix:${users.bob.userId}` }]);
  });

  it('answers a mention in a group room and stays silent when not addressed (reply_mode mention)', async () => {
    const { hs, users } = stack;
    const room = hs.createRoom(users.bob.userId, { join: [users.carol.userId], invite: [users.aria.userId] });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    hs.post(room, users.bob.userId, 'Does anyone know a good song?');
    hs.post(room, users.carol.userId, 'hello everyone');
    const pill = hs.post(room, users.bob.userId, 'can you sing for us?', { mentions: [users.aria.userId] });
    const reply = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId);
    expect((reply.content['m.relates_to'] as Record<string, unknown>)['m.in_reply_to']).toEqual({ event_id: pill });
    await sleep(800);
    expect(hs.messages(room, users.aria.userId)).toHaveLength(1);
  });

  it('answers in the thread of a threaded message', async () => {
    const { hs, users } = stack;
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    const root = hs.post(room, users.bob.userId, 'Aria');
    await hs.waitForMessage(room, (e) => e.sender === users.aria.userId);
    const inThread = hs.post(room, users.bob.userId, 'and another verse?', { threadRoot: root });
    const reply = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId && JSON.stringify(e.content).includes(inThread));
    expect(reply.content['m.relates_to']).toEqual({ rel_type: 'm.thread', event_id: root, is_falling_back: false, 'm.in_reply_to': { event_id: inThread } });
  });

  it('runs !persona commands for admins only', async () => {
    const { hs, users } = stack;
    const room = hs.createRoom(users.carol.userId, { join: [users.bob.userId], invite: [users.aria.userId] });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    hs.post(room, users.bob.userId, '!persona mood');
    await sleep(600);
    expect(hs.messages(room, users.aria.userId)).toHaveLength(0);
    hs.post(room, users.carol.userId, '!persona mood');
    const reply = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId);
    expect(reply.content.msgtype).toBe('m.notice');
    expect(String(reply.content.body)).toMatch(/^\*\*Mood\*\*: \w+ — mood /);
  });

  it('retries a send refused with M_LIMIT_EXCEEDED after retry_after_ms', async () => {
    const { hs, users } = stack;
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    const before = hs.rateLimited;
    hs.limitSends(2, 300);
    const t0 = Date.now();
    hs.post(room, users.bob.userId, 'Are you there?');
    await hs.waitForMessage(room, (e) => e.sender === users.aria.userId);
    expect(hs.rateLimited - before).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(600);
    expect(hs.messages(room, users.aria.userId)).toHaveLength(1);
  });
  it('reconnects after the homeserver restarts and answers what arrived meanwhile', async () => {
    const { hs, users } = stack;
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    await hs.stop();
    await sleep(300);
    const asked = hs.post(room, users.bob.userId, 'Did you hear the thunder?');
    await hs.start();
    const reply = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId, 20_000);
    expect((reply.content['m.relates_to'] as Record<string, unknown>)['m.in_reply_to']).toEqual({ event_id: asked });
    // The supervisor saw the bot lose its sync and get it back.
    const flags = stack.statuses.filter((s) => s.persona_id === stack.personas.aria).map((s) => s.synced);
    expect(flags.slice(-2)).toEqual([false, true]);
  }, 30_000);
  it('reconnects to the mcp service after it restarts and answers what arrived meanwhile', async () => {
    const { hs, users } = stack;
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    let asked = '';
    await stack.restartMcp(async () => {
      asked = hs.post(room, users.bob.userId, 'Is the tavern open tonight?');
      await sleep(700);
    });
    const reply = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId, 20_000);
    expect((reply.content['m.relates_to'] as Record<string, unknown>)['m.in_reply_to']).toEqual({ event_id: asked });
    expect(reply.content.body).toContain('Is the tavern open tonight?');
  }, 30_000);
});

