// A minimal Matrix homeserver for tests (the allowed fake at the outer edge). It speaks
// the client-server API the unmodified matrix-js-sdk uses; tests drive it through this TypeScript API.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleRequest, type HsKnobs } from './hs-routes.ts';
import { HsState, type RoomEvent, type TypingRecord } from './hs-state.ts';

export type { RoomEvent, TypingRecord } from './hs-state.ts';

/** How a test user posts a message. */
export interface PostOptions {
  /** `m.mentions.user_ids`; each also becomes a pill in `formatted_body` unless `formatted` is given. */
  mentions?: string[];
  formatted?: string;
  /** Event id this message replies to (`m.in_reply_to`). */
  replyTo?: string;
  /** Thread root: the message is posted in that thread (`rel_type: m.thread`). */
  threadRoot?: string;
}

/** A registered test user. */
export interface TestUser { userId: string; accessToken: string; password: string }

/** The test-control API of a running homeserver. */
export interface TestHomeserver {
  readonly url: string;
  readonly port: number;
  readonly serverName: string;
  registerUser(localpart: string, options?: { password?: string; displayName?: string }): TestUser;
  /** Creates a room as `creator`; `join` users are joined at once, `invite` users invited. */
  /** `encrypted` adds `m.room.encryption` (megolm) to the initial state. */
  createRoom(creator: string, options?: { name?: string; alias?: string; join?: string[]; invite?: string[]; isDirect?: boolean; encrypted?: boolean }): string;
  /** Logs `userId` in on a new device (or `deviceId`); the returned token is that device's. */
  login(userId: string, deviceId?: string): { accessToken: string; deviceId: string };
  /** Invalidates an access token (a revoked session). */
  revokeToken(accessToken: string): void;
  /** The devices of `userId` with published keys. */
  devices(userId: string): string[];
  invite(roomId: string, inviter: string, invitee: string): void;
  join(roomId: string, userId: string): void;
  leave(roomId: string, userId: string): void;
  /** Appends any room event as `sender` (e.g. an `m.room.encrypted` whose keys nobody has); returns its id. */
  sendEvent(roomId: string, sender: string, type: string, content: Record<string, unknown>): string;
  /** Posts an `m.room.message` as `sender`; returns the event id. */
  post(roomId: string, sender: string, body: string, options?: PostOptions): string;
  timeline(roomId: string): RoomEvent[];
  /** The room's `m.room.message` events (optionally of one sender). */
  messages(roomId: string, sender?: string): RoomEvent[];
  /** Resolves with the first message matching `match` (already present or arriving within `timeoutMs`). */
  waitForMessage(roomId: string, match: (e: RoomEvent) => boolean, timeoutMs?: number): Promise<RoomEvent>;
  membership(roomId: string, userId: string): string | null;
  readonly typingLog: readonly TypingRecord[];
  /** The next `sends` message sends answer 429 M_LIMIT_EXCEEDED with `retry_after_ms`. */
  limitSends(sends: number, retryAfterMs: number): void;
  /** How many sends were refused with 429 so far. */
  readonly rateLimited: number;
  /** Requests to endpoints this server does not implement (`METHOD path`). */
  readonly unknownRequests: readonly string[];
  readonly requests: readonly string[];
  /** Stops listening (open connections are cut); the state is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a homeserver on 127.0.0.1 (port 0 = any free port). */
export async function startTestHomeserver(options: { serverName?: string; port?: number } = {}): Promise<TestHomeserver> {
  const state = new HsState(options.serverName ?? 'test.local');
  const knobs: HsKnobs = { rateLimit: { sends: 0, retryAfterMs: 0 }, rateLimited: 0, unknown: [], requests: [] };
  let server: Server | null = null;
  let sockets = new Set<Socket>();
  let port = options.port ?? 0;

  const listen = async (): Promise<void> => {
    const s = createServer((req, res) => {
      handleRequest(state, knobs, req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: 'M_UNKNOWN', error: String(e) }));
      });
    });
    const own = new Set<Socket>();
    sockets = own;
    s.on('connection', (sock) => {
      own.add(sock);
      sock.once('close', () => own.delete(sock));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  await listen();

  const user = (userId: string) => {
    if (!state.users.has(userId)) throw new Error(`unknown user ${userId}`);
    return userId;
  };

  const hs: TestHomeserver = {
    get url() { return `http://127.0.0.1:${port}`; },
    get port() { return port; },
    serverName: state.serverName,
    registerUser(localpart, o = {}) {
      const password = o.password ?? `pw-${localpart}`;
      const u = state.register(localpart, password, o.displayName ?? null);
      return { userId: u.userId, accessToken: state.issueToken(u.userId).accessToken, password };
    },
    createRoom(creator, o = {}) {
      const room = state.createRoom(user(creator), o);
      for (const id of o.join ?? []) state.setMembership(room.roomId, user(id), id, 'join');
      for (const id of o.invite ?? []) state.setMembership(room.roomId, creator, id, 'invite', o.isDirect ? { is_direct: true } : {});
      return room.roomId;
    },
    login: (userId, deviceId) => state.issueToken(user(userId), deviceId),
    revokeToken: (accessToken) => void state.tokens.delete(accessToken),
    devices: (userId) => [...(state.keys.devices.get(userId)?.values() ?? [])].filter((d) => d.keys).map((d) => d.deviceId),
    invite: (roomId, inviter, invitee) => void state.setMembership(roomId, inviter, invitee, 'invite'),
    join: (roomId, userId) => void state.setMembership(roomId, user(userId), userId, 'join'),
    leave: (roomId, userId) => void state.setMembership(roomId, userId, userId, 'leave'),
    sendEvent: (roomId, sender, type, content) => state.append(roomId, { type, sender: user(sender), content }).event_id,
    post(roomId, sender, body, o = {}) {
      const content: Record<string, unknown> = { msgtype: 'm.text', body };
      const pills = (o.mentions ?? []).map((id) => `<a href="https://matrix.to/#/${id}">${state.users.get(id)?.displayname ?? id}</a>`);
      if (o.formatted || pills.length) {
        content.format = 'org.matrix.custom.html';
        content.formatted_body = o.formatted ?? `${pills.join(' ')} ${body}`;
      }
      if (o.mentions) content['m.mentions'] = { user_ids: o.mentions };
      if (o.threadRoot) {
        content['m.relates_to'] = { rel_type: 'm.thread', event_id: o.threadRoot, is_falling_back: !o.replyTo, 'm.in_reply_to': { event_id: o.replyTo ?? o.threadRoot } };
      } else if (o.replyTo) {
        content['m.relates_to'] = { 'm.in_reply_to': { event_id: o.replyTo } };
      }
      return state.append(roomId, { type: 'm.room.message', sender: user(sender), content }).event_id;
    },
    timeline: (roomId) => (state.rooms.get(roomId)?.timeline ?? []).map((t) => t.event),
    messages: (roomId, sender) => hs.timeline(roomId).filter((e) => e.type === 'm.room.message' && (!sender || e.sender === sender)),
    async waitForMessage(roomId, match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = hs.messages(roomId).find(match);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching message in ${roomId} within ${timeoutMs} ms`);
        await state.waitForChange(left);
      }
    },
    membership: (roomId, userId) => state.membership(roomId, userId),
    get typingLog() { return state.typingLog; },
    limitSends(sends, retryAfterMs) {
      knobs.rateLimit = { sends, retryAfterMs };
    },
    get rateLimited() { return knobs.rateLimited; },
    get unknownRequests() { return knobs.unknown; },
    get requests() { return knobs.requests; },
    async stop() {
      const s = server;
      if (!s) return;
      server = null;
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: async () => {
      if (!server) await listen();
    },
    close: () => hs.stop(),
  };
  return hs;
}
