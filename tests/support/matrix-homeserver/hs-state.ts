// In-memory state of the test homeserver: users, rooms, one global event stream, typing, and the
// `/sync` response builder. Stream positions are integers; `next_batch` is the position as text.
import { randomBytes } from 'node:crypto';
import { HsKeys } from './hs-keys.ts';

/** A client event as the client-server API returns it. */
export interface RoomEvent {
  event_id: string;
  room_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  state_key?: string;
  unsigned?: Record<string, unknown>;
}

/** A registered account. */
export interface HsUser {
  userId: string;
  password: string | null;
  displayname: string | null;
  avatar_url: string | null;
  accountData: Map<string, unknown>;
  filters: Map<string, unknown>;
}

/** A room: its current state, timeline (with stream positions) and typing users. */
export interface HsRoom {
  roomId: string;
  state: Map<string, RoomEvent>;
  timeline: { pos: number; event: RoomEvent }[];
  typing: Set<string>;
  typingPos: number;
}

/** One typing notification as a client sent it (test inspection). */
export interface TypingRecord { roomId: string; userId: string; typing: boolean; at: number }

const stateKey = (type: string, key: string) => `${type}\u0000${key}`;
const rand = (n = 12) => randomBytes(n).toString('base64url');

/** The whole server state; survives a stop/start of the HTTP listener. */
export class HsState {
  readonly serverName: string;
  readonly users = new Map<string, HsUser>();
  readonly tokens = new Map<string, { userId: string; deviceId: string }>();
  readonly rooms = new Map<string, HsRoom>();
  readonly aliases = new Map<string, string>();
  readonly txns = new Map<string, string>();
  readonly typingLog: TypingRecord[] = [];
  pos = 1;
  private wakers = new Set<() => void>();
  /** Device keys, one-time keys, to-device queues (E2EE). */
  readonly keys = new HsKeys(() => {
    this.pos += 1;
    this.wake();
    return this.pos;
  });

  constructor(serverName: string) {
    this.serverName = serverName;
  }

  /** Registers `@localpart:server`. */
  register(localpart: string, password: string | null, displayname: string | null): HsUser {
    const userId = `@${localpart}:${this.serverName}`;
    const user: HsUser = { userId, password, displayname, avatar_url: null, accountData: new Map(), filters: new Map() };
    this.users.set(userId, user);
    return user;
  }

  /** Issues an access token for `userId`. */
  issueToken(userId: string, deviceId = `DEV${rand(4)}`): { accessToken: string; deviceId: string } {
    const accessToken = `syt_${rand(18)}`;
    // Like the spec's /login: a token issued for an existing device replaces the device's old token.
    for (const [t, owner] of this.tokens) if (owner.userId === userId && owner.deviceId === deviceId) this.tokens.delete(t);
    this.tokens.set(accessToken, { userId, deviceId });
    this.keys.device(userId, deviceId);
    return { accessToken, deviceId };
  }

  /** Wakes every waiting `/sync` long-poll. */
  wake(): void {
    const list = [...this.wakers];
    this.wakers.clear();
    for (const w of list) w();
  }

  /** Resolves on the next change or after `ms` (whichever first). */
  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakers.delete(done);
        resolve();
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.wakers.add(done);
    });
  }

  /** Appends an event to a room (state events also update the room state). */
  append(roomId: string, partial: Omit<RoomEvent, 'event_id' | 'room_id' | 'origin_server_ts'>): RoomEvent {
    const room = this.rooms.get(roomId);
    if (!room) throw new Error(`unknown room ${roomId}`);
    const event: RoomEvent = { event_id: `$${rand()}`, room_id: roomId, origin_server_ts: Date.now(), ...partial };
    this.pos += 1;
    room.timeline.push({ pos: this.pos, event });
    if (event.state_key !== undefined) room.state.set(stateKey(event.type, event.state_key), event);
    this.wake();
    return event;
  }

  /** Creates a room with `creator` joined. */
  createRoom(creator: string, options: { name?: string; alias?: string; isDirect?: boolean; encrypted?: boolean } = {}): HsRoom {
    const roomId = `!${rand(9)}:${this.serverName}`;
    const room: HsRoom = { roomId, state: new Map(), timeline: [], typing: new Set(), typingPos: 0 };
    this.rooms.set(roomId, room);
    this.append(roomId, { type: 'm.room.create', sender: creator, state_key: '', content: { creator, room_version: '10' } });
    this.setMembership(roomId, creator, creator, 'join');
    this.append(roomId, { type: 'm.room.power_levels', sender: creator, state_key: '', content: { users: { [creator]: 100 }, users_default: 0, events_default: 0, state_default: 50 } });
    this.append(roomId, { type: 'm.room.join_rules', sender: creator, state_key: '', content: { join_rule: options.isDirect ? 'invite' : 'public' } });
    if (options.name) this.append(roomId, { type: 'm.room.name', sender: creator, state_key: '', content: { name: options.name } });
    if (options.alias) {
      const alias = `#${options.alias}:${this.serverName}`;
      this.aliases.set(alias, roomId);
      this.append(roomId, { type: 'm.room.canonical_alias', sender: creator, state_key: '', content: { alias } });
    }
    if (options.encrypted) this.append(roomId, { type: 'm.room.encryption', sender: creator, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } });
    return room;
  }

  /** Current membership of `userId` in a room, or null. */
  membership(roomId: string, userId: string): string | null {
    const ev = this.rooms.get(roomId)?.state.get(stateKey('m.room.member', userId));
    return ev ? String(ev.content.membership) : null;
  }

  /** Writes a membership event (join/invite/leave). */
  setMembership(roomId: string, sender: string, target: string, membership: 'join' | 'invite' | 'leave', extra: Record<string, unknown> = {}): RoomEvent {
    const user = this.users.get(target);
    const content: Record<string, unknown> = { membership, ...extra };
    if (membership === 'join' && user?.displayname) content.displayname = user.displayname;
    return this.append(roomId, { type: 'm.room.member', sender, state_key: target, content });
  }

  /** Users whose membership is `join`. */
  joinedMembers(roomId: string): string[] {
    const room = this.rooms.get(roomId);
    if (!room) return [];
    return [...room.state.values()].filter((e) => e.type === 'm.room.member' && e.content.membership === 'join').map((e) => e.state_key as string);
  }

  /** Sets a user's typing flag and records it. */
  setTyping(roomId: string, userId: string, typing: boolean): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    this.typingLog.push({ roomId, userId, typing, at: Date.now() });
    if (typing) room.typing.add(userId);
    else room.typing.delete(userId);
    this.pos += 1;
    room.typingPos = this.pos;
    this.wake();
  }

  /** Builds the `/sync` response of `userId` since `since` (null: initial sync), or null when nothing changed. */
  buildSync(userId: string, deviceId: string, since: number | null, timelineLimit: number): Record<string, unknown> | null {
    const join: Record<string, unknown> = {};
    const invite: Record<string, unknown> = {};
    const leave: Record<string, unknown> = {};
    for (const room of this.rooms.values()) {
      const member = room.state.get(stateKey('m.room.member', userId));
      if (!member) continue;
      const memberPos = room.timeline.find((t) => t.event === member)?.pos ?? 0;
      const m = member.content.membership;
      if (m === 'join') {
        const fresh = since === null || memberPos > since;
        const newer = room.timeline.filter((t) => fresh || t.pos > (since as number)).map((t) => t.event);
        const typingChanged = since !== null && room.typingPos > since;
        if (!fresh && newer.length === 0 && !typingChanged) continue;
        const timeline = newer.slice(-timelineLimit);
        const inTimeline = new Set(timeline.map((e) => e.event_id));
        const state = fresh ? [...room.state.values()].filter((e) => !inTimeline.has(e.event_id)) : [];
        const first = room.timeline.findIndex((t) => t.event === timeline[0]);
        join[room.roomId] = {
          timeline: { events: timeline, limited: newer.length > timeline.length, prev_batch: `p${Math.max(0, first)}` },
          state: { events: state },
          ephemeral: { events: [{ type: 'm.typing', content: { user_ids: [...room.typing] } }] },
          account_data: { events: [] },
          summary: { 'm.joined_member_count': this.joinedMembers(room.roomId).length, 'm.invited_member_count': 0 },
          unread_notifications: { highlight_count: 0, notification_count: 0 },
        };
      } else if (m === 'invite' && (since === null || memberPos > since)) {
        const stripped = [...room.state.values()]
          .filter((e) => ['m.room.create', 'm.room.name', 'm.room.join_rules', 'm.room.canonical_alias'].includes(e.type) || e.state_key === userId || e.state_key === member.sender)
          .map((e) => ({ type: e.type, state_key: e.state_key, sender: e.sender, content: e.content }));
        invite[room.roomId] = { invite_state: { events: stripped } };
      } else if (m === 'leave' && since !== null && memberPos > since) {
        leave[room.roomId] = { timeline: { events: [member], limited: false }, state: { events: [] } };
      }
    }
    const deviceLists = this.deviceListChanges(userId, since);
    const toDevice = this.keys.toDevice(userId, deviceId, since);
    const empty = !Object.keys(join).length && !Object.keys(invite).length && !Object.keys(leave).length
      && !toDevice.length && !deviceLists.changed.length && !deviceLists.left.length;
    if (since !== null && empty) return null;
    const device = this.keys.device(userId, deviceId);
    return {
      next_batch: String(this.pos),
      rooms: { join, invite, leave },
      account_data: { events: [] },
      presence: { events: [] },
      to_device: { events: toDevice },
      device_lists: deviceLists,
      device_one_time_keys_count: this.keys.counts(device),
      device_unused_fallback_key_types: this.keys.unusedFallbackTypes(device),
    };
  }

  /**
   * `device_lists` of a sync since `since`: users sharing a room with `userId` (itself included)
   * whose devices changed or who started sharing a room after `since`; `left`: users who stopped
   * sharing every room after `since`.
   */
  deviceListChanges(userId: string, since: number | null): { changed: string[]; left: string[] } {
    if (since === null) return { changed: [], left: [] };
    const changed = new Set<string>();
    const sharing = new Set<string>([userId]);
    const leftCandidates = new Set<string>();
    for (const room of this.rooms.values()) {
      if (this.membership(room.roomId, userId) !== 'join') continue;
      const joinedAt = this.memberPos(room, userId);
      for (const ev of room.state.values()) {
        if (ev.type !== 'm.room.member') continue;
        const other = ev.state_key as string;
        const pos = this.memberPos(room, other);
        if (ev.content.membership === 'join') {
          sharing.add(other);
          if (pos > since || joinedAt > since) changed.add(other);
        } else if (pos > since) {
          leftCandidates.add(other);
        }
      }
    }
    for (const u of sharing) if ((this.keys.changedAt.get(u) ?? 0) > since) changed.add(u);
    return { changed: [...changed], left: [...leftCandidates].filter((u) => !sharing.has(u)) };
  }

  private memberPos(room: HsRoom, userId: string): number {
    const ev = room.state.get(stateKey('m.room.member', userId));
    return room.timeline.find((t) => t.event === ev)?.pos ?? 0;
  }
}
