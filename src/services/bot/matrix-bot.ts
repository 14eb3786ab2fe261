// One persona's Matrix bot: decides which messages to answer, asks the
// persona through the mcp service, and replies threaded with HTML. Restart-safe: the sync token is
// persisted only once every event before it was handled, and answered event ids are remembered.
import { createHash, randomUUID } from 'node:crypto';
import type { BotConfig } from '../../shared/index.ts';
import type { ModuleLogger } from '../../core/index.ts';
import { mentionsBot, shouldReply } from '../../core/index.ts';
import { parseAdminCommand, runAdminCommand, type PersonaCaller } from './admin-commands.ts';
import { createBotNotices } from './bot-notices.ts';
import {
  createLoopGuard, createRateLimitRetryPolicy, createReplyRateLimiter, withRetry,
  type LoopGuard, type ReplyRateLimiter, type RetryPolicy,
} from './bot-policies.ts';
import { MAX_ANSWERED, type BotState, type BotStateStore } from './bot-state-store.ts';
import { buildReplyContent, stripSurroundingQuotes, type IncomingMessage } from './message-format.ts';
import { toCallFailure, type MatrixTransport, type UndecryptableEvent } from './matrix-transport.ts';

/**
 * The transaction id of a reply, derived from the message it answers. A bot killed after the homeserver
 * took its reply but before it saved the message as answered answers it again after the restart; with
 * the same transaction id (same device) the homeserver keeps the first reply instead of posting a second
 * (a repeated txnId is idempotent in the Matrix client-server API).
 */
function replyTxnId(eventId: string): string {
  return `pmr${createHash('sha256').update(eventId).digest('base64url').slice(0, 22)}`;
}

/** Dependencies of a bot (the factory reads no env). */
export interface MatrixBotDeps {
  config: BotConfig;
  personaId: string;
  personaName: string;
  /** Other persona bots the host runs (added to `config.known_bots`). */
  knownBots?: readonly string[];
  transport: MatrixTransport;
  persona: PersonaCaller;
  store: BotStateStore;
  log: ModuleLogger;
  /** The session's device (remembered, so a password login later reuses it). */
  deviceId?: string | null;
  now?: () => number;
  policies?: { retry?: RetryPolicy; replies?: ReplyRateLimiter; loop?: LoopGuard };
  /** Pause between answering one bot and the next bot message in a room (default 5 s). */
  botCooldownMs?: number;
  /** Sync state changes: true after the first sync (and the catch-up), false while the homeserver is unreachable, true again after. */
  onSyncState?(synced: boolean, detail?: string): void;
}

/** A running bot. */
export interface MatrixBot {
  start(): Promise<void>;
  /** Stops syncing, waits for replies in progress (up to `graceMs`) and saves the state. */
  stop(graceMs?: number): Promise<void>;
  readonly synced: boolean;
  /** Resolves when no reply is in progress. */
  idle(): Promise<void>;
}

const TYPING_TIMEOUT_MS = 30_000;
/** persona.chat takes at most this many witnesses. */
const MAX_WITNESSES = 63;
/** persona.chat tries when the mcp connection drops mid-call (delays doubling from 250 ms: ~30 s in all). */
const CHAT_ATTEMPTS = 8;

/** Creates a bot; nothing happens until start(). */
export function createMatrixBot(deps: MatrixBotDeps): MatrixBot {
  const { config, transport, log } = deps;
  const self = transport.userId;
  const now = deps.now ?? Date.now;
  const retry = deps.policies?.retry ?? createRateLimitRetryPolicy();
  const replies = deps.policies?.replies ?? createReplyRateLimiter(config.max_replies_per_minute, now);
  const loop = deps.policies?.loop ?? createLoopGuard({
    selfId: self, knownBots: [...config.known_bots, ...(deps.knownBots ?? [])], maxBotChain: config.max_bot_chain, cooldownMs: deps.botCooldownMs ?? 5_000, now,
  });
  const admins = new Set(config.admins);
  const ignore = new Set(config.ignore_users);
  let state: BotState = deps.store.load();
  const answered = new Set(state.answered);
  const handled = new Set<string>();
  const roomQueues = new Map<string, Promise<void>>();
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let startedAt = 0;
  let synced = false;
  let stopped = false;
  /** stop() was called: replies in progress finish, nothing new is taken (a restart catches it up). */
  let closing = false;
  let catchUpDone = false;
  let displayName = config.display_name;
  const knownBots = [...config.known_bots, ...(deps.knownBots ?? [])].filter((b) => b !== self);

  const persist = (patch: Partial<BotState>) => {
    const kept = [...answered].slice(-MAX_ANSWERED);
    if (answered.size > 2 * MAX_ANSWERED) {
      answered.clear();
      for (const id of kept) answered.add(id);
    }
    state = { ...state, ...patch, answered: kept, updated_at: new Date(now()).toISOString() };
    try {
      deps.store.save(state);
    } catch (err) {
      log.error({ err }, 'cannot save bot state');
    }
  };
  if (deps.deviceId && deps.deviceId !== state.device_id) persist({ device_id: deps.deviceId });
  /** Records an event the bot decided not to answer, so no restart answers it later. */
  const decline = (m: { event_id: string }) => {
    answered.add(m.event_id);
    persist({});
  };
  const saveTokenIfIdle = () => {
    // A message still being decrypted is not considered yet: the token must not move past it.
    if (inFlight > 0 || !catchUpDone || stopped || closing || (transport.decrypting?.() ?? 0) > 0) return;
    const token = transport.syncToken();
    if (token && token !== state.sync_token) persist({ sync_token: token });
  };
  const track = (work: () => Promise<void>, roomId: string) => {
    inFlight += 1;
    const prev = roomQueues.get(roomId) ?? Promise.resolve();
    const next = prev.then(work).catch((err: unknown) => log.error({ err, room_id: roomId }, 'reply failed')).finally(() => {
      inFlight -= 1;
      if (roomQueues.get(roomId) === next) roomQueues.delete(roomId);
      if (inFlight === 0) {
        saveTokenIfIdle();
        const w = idleWaiters;
        idleWaiters = [];
        for (const fn of w) fn();
      }
    });
    roomQueues.set(roomId, next);
  };

  const roomAllowed = (roomId: string) =>
    config.allowed_rooms.length === 0 || config.allowed_rooms.includes(roomId) || transport.roomAliases(roomId).some((a) => config.allowed_rooms.includes(a));

  const send = (roomId: string, content: Record<string, unknown>, txnId = `pm${now().toString(36)}${randomUUID().slice(0, 8)}`) =>
    withRetry(retry, toCallFailure, () => transport.sendMessage(roomId, content, txnId));
  const notices = createBotNotices({
    log, now,
    sendNotice: async (roomId, text) => void (await send(roomId, { msgtype: 'm.notice', body: text })),
    notifiedRooms: () => state.notified_rooms,
    rememberNotified: (roomId) => persist({ notified_rooms: [...state.notified_rooms, roomId].slice(-1000) }),
  });

  /** Group manners: the message addresses another persona's bot (name at the start, mention, user id). */
  function addressesOther(m: IncomingMessage): boolean {
    return knownBots.some((bot) => {
      if (mentionsBot(m, bot) || m.body.includes(bot)) return true;
      const name = transport.displayName(m.room_id, bot).trim();
      if (!name || name === bot) return false;
      return new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu').test(m.body);
    });
  }

  function mentioned(m: IncomingMessage): boolean {
    if (mentionsBot(m, self) || m.body.includes(self)) return true;
    const name = displayName?.trim() ?? '';
    if (!name) return false;
    return new RegExp(`(^|[^\\p{L}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'iu').test(m.body);
  }

  /** Decides synchronously (arrival order matters for the loop guard) and queues the reply. */
  function consider(m: IncomingMessage, catchUp: boolean): void {
    if (handled.has(m.event_id) || closing) return;
    loop.observe(m.room_id, m.event_id, m.sender);
    // Before the catch-up, an event older than this start is left to it (it knows whether the event
    // was missed); after it, every live event is new whatever its timestamp (remote clock skew).
    if (!catchUp && !catchUpDone && m.ts < startedAt) return;
    handled.add(m.event_id);
    if (handled.size > 5000) handled.delete(handled.values().next().value as string);
    if (m.sender === self || answered.has(m.event_id) || stopped || !roomAllowed(m.room_id)) return;
    const command = parseAdminCommand(m.body);
    if (command) {
      if (admins.has(m.sender)) return track(() => answerCommand(m, command), m.room_id);
      log.info({ room_id: m.room_id, sender: m.sender, command: command.kind, result: 'refused: not an admin' }, 'admin command');
      return decline(m);
    }
    const isBot = loop.isBot(m.sender);
    const direct = transport.joinedMemberCount(m.room_id) === 2;
    // A person writing in a direct room addresses the bot whatever the reply_mode (mode governs group rooms).
    const reply = shouldReply({
      mode: config.reply_mode, body: m.body, sender: m.sender, bot_user_id: self, persona_name: deps.personaName,
      mentioned: mentioned(m) || (direct && !isBot), ignored: ignore.has(m.sender), before_start: false,
      sender_is_known_bot: isBot, bot_chain_exceeded: isBot && loop.blocked(m.room_id), direct_room: direct,
      addressed_to_other: addressesOther(m),
    }, m.event_id);
    if (!reply) return decline(m);
    if (!replies.tryTake(m.room_id)) {
      log.warn({ room_id: m.room_id, event_id: m.event_id }, 'max_replies_per_minute reached; not answering');
      if (direct && !isBot) notices.busy(m.room_id);
      return decline(m);
    }
    if (isBot) loop.answeredBot(m.room_id);
    track(() => answer(m), m.room_id);
  }

  async function answer(m: IncomingMessage): Promise<void> {
    if (answered.has(m.event_id) || stopped) return;
    const stopTyping = startTyping(m.room_id);
    let text: string;
    try {
      const result = await chatWithRetry(m);
      text = stripSurroundingQuotes(result.response);
    } catch (err) {
      log.error({ err, event_id: m.event_id }, 'persona.chat failed; nothing sent');
      await stopTyping();
      return;
    }
    await stopTyping();
    if (!text) return;
    await send(m.room_id, buildReplyContent(text, m), replyTxnId(m.event_id));
    answered.add(m.event_id);
    persist({});
    log.info({ room_id: m.room_id, event_id: m.event_id }, 'answered');
  }

  /**
   * Who else heard a message (docs/memory.md "Whom a persona tells"): in a group room the other joined
   * members, bots included, at most 63; in a direct room nobody.
   */
  function witnessesOf(m: IncomingMessage): { id: string; display_name: string; platform: 'matrix' }[] {
    if (transport.joinedMemberCount(m.room_id) <= 2) return [];
    return transport.joinedMembers(m.room_id).filter((u) => u !== self && u !== m.sender).slice(0, MAX_WITNESSES)
      .map((u) => ({ id: u, display_name: transport.displayName(m.room_id, u).slice(0, 128), platform: 'matrix' as const }));
  }

  async function chatWithRetry(m: IncomingMessage): Promise<{ response: string }> {
    const witnesses = witnessesOf(m);
    const params = {
      persona_id: deps.personaId, message: m.body.slice(0, 8000),
      participant: { id: m.sender, display_name: transport.displayName(m.room_id, m.sender).slice(0, 128), platform: 'matrix' },
      channel: `matrix:${m.room_id}`.slice(0, 256), token_budget: config.token_budget,
      ...(witnesses.length ? { witnesses } : {}),
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await deps.persona.call<{ response: string }>('persona.chat', params);
      } catch (err) {
        // The mcp connection dropped: the client reconnects and a later call waits for it; try again.
        const lost = (err as { code?: string; details?: { reason?: string } }).details?.reason === 'connection_lost';
        if (!lost || attempt >= CHAT_ATTEMPTS || stopped) throw err;
        const delay = 250 * 2 ** (attempt - 1);
        log.warn({ attempt, retry_in_ms: delay }, 'mcp connection lost during persona.chat; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async function answerCommand(m: IncomingMessage, command: NonNullable<ReturnType<typeof parseAdminCommand>>): Promise<void> {
    const result = await runAdminCommand(command, deps.personaId, deps.persona);
    log.info({ room_id: m.room_id, sender: m.sender, command: command.kind, ...('memoryId' in command ? { memory_id: command.memoryId } : {}), result: result.outcome }, 'admin command');
    await send(m.room_id, buildReplyContent(result.text, m, 'm.notice'), replyTxnId(m.event_id));
    answered.add(m.event_id);
    persist({});
  }

  function startTyping(roomId: string): () => Promise<void> {
    if (!config.typing_indicator) return async () => undefined;
    const on = () => transport.setTyping(roomId, true, TYPING_TIMEOUT_MS).catch(() => undefined);
    void on();
    const timer = setInterval(() => void on(), TYPING_TIMEOUT_MS * 0.6);
    return async () => {
      clearInterval(timer);
      await transport.setTyping(roomId, false, 0).catch(() => undefined);
    };
  }

  async function acceptInvite(roomId: string, inviter: string): Promise<void> {
    if (!config.auto_join_invites) {
      log.info({ room_id: roomId, inviter }, 'invite left pending (auto_join_invites is off)');
      return;
    }
    if (ignore.has(inviter)) {
      log.info({ room_id: roomId, inviter }, 'invite from an ignored user refused');
      await transport.leaveRoom(roomId).catch(() => undefined);
      return;
    }
    if (config.allowed_rooms.length && !config.allowed_rooms.includes(roomId) && !transport.roomAliases(roomId).some((a) => config.allowed_rooms.includes(a))) {
      log.info({ room_id: roomId, inviter }, 'invite to a room outside allowed_rooms refused');
      await transport.leaveRoom(roomId).catch(() => undefined);
      return;
    }
    await withRetry(retry, toCallFailure, () => transport.joinRoom(roomId));
    log.info({ room_id: roomId, inviter }, 'joined after invite');
  }

  const invitesSeen = new Set<string>();
  function onInvite(roomId: string, inviter: string): void {
    // Invites of the initial sync are read from the final room state at the first sync (an old
    // invite still in the timeline of a room joined since is no invite); live ones after it.
    if (!catchUpDone || invitesSeen.has(roomId)) return;
    setImmediate(() => {
      if (transport.myMembership(roomId) === 'invite') acceptOnce(roomId, inviter);
    });
  }
  function acceptOnce(roomId: string, inviter: string): void {
    if (invitesSeen.has(roomId)) return;
    invitesSeen.add(roomId);
    acceptInvite(roomId, inviter).catch((err: unknown) => log.warn({ err, room_id: roomId }, 'cannot join invited room')).finally(() => invitesSeen.delete(roomId));
  }

  /** Sets the configured display name on the profile, or learns the profile's (mentions by name count). */
  async function syncProfile(): Promise<void> {
    const current = await transport.ownDisplayName();
    if (config.display_name && current !== config.display_name) await transport.setOwnDisplayName(config.display_name);
    displayName = config.display_name ?? current;
  }

  async function catchUp(): Promise<void> {
    const since = state.sync_token;
    if (!since) return;
    const missed = await transport.messagesSince(since, 100, (e) => unreadable(e, true));
    log.info({ count: missed.length }, 'catch-up after restart');
    for (const m of missed) consider(m, true);
  }

  /** An encrypted message the bot cannot read: logged, and the room told once (never silence). */
  function unreadable(e: UndecryptableEvent, catchUp: boolean): void {
    if (e.sender === self || answered.has(e.event_id) || closing || !roomAllowed(e.room_id)) return;
    if (!catchUp && !catchUpDone && e.ts < startedAt) return;
    notices.undecryptable(e);
    decline(e);
  }

  async function onFirstSync(): Promise<void> {
    for (const inv of transport.pendingInvites()) acceptOnce(inv.roomId, inv.inviter);
    try {
      await catchUp();
    } catch (err) {
      log.warn({ err }, 'catch-up failed; continuing with live events');
    }
    catchUpDone = true;
    synced = true;
    saveTokenIfIdle();
    deps.onSyncState?.(true);
  }

  return {
    async start() {
      startedAt = now();
      await syncProfile().catch((err: unknown) => log.warn({ err }, 'cannot read or set the display name'));
      await transport.start({
        onMessage: (m) => consider(m, false),
        onUndecryptable: (e) => unreadable(e, false),
        onInvite,
        onSync(first) {
          if (first) return void onFirstSync();
          saveTokenIfIdle();
          if (!synced && catchUpDone) {
            synced = true;
            log.info('homeserver sync back');
            deps.onSyncState?.(true);
          }
        },
        onSyncError(s) {
          log.warn({ state: s }, 'homeserver sync failing; retrying');
          if (synced) {
            synced = false;
            deps.onSyncState?.(false, `homeserver sync ${s.toLowerCase()}`);
          }
        },
      });
    },
    async stop(graceMs = 5_000) {
      if (stopped || closing) return;
      closing = true;
      await Promise.race([this.idle(), new Promise((r) => setTimeout(r, graceMs))]);
      await transport.stop();
      stopped = true;
      persist({});
    },
    get synced() { return synced; },
    idle() {
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
