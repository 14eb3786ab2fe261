import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { botStateFile } from '../../../src/services/bot/bot-state-store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionState, invokeOperation, OPERATION_TABLE } from '../../../src/core/index.ts';
import { personaOf, sleep, startBotStack, type BotStack, waitFor } from './bot-harness.ts';

// Real bot processes: restarts that answer nothing twice and nothing late, admin commands scoped
// to the bot's own persona, and two persona bots that leave each other's questions alone.
let stack: BotStack;

beforeAll(async () => {
  stack = await startBotStack((req) => {
    const last = [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    // The second message of the burst is slow, so a kill -9 finds its reply in progress.
    return { text: `${personaOf(req)}: ${last.slice(-40)}`, ...(last.endsWith('message number 2') ? { delayMs: 2_500 } : {}) };
  });
}, 60_000);
afterAll(() => stack?.close());

const botMessages = (room: string, sender: string) => stack.hs.messages(room, sender);

describe('quiet restarts', () => {
  it('a burst beyond the rate limit, then a restart and a kill -9: nothing answered twice, nothing late', async () => {
    const { hs, users, personas } = stack;
    await stack.configure('aria', { max_replies_per_minute: 2 });
    await stack.supervisor.start(personas.aria);
    await stack.waitForStatus(personas.aria, (s) => s.synced);
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    const joins = () => hs.requests.filter((r) => r.startsWith('POST') && r.includes('/join/')).length;
    const joinsBefore = joins();
    for (let i = 1; i <= 6; i += 1) hs.post(room, users.bob.userId, `message number ${i}`);
    // Reply 1 and the busy notice are out, reply 2 is in progress: kill -9 now. The sync token is
    // still before the burst, so the restart sees all six messages again.
    await waitFor(() => botMessages(room, users.aria.userId).length >= 2);
    const pid = (await stack.supervisor.status(personas.aria)).pid as number;
    process.kill(pid, 'SIGKILL');
    const back = await stack.waitForStatus(personas.aria, (s) => s.state === 'running' && s.synced && s.pid !== pid);
    expect(back.restarts).toBe(1);
    const crashed = stack.statuses.find((s) => s.persona_id === personas.aria && s.state === 'backoff');
    expect(crashed?.last_error).toBe('was killed by SIGKILL');
    // Reply 2 was accepted, not declined: the restart answers it once; 3 to 6 were declined for good.
    await waitFor(() => botMessages(room, users.aria.userId).length >= 3);
    await stack.supervisor.restart(personas.aria);
    await stack.waitForStatus(personas.aria, (s) => s.state === 'running' && s.synced);
    await sleep(1_500);
    const seen = botMessages(room, users.aria.userId).map((e) => [e.content.msgtype, e.content.body]);
    expect(seen.sort()).toEqual([
      ['m.notice', "I'm getting a lot of messages — give me a moment."],
      ['m.text', 'Aria: Bob: message number 1'],
      ['m.text', 'Aria: Bob: message number 2'],
    ]);
    expect(joins()).toBe(joinsBefore);
    await stack.supervisor.stop(personas.aria);
  });
});

describe('admin commands', () => {
  it('act only on the bot\'s own persona and are logged with sender and result', async () => {
    const { hs, users, personas, core } = stack;
    const conn = createConnectionState(randomUUID(), 'mcp');
    const store = async (persona: string, content: string) =>
      ((await invokeOperation(OPERATION_TABLE, 'memory.store', { persona_id: persona, content }, { core, connection: conn })) as { memory_id: string }).memory_id;
    const kiras = await store(personas.kira, 'Kira keeps a secret map of the caves.');
    const arias = await store(personas.aria, 'Aria once sang at the harvest fair.');
    await stack.configure('aria', { admins: [users.carol.userId] });
    await stack.supervisor.start(personas.aria);
    await stack.waitForStatus(personas.aria, (s) => s.synced);
    const room = hs.createRoom(users.carol.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    hs.post(room, users.carol.userId, `!persona forget ${kiras}`);
    const refused = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId);
    expect(refused.content.body).toBe(`Memory \`${kiras}\` not found.`);
    const get = async (id: string) => ((await invokeOperation(OPERATION_TABLE, 'memory.get', { memory_id: id }, { core, connection: conn })) as { memory: { archived?: boolean } }).memory;
    expect((await get(kiras)).archived).toBe(false);
    hs.post(room, users.carol.userId, `!persona forget ${arias}`);
    const done = await hs.waitForMessage(room, (e) => e.sender === users.aria.userId && String(e.content.body).startsWith('Forgot'));
    expect(done.content.body).toBe(`Forgot memory \`${arias}\`.`);
    expect((await get(arias)).archived).toBe(true);
    const lines = stack.logs.filter((l) => l.persona_id === personas.aria && l.line.includes('admin command')).map((l) => l.line);
    expect(lines.some((l) => l.includes(users.carol.userId) && l.includes('result=not_found') && l.includes(kiras))).toBe(true);
    expect(lines.some((l) => l.includes(users.carol.userId) && l.includes('result=ok'))).toBe(true);
    await stack.supervisor.stop(personas.aria);
  });
});

describe('group manners', () => {
  it('a question addressed to one persona is not answered by the other', async () => {
    const { hs, users, personas } = stack;
    await stack.configure('aria', { reply_mode: 'smart', max_replies_per_minute: 30 });
    await stack.configure('kira', { reply_mode: 'smart', max_replies_per_minute: 30 });
    await Promise.all([stack.supervisor.start(personas.aria), stack.supervisor.start(personas.kira)]);
    await stack.waitForStatus(personas.aria, (s) => s.synced);
    await stack.waitForStatus(personas.kira, (s) => s.synced);
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId, users.kira.userId] });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join' && hs.membership(room, users.kira.userId) === 'join');
    const questions = ['what is your favourite song?', 'where did you grow up?', 'do you like the rain?', 'who taught you to sing?', 'what will you play tonight?', 'is the tavern open late?'];
    for (const q of questions) {
      hs.post(room, users.bob.userId, `Aria, ${q}`);
      await hs.waitForMessage(room, (e) => e.sender === users.aria.userId && String(e.content.body).includes(q.slice(0, 20)));
    }
    hs.post(room, users.bob.userId, 'can you tell us a story about the caves?', { mentions: [users.kira.userId] });
    await hs.waitForMessage(room, (e) => e.sender === users.kira.userId);
    await sleep(1_000);
    expect(botMessages(room, users.aria.userId)).toHaveLength(questions.length);
    expect(botMessages(room, users.kira.userId)).toHaveLength(1);
  });
});

// Last in this file: it restarts Aria's bot with an older state file.
describe('a reply sent again after a crash', () => {
  it('a reply whose answered mark was lost in a crash is not posted twice', async () => {
    const { hs, users, personas } = stack;
    await stack.configure('aria', { max_replies_per_minute: 20 });
    const file = botStateFile(stack.dataDir, personas.aria);
    // The saved state of before the message (a first run saves one when this test runs alone).
    await stack.supervisor.start(personas.aria);
    await stack.waitForStatus(personas.aria, (s) => s.synced);
    await stack.supervisor.stop(personas.aria);
    const before = readFileSync(file, 'utf8');
    await stack.supervisor.start(personas.aria);
    await stack.waitForStatus(personas.aria, (s) => s.synced);
    const room = hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(room, users.aria.userId) === 'join');
    hs.post(room, users.bob.userId, 'a question answered just before a crash');
    await waitFor(() => botMessages(room, users.aria.userId).length === 1);
    await stack.supervisor.stop(personas.aria);
    // What a kill -9 between the homeserver taking the reply and the bot saving it leaves: the state of
    // before the message (its sync token and answered ids), so the restart answers the message again.
    writeFileSync(file, before);
    await stack.supervisor.start(personas.aria);
    await stack.waitForStatus(personas.aria, (s) => s.state === 'running' && s.synced);
    await waitFor(() => (JSON.parse(readFileSync(file, 'utf8')) as { answered: string[] }).answered.length > (JSON.parse(before) as { answered: string[] }).answered.length);
    await sleep(500);
    const replies = botMessages(room, users.aria.userId).map((e) => e.content.body);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^Aria: .*a question answered just before a crash$/);
    await stack.supervisor.stop(personas.aria);
  });
});
