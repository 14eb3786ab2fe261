// Who was present (docs/memory.md), vector X9, through a real bot process against the test
// homeserver and a real mcp service with no LLM (the offline responder answers): what Bob says in
// a group room is witnessed by Carol, so Aria may recall it to Carol in a DM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotStack, type BotStack, waitFor } from './bot-harness.ts';

let stack: BotStack;

beforeAll(async () => {
  stack = await startBotStack(() => ({ text: 'unused' }), { offline: true });
  await stack.configure('aria', { reply_mode: 'always' });
  const status = await stack.supervisor.start(stack.personas.aria);
  expect(status.state).toBe('running');
  await stack.waitForStatus(stack.personas.aria, (s) => s.synced);
}, 60_000);
afterAll(() => stack?.close());

type Row = { content: string; memory_type: string; witnessed_by: string; source_key: string | null };

describe('group-room witnesses (X9)', () => {
  it('Bob\'s words in a group room name Carol as witness; in a DM Carol asks "What is Bob?" and Aria recalls the fact', async () => {
    const { hs, users } = stack;
    const bob = `matrix:${users.bob.userId}`;
    const carol = `matrix:${users.carol.userId}`;
    const group = hs.createRoom(users.bob.userId, { join: [users.carol.userId], invite: [users.aria.userId] });
    await waitFor(() => hs.membership(group, users.aria.userId) === 'join');
    hs.post(group, users.bob.userId, "I'm a fisherman.");
    await hs.waitForMessage(group, (e) => e.sender === users.aria.userId, 15_000);

    const rows = stack.core.db.sqlite.prepare('SELECT content, memory_type, witnessed_by, source_key FROM memories WHERE participant_key = ?').all(bob) as Row[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(JSON.parse(r.witnessed_by)).toEqual(expect.arrayContaining([bob, carol]));
      expect(JSON.parse(r.witnessed_by)).not.toContain(`matrix:${users.aria.userId}`);
    }

    const dm = hs.createRoom(users.carol.userId, { invite: [users.aria.userId], isDirect: true });
    await waitFor(() => hs.membership(dm, users.aria.userId) === 'join');
    hs.post(dm, users.carol.userId, 'What is Bob?');
    const reply = await hs.waitForMessage(dm, (e) => e.sender === users.aria.userId, 15_000);
    const dmRows = stack.core.db.sqlite.prepare('SELECT witnessed_by FROM memories WHERE participant_key = ?').all(carol) as Row[];
    for (const r of dmRows) expect(JSON.parse(r.witnessed_by)).not.toContain(bob);
    expect(reply.content.body).toBe('I recall that Bob is a fisherman.');
  }, 45_000);
});
