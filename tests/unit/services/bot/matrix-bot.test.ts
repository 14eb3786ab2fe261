import { describe, expect, it } from 'vitest';
import { BotConfigSchema, type BotConfig } from '../../../../src/shared/index.ts';
import { getLogger } from '../../../../src/core/index.ts';
import {
  createMatrixBot, createMemoryBotStateStore, type IncomingMessage, type MatrixTransport, type TransportHandlers,
} from '../../../../src/services/bot/index.ts';

// The bot logic against an in-memory transport (the Matrix edge) and a recording persona caller.
const SELF = '@aria:x';

function fakeTransport(members = 2) {
  let handlers: TransportHandlers | null = null;
  let token = 's1';
  const sent: { roomId: string; content: Record<string, unknown>; txnId: string }[] = [];
  const typing: boolean[] = [];
  const joined: string[] = [];
  const left: string[] = [];
  const missed: IncomingMessage[] = [];
  let failSends = 0;
  let profileName: string | null = 'Aria the Bard';
  const transport: MatrixTransport = {
    userId: SELF,
    async start(h) { handlers = h; },
    stop() {},
    syncToken: () => token,
    async messagesSince() { return missed; },
    async joinRoom(id) { joined.push(id); return id; },
    async leaveRoom(id) { left.push(id); },
    async sendMessage(roomId, content, txnId) {
      if (failSends > 0) {
        failSends -= 1;
        throw Object.assign(new Error('limited'), { httpStatus: 429 });
      }
      sent.push({ roomId, content, txnId });
      return `$sent${sent.length}`;
    },
    async setTyping(_r, t) { typing.push(t); },
    joinedMemberCount: () => members,
    joinedMembers: () => [SELF, '@bob:x', ...Array.from({ length: Math.max(0, members - 2) }, (_, i) => `@m${i}:x`)].slice(0, members),
    myMembership: (roomId) => (joined.includes(roomId) ? 'join' : 'invite'),
    displayName: (_r, u) => (u === '@bob:x' ? 'Bob' : u),
    roomAliases: () => [],
    pendingInvites: () => [],
    async ownDisplayName() { return profileName; },
    async setOwnDisplayName(name) { profileName = name; },
  };
  return {
    transport, sent, typing, joined, left, missed,
    get h() { return handlers as TransportHandlers; },
    get profileName() { return profileName; },
    setToken(t: string) { token = t; },
    failNextSends(n: number) { failSends = n; },
  };
}

const config = (over: Partial<BotConfig> = {}): BotConfig => BotConfigSchema.parse({
  persona_id: '00000000-0000-4000-8000-000000000001', homeserver_url: 'http://hs', user_id: SELF, has_access_token: true, has_password: false, ...over,
});

let seq = 0;
const msg = (body: string, over: Partial<IncomingMessage> = {}): IncomingMessage => ({
  event_id: `$e${++seq}`, room_id: '!r:x', sender: '@bob:x', ts: Date.now() + 1000, body, formatted_body: null, mention_user_ids: null, thread_root: null, ...over,
});

function setup(over: Partial<BotConfig> = {}, members = 2, initial = {}) {
  const t = fakeTransport(members);
  const store = createMemoryBotStateStore(initial);
  const calls: Record<string, unknown>[] = [];
  let fail = false;
  const persona = {
    async call<T>(method: string, params?: Record<string, unknown>): Promise<T> {
      calls.push({ method, ...params });
      if (fail) throw new Error('llm down');
      return { response: `"reply to ${String(params?.message)}"` } as T;
    },
  };
  const syncStates: boolean[] = [];
  const bot = createMatrixBot({
    config: config(over), personaId: 'p1', personaName: 'Aria', transport: t.transport, persona, store, log: getLogger('test.bot'),
    policies: { retry: { delayFor: (_f, attempt) => (attempt < 3 ? 1 : null) } },
    onSyncState: (v) => { syncStates.push(v); },
  });
  return { t, store, calls, bot, syncStates, failChat() { fail = true; } };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('createMatrixBot', () => {
  it('answers a DM through persona.chat with the participant, channel and token budget, and persists', async () => {
    const s = setup({ token_budget: 123 });
    await s.bot.start();
    s.t.h.onSync(true);
    await tick();
    expect(s.syncStates).toEqual([true]);
    s.t.h.onSyncError('RECONNECTING');
    s.t.h.onSyncError('ERROR');
    s.t.h.onSync(false);
    expect(s.syncStates).toEqual([true, false, true]);
    expect(s.bot.synced).toBe(true);
    const m = msg('hello there');
    s.t.h.onMessage(m);
    await s.bot.idle();
    expect(s.calls).toEqual([{ method: 'persona.chat', persona_id: 'p1', message: 'hello there', participant: { id: '@bob:x', display_name: 'Bob', platform: 'matrix' }, channel: 'matrix:!r:x', token_budget: 123 }]);
    expect(s.t.sent[0]?.content.body).toBe('reply to hello there');
    expect(s.t.typing).toEqual([true, false]);
    expect(s.store.current.answered).toEqual([m.event_id]);
    expect(s.store.current.sync_token).toBe('s1');
  });

  it('passes the other joined members of a group room as witnesses (at most 63, bots included), none in a DM', async () => {
    const s = setup({ reply_mode: 'always' }, 4);
    await s.bot.start();
    s.t.h.onSync(true);
    s.t.h.onMessage(msg("I'm a fisherman."));
    await s.bot.idle();
    expect(s.calls[0]?.witnesses).toEqual([
      { id: '@m0:x', display_name: '@m0:x', platform: 'matrix' }, { id: '@m1:x', display_name: '@m1:x', platform: 'matrix' },
    ]);
    const big = setup({ reply_mode: 'always' }, 100);
    await big.bot.start();
    big.t.h.onSync(true);
    big.t.h.onMessage(msg('Hello everyone.'));
    await big.bot.idle();
    const w = big.calls[0]?.witnesses as { id: string }[];
    expect(w).toHaveLength(63);
    expect(w.map((x) => x.id)).not.toContain(SELF);
    expect(w.map((x) => x.id)).not.toContain('@bob:x');
    const dm = setup({}, 2);
    await dm.bot.start();
    dm.t.h.onSync(true);
    dm.t.h.onMessage(msg('Just us.'));
    await dm.bot.idle();
    expect(dm.calls[0]).not.toHaveProperty('witnesses');
  });

  it('skips events from before its start, but the catch-up answers what arrived after the saved token', async () => {
    const old = msg('old news', { ts: 1 });
    const missed = msg('while you were away', { ts: 2 });
    const s = setup({}, 2, { sync_token: 's0', answered: [] });
    s.t.missed.push(old, missed);
    await s.bot.start();
    s.t.h.onMessage(old);
    s.t.h.onMessage(msg('ancient', { ts: 0 }));
    s.t.h.onSync(true);
    await tick();
    await s.bot.idle();
    expect(s.t.sent.map((x) => x.content.body)).toEqual(['reply to old news', 'reply to while you were away']);
  });

  it('never answers an event already answered in an earlier run', async () => {
    const m = msg('again?', { ts: 1 });
    const s = setup({}, 2, { sync_token: 's0', answered: [m.event_id] });
    s.t.missed.push(m);
    await s.bot.start();
    s.t.h.onSync(true);
    await tick();
    await s.bot.idle();
    expect(s.t.sent).toEqual([]);
  });

  it('in a group room answers per reply_mode, and respects ignore_users and max_replies_per_minute', async () => {
    const s = setup({ reply_mode: 'mention', ignore_users: ['@troll:x'], max_replies_per_minute: 2 }, 5);
    await s.bot.start();
    s.t.h.onSync(true);
    s.t.h.onMessage(msg('anyone around?'));
    s.t.h.onMessage(msg('hey @aria:x', { sender: '@troll:x' }));
    for (let i = 0; i < 3; i += 1) s.t.h.onMessage(msg(`sing @aria please ${i}`));
    s.t.h.onMessage(msg('pill', { mention_user_ids: [SELF] }));
    await s.bot.idle();
    expect(s.t.sent.map((x) => x.content.body)).toEqual(['reply to sing @aria please 0', 'reply to sing @aria please 1']);
  });

  it('counts its display name as a mention and sets the configured one on its profile', async () => {
    const s = setup({ reply_mode: 'mention' }, 5);
    await s.bot.start();
    s.t.h.onSync(true);
    s.t.h.onMessage(msg('I think Aria the Bard knows this one'));
    s.t.h.onMessage(msg('I think the bard knows'));
    await s.bot.idle();
    expect(s.t.sent.map((x) => x.content.body)).toEqual(['reply to I think Aria the Bard knows this one']);
    const r = setup({ display_name: 'Aria of the Coast' });
    await r.bot.start();
    expect(r.t.profileName).toBe('Aria of the Coast');
  });

  it('sends nothing when persona.chat fails, and retries a rate-limited send with the same txn id', async () => {
    const s = setup();
    await s.bot.start();
    s.t.h.onSync(true);
    s.failChat();
    s.t.h.onMessage(msg('are you ok?'));
    await s.bot.idle();
    expect(s.t.sent).toEqual([]);
    expect(s.t.typing).toEqual([true, false]);

    const r = setup();
    await r.bot.start();
    r.t.h.onSync(true);
    r.t.failNextSends(2);
    r.t.h.onMessage(msg('hi'));
    await r.bot.idle();
    expect(r.t.sent).toHaveLength(1);
  });

  it('joins invites, refusing ignored inviters and rooms outside allowed_rooms', async () => {
    const s = setup({ ignore_users: ['@troll:x'], allowed_rooms: ['!ok:x'] });
    await s.bot.start();
    // An invite event replayed by the initial sync is no invite: the first sync reads the rooms' final state.
    s.t.h.onInvite('!ok:x', '@bob:x');
    await tick();
    expect(s.t.joined).toEqual([]);
    s.t.h.onSync(true);
    await tick();
    s.t.h.onInvite('!ok:x', '@bob:x');
    s.t.h.onInvite('!other:x', '@bob:x');
    s.t.h.onInvite('!ok2:x', '@troll:x');
    await tick();
    expect(s.t.joined).toEqual(['!ok:x']);
    expect(s.t.left.sort()).toEqual(['!ok2:x', '!other:x']);
  });

  it('stops answering another bot after max_bot_chain consecutive bot messages', async () => {
    const s = setup({ known_bots: ['@kira:x'], max_bot_chain: 2 }, 3);
    await s.bot.start();
    s.t.h.onSync(true);
    s.t.h.onMessage(msg('Aria, a song?'));
    s.t.h.onMessage(msg('mine', { sender: SELF }));
    s.t.h.onMessage(msg('Aria, your turn', { sender: '@kira:x' }));
    await s.bot.idle();
    expect(s.t.sent.map((x) => x.content.body)).toEqual(['reply to Aria, a song?']);
  });

  it('keeps the saved sync token while a reply is in progress', async () => {
    const s = setup();
    await s.bot.start();
    s.t.h.onSync(true);
    await tick();
    s.t.setToken('s2');
    s.t.h.onMessage(msg('slow one'));
    s.t.h.onSync(false);
    expect(s.store.current.sync_token).toBe('s1');
    await s.bot.idle();
    expect(s.store.current.sync_token).toBe('s2');
  });
});
