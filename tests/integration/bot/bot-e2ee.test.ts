import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personaOf, sleep, startBotStack, type BotStack } from './bot-harness.ts';
import { startUserClient, type UserClient } from '../../support/matrix-user-client.ts';

// A real bot process with matrix-js-sdk's Rust crypto against the test homeserver, and a person's
// client (matrix-js-sdk with Rust crypto too) in encrypted rooms, across a bot restart.
let stack: BotStack;
let bob: UserClient;

beforeAll(async () => {
  stack = await startBotStack((req) => {
    const last = [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    return { text: `${personaOf(req)} heard: ${last.slice(-60)}` };
  });
  await stack.configure('aria', { reply_mode: 'mention' });
  await stack.configure('kira', { encryption: false });
  await stack.supervisor.start(stack.personas.aria);
  await stack.waitForStatus(stack.personas.aria, (s) => s.synced);
  bob = await startUserClient(stack.hs, stack.users.bob.userId);
}, 60_000);
afterAll(async () => {
  bob?.stop();
  await stack?.close();
});

const waitFor = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met');
    await sleep(25);
  }
};

describe('bot in encrypted rooms', () => {
  let dm = '';
  let group = '';

  it('answers an encrypted DM, encrypted, and the server never sees the text', async () => {
    const { hs, users } = stack;
    dm = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true, encrypted: true });
    await waitFor(() => hs.membership(dm, users.aria.userId) === 'join');
    await bob.send(dm, 'What songs do you know?');
    const reply = await bob.waitFor((m) => m.room_id === dm && m.sender === users.aria.userId);
    expect(reply.body).toBe('Aria heard: Bob: What songs do you know?');
    expect(reply.encrypted).toBe(true);
    const onServer = hs.timeline(dm).filter((e) => e.sender !== users.aria.userId || e.type !== 'm.room.member').map((e) => e.type);
    expect(onServer).not.toContain('m.room.message');
    expect(JSON.stringify(hs.timeline(dm))).not.toContain('What songs');
  });

  it('answers a mention in an encrypted group room', async () => {
    const { hs, users } = stack;
    group = hs.createRoom(users.bob.userId, { join: [users.carol.userId], invite: [users.aria.userId], encrypted: true });
    await waitFor(() => hs.membership(group, users.aria.userId) === 'join');
    await bob.send(group, 'Does anyone know a good song?');
    await bob.send(group, 'Aria, sing for us?');
    const reply = await bob.waitFor((m) => m.room_id === group && m.sender === users.aria.userId);
    expect(reply.body).toBe('Aria heard: Bob: Aria, sing for us?');
    await sleep(500);
    expect(bob.seen.filter((m) => m.room_id === group && m.sender === users.aria.userId)).toHaveLength(1);
  });

  it('after a restart reads new messages with the keys it kept, on the same device', async () => {
    const { hs, users, personas } = stack;
    const devicesBefore = hs.devices(users.aria.userId);
    expect(devicesBefore).toHaveLength(1);
    const sealed = join(stack.dataDir, 'bots', personas.aria, 'crypto-store.sealed');
    expect(existsSync(sealed)).toBe(true);
    expect(readFileSync(sealed).includes(Buffer.from(devicesBefore[0] as string))).toBe(false);
    await stack.supervisor.restart(personas.aria);
    await stack.waitForStatus(personas.aria, (s) => s.state === 'running' && s.synced);
    expect(hs.devices(users.aria.userId)).toEqual(devicesBefore);
    await bob.send(dm, 'Still there after the restart?');
    const again = await bob.waitFor((m) => m.room_id === dm && m.body.includes('Still there'), 15_000);
    expect(again.sender).toBe(users.bob.userId);
    const reply = await bob.waitFor((m) => m.room_id === dm && m.sender === users.aria.userId && m.body.includes('Still there'));
    expect(reply.encrypted).toBe(true);
    await bob.send(group, 'Aria, one more?');
    await bob.waitFor((m) => m.room_id === group && m.sender === users.aria.userId && m.body.includes('one more'));
    // No message was answered twice across the restart.
    const answers = bob.seen.filter((m) => m.sender === users.aria.userId).map((m) => m.body);
    expect(new Set(answers).size).toBe(answers.length);
  });

  it('shares its room keys with a device that joins later', async () => {
    const { users } = stack;
    const bob2 = await startUserClient(stack.hs, users.bob.userId);
    try {
      await bob.send(dm, 'Do you see my new phone?');
      const reply = await bob2.waitFor((m) => m.room_id === dm && m.sender === users.aria.userId && m.body.includes('new phone'));
      expect(reply.encrypted).toBe(true);
    } finally {
      bob2.stop();
    }
  });

  it('shares its room keys with a member who joins the group room later', async () => {
    const { hs, users } = stack;
    const dave = hs.registerUser('dave', { displayName: 'Dave' });
    hs.join(group, dave.userId);
    const daveClient = await startUserClient(hs, dave.userId);
    try {
      await daveClient.send(group, 'Aria, do you know me?');
      const reply = await daveClient.waitFor((m) => m.room_id === group && m.sender === users.aria.userId && m.body.includes('do you know me'));
      expect(reply.encrypted).toBe(true);
    } finally {
      daveClient.stop();
    }
  });

  it('says once per room that it could not decrypt a message, and logs why', async () => {
    const { hs, users, personas } = stack;
    // A megolm message whose room key the bot never received (a withheld or lost key).
    const broken = { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgAEnB4…', sender_key: 'aGVsbG8', session_id: 'no-such-session', device_id: bob.deviceId };
    hs.sendEvent(dm, users.bob.userId, 'm.room.encrypted', broken);
    const notice = await bob.waitFor((m) => m.room_id === dm && m.msgtype === 'm.notice', 15_000);
    expect(notice.body).toContain("I couldn't decrypt a message in this room");
    hs.sendEvent(dm, users.bob.userId, 'm.room.encrypted', { ...broken, ciphertext: 'AwgBEnB4…' });
    await sleep(6_500);
    expect(bob.seen.filter((m) => m.room_id === dm && m.msgtype === 'm.notice')).toHaveLength(1);
    const why = stack.logs.filter((l) => l.persona_id === personas.aria && l.line.includes('cannot read an encrypted message'));
    expect(why).toHaveLength(2);
  }, 30_000);

  it('with encryption off says so once per room and logs why, never silence', async () => {
    const { hs, users, personas } = stack;
    await stack.supervisor.start(personas.kira);
    await stack.waitForStatus(personas.kira, (s) => s.synced);
    const room = hs.createRoom(users.bob.userId, { invite: [users.kira.userId], isDirect: true, encrypted: true });
    await waitFor(() => hs.membership(room, users.kira.userId) === 'join');
    await bob.send(room, 'Hello Kira?');
    const notice = await bob.waitFor((m) => m.room_id === room && m.sender === users.kira.userId);
    expect(notice.msgtype).toBe('m.notice');
    expect(notice.body).toContain('encryption is turned off');
    await bob.send(room, 'Kira, anyone home?');
    await sleep(800);
    expect(bob.seen.filter((m) => m.room_id === room && m.sender === users.kira.userId)).toHaveLength(1);
    expect(stack.logs.some((l) => l.persona_id === personas.kira && l.line.includes('cannot read an encrypted message') && l.line.includes('encryption is off'))).toBe(true);
  });
});
