// The bot's view of the homeserver (an interface, so the bot logic is testable without a server)
// and its implementation over the unmodified matrix-js-sdk. No crypto: bots serve unencrypted rooms.
import {
  ClientEvent, createClient, Method, MatrixError, RoomEvent, RoomMemberEvent, SyncState,
  type MatrixClient, type MatrixEvent, type Room, type RoomMember,
} from 'matrix-js-sdk';
import type { CallFailure } from './bot-policies.ts';
import { readIncoming, type IncomingMessage } from './message-format.ts';

/** What the transport reports while it syncs. */
export interface TransportHandlers {
  /** A text message arrived (live or in the initial sync's timeline). */
  onMessage(message: IncomingMessage): void;
  /** This account was invited to `roomId` by `inviter`. */
  onInvite(roomId: string, inviter: string): void;
  /** A sync completed; `first` on the first one after start. */
  onSync(first: boolean): void;
  /** The sync loop failed (`ERROR`/`RECONNECTING`); the SDK keeps retrying. */
  onSyncError(state: string): void;
}

/** The homeserver operations the bot uses. */
export interface MatrixTransport {
  readonly userId: string;
  start(handlers: TransportHandlers): Promise<void>;
  stop(): void;
  /** The `next_batch` of the last completed sync. */
  syncToken(): string | null;
  /** Messages after `since` (one `/sync` with timeout 0), in order; the raw catch-up after a restart. */
  messagesSince(since: string, limit: number): Promise<IncomingMessage[]>;
  joinRoom(roomIdOrAlias: string): Promise<string>;
  leaveRoom(roomId: string): Promise<void>;
  /** `PUT /rooms/{id}/send/m.room.message/{txnId}`; the same txnId makes a retry idempotent. */
  sendMessage(roomId: string, content: Record<string, unknown>, txnId: string): Promise<string>;
  setTyping(roomId: string, typing: boolean, timeoutMs: number): Promise<void>;
  joinedMemberCount(roomId: string): number;
  /** User ids of the room's joined members (this account included). */
  joinedMembers(roomId: string): string[];
  /** The member's display name in the room, else its user id. */
  displayName(roomId: string, userId: string): string;
  /** Canonical alias and alt aliases of a room (for `allowed_rooms`). */
  roomAliases(roomId: string): string[];
  /** Rooms this account is invited to right now, with their inviter. */
  pendingInvites(): { roomId: string; inviter: string }[];
  /** This account's profile display name (null when unset). */
  ownDisplayName(): Promise<string | null>;
  setOwnDisplayName(name: string): Promise<void>;
}

/** Reads a homeserver error for the retry policy. */
export function toCallFailure(err: unknown): CallFailure {
  if (err instanceof MatrixError) return { status: err.httpStatus, errcode: err.errcode, retryAfterMs: err.getRetryAfterMs?.() ?? (err.data.retry_after_ms as number | undefined) ?? null };
  const status = (err as { httpStatus?: number }).httpStatus;
  return status === undefined ? {} : { status };
}

/** Options of the SDK transport. */
export interface SdkTransportOptions {
  baseUrl: string;
  userId: string;
  accessToken: string;
  deviceId?: string | null;
  /** Timeline events per room in the initial sync (default 20). */
  initialSyncLimit?: number;
}

/** The transport over matrix-js-sdk's MatrixClient. */
export function createSdkTransport(options: SdkTransportOptions): MatrixTransport {
  const client: MatrixClient = createClient({
    baseUrl: options.baseUrl, accessToken: options.accessToken, userId: options.userId,
    ...(options.deviceId ? { deviceId: options.deviceId } : {}),
  });
  const room = (roomId: string): Room | null => client.getRoom(roomId);
  const inviterOf = (member: RoomMember | null): string => member?.events.member?.getSender() ?? '';
  return {
    userId: options.userId,
    async start(h) {
      let first = true;
      client.on(RoomEvent.Timeline, (event: MatrixEvent, r: Room | undefined, toStartOfTimeline: boolean | undefined) => {
        if (toStartOfTimeline) return;
        const message = readIncoming(event.event as Parameters<typeof readIncoming>[0], r?.roomId);
        if (message) h.onMessage(message);
      });
      client.on(RoomMemberEvent.Membership, (event: MatrixEvent, member: RoomMember) => {
        if (member.userId === options.userId && member.membership === 'invite') h.onInvite(member.roomId, event.getSender() ?? '');
      });
      client.on(ClientEvent.Sync, (state: SyncState) => {
        if (state === SyncState.Prepared || state === SyncState.Syncing) {
          const wasFirst = first;
          first = false;
          h.onSync(wasFirst);
        } else if (state === SyncState.Error || state === SyncState.Reconnecting) {
          h.onSyncError(state);
        }
      });
      await client.startClient({ initialSyncLimit: options.initialSyncLimit ?? 20, lazyLoadMembers: false });
    },
    stop: () => client.stopClient(),
    syncToken: () => client.getSyncStateData()?.nextSyncToken ?? client.store.getSyncToken(),
    async messagesSince(since, limit) {
      const filter = JSON.stringify({ room: { timeline: { limit, types: ['m.room.message'] }, state: { lazy_load_members: true } }, presence: { types: [] } });
      const res = await client.http.authedRequest<{ rooms?: { join?: Record<string, { timeline?: { events?: Record<string, unknown>[] } }> } }>(
        Method.Get, '/sync', { since, timeout: '0', filter },
      );
      const out: IncomingMessage[] = [];
      for (const [roomId, joined] of Object.entries(res.rooms?.join ?? {})) {
        for (const ev of joined.timeline?.events ?? []) {
          const m = readIncoming(ev as Parameters<typeof readIncoming>[0], roomId);
          if (m) out.push(m);
        }
      }
      return out.sort((a, b) => a.ts - b.ts);
    },
    async joinRoom(roomIdOrAlias) {
      const res = await client.http.authedRequest<{ room_id: string }>(Method.Post, `/join/${encodeURIComponent(roomIdOrAlias)}`, undefined, {});
      return res.room_id;
    },
    async leaveRoom(roomId) {
      await client.http.authedRequest(Method.Post, `/rooms/${encodeURIComponent(roomId)}/leave`, undefined, {});
    },
    async sendMessage(roomId, content, txnId) {
      const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
      const res = await client.http.authedRequest<{ event_id: string }>(Method.Put, path, undefined, content);
      return res.event_id;
    },
    async setTyping(roomId, typing, timeoutMs) {
      const path = `/rooms/${encodeURIComponent(roomId)}/typing/${encodeURIComponent(options.userId)}`;
      await client.http.authedRequest(Method.Put, path, undefined, typing ? { typing: true, timeout: timeoutMs } : { typing: false });
    },
    joinedMemberCount: (roomId) => room(roomId)?.getJoinedMemberCount() ?? 0,
    joinedMembers: (roomId) => room(roomId)?.getJoinedMembers().map((m) => m.userId) ?? [],
    displayName: (roomId, userId) => room(roomId)?.getMember(userId)?.name ?? userId,
    roomAliases(roomId) {
      const r = room(roomId);
      if (!r) return [];
      return [r.getCanonicalAlias(), ...r.getAltAliases()].filter((a): a is string => Boolean(a));
    },
    async ownDisplayName() {
      const res = await client.getProfileInfo(options.userId, 'displayname');
      return typeof res.displayname === 'string' && res.displayname ? res.displayname : null;
    },
    async setOwnDisplayName(name) {
      await client.setDisplayName(name);
    },
    pendingInvites() {
      return client.getRooms()
        .filter((r) => r.getMyMembership() === 'invite')
        .map((r) => ({ roomId: r.roomId, inviter: inviterOf(r.getMember(options.userId)) }));
    },
  };
}
