// The bot's view of the homeserver (an interface, so the bot logic is testable without a server)
// and its implementation over the unmodified matrix-js-sdk, with its Rust crypto for encrypted
// rooms when the bot's `encryption` is on (the store persisted by crypto-store.ts).
import {
  ClientEvent, createClient, EventType, Method, MatrixError, MatrixEvent, MatrixEventEvent, RoomEvent, RoomMemberEvent, SyncState,
  type MatrixClient, type Room, type RoomMember,
} from 'matrix-js-sdk';
import type { CallFailure } from './bot-policies.ts';
import type { CryptoStorePersistence } from './crypto-store.ts';
import { readIncoming, type IncomingMessage } from './message-format.ts';

/** An encrypted event the bot could not read. */
export interface UndecryptableEvent {
  event_id: string;
  room_id: string;
  sender: string;
  ts: number;
  /** Why: `encryption is off for this bot`, or the crypto's decryption failure. */
  reason: string;
}

/** What the transport reports while it syncs. */
export interface TransportHandlers {
  /** A text message arrived (live or in the initial sync's timeline). */
  onMessage(message: IncomingMessage): void;
  /** This account was invited to `roomId` by `inviter`. */
  onInvite(roomId: string, inviter: string): void;
  /** An encrypted message could not be decrypted (after waiting for late keys), or encryption is off. */
  onUndecryptable(event: UndecryptableEvent): void;
  /** A sync completed; `first` on the first one after start. */
  onSync(first: boolean): void;
  /** The sync loop failed (`ERROR`/`RECONNECTING`); the SDK keeps retrying. */
  onSyncError(state: string): void;
}

/** The homeserver operations the bot uses. */
export interface MatrixTransport {
  readonly userId: string;
  start(handlers: TransportHandlers): Promise<void>;
  /** Stops syncing (and saves the encryption store). */
  stop(): void | Promise<void>;
  /** The `next_batch` of the last completed sync. */
  syncToken(): string | null;
  /** Encrypted events still being decrypted (their messages are not delivered yet); absent = none. */
  decrypting?(): number;
  /** Messages after `since` (one `/sync` with timeout 0), in order, decrypted; the raw catch-up after a restart. */
  messagesSince(since: string, limit: number, onUndecryptable?: (event: UndecryptableEvent) => void): Promise<IncomingMessage[]>;
  joinRoom(roomIdOrAlias: string): Promise<string>;
  leaveRoom(roomId: string): Promise<void>;
  /** `PUT /rooms/{id}/send/m.room.message/{txnId}`; the same txnId makes a retry idempotent. */
  sendMessage(roomId: string, content: Record<string, unknown>, txnId: string): Promise<string>;
  setTyping(roomId: string, typing: boolean, timeoutMs: number): Promise<void>;
  joinedMemberCount(roomId: string): number;
  /** User ids of the room's joined members (this account included). */
  joinedMembers(roomId: string): string[];
  /** This account's membership in a room as the client knows it (`join`, `invite`, …), null when unknown. */
  myMembership(roomId: string): string | null;
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
  /** End-to-end encryption: the persisted Rust crypto store; null or absent = encryption off. */
  crypto?: { persistence: CryptoStorePersistence; databasePrefix: string } | null;
  /** How long an undecryptable event waits for its room key before it is reported (default 5 s). */
  keyWaitMs?: number;
}

type RawEvent = Parameters<typeof readIncoming>[0];
const OFF = 'encryption is off for this bot';


/** The transport over matrix-js-sdk's MatrixClient. */
export function createSdkTransport(options: SdkTransportOptions): MatrixTransport {
  const client: MatrixClient = createClient({
    baseUrl: options.baseUrl, accessToken: options.accessToken, userId: options.userId,
    ...(options.deviceId ? { deviceId: options.deviceId } : {}),
  });
  const room = (roomId: string): Room | null => client.getRoom(roomId);
  const inviterOf = (member: RoomMember | null): string => member?.events.member?.getSender() ?? '';
  const crypto = options.crypto ?? null;
  const keyWaitMs = options.keyWaitMs ?? 5_000;
  let decrypting = 0;
  const plainOf = (event: MatrixEvent, roomId: string | undefined): RawEvent => ({ ...(event.event as RawEvent), type: event.getType(), content: event.getContent(), room_id: event.getRoomId() ?? roomId });
  const failureOf = (event: MatrixEvent, roomId: string | undefined, reason: string): UndecryptableEvent => ({
    event_id: event.getId() ?? '', room_id: event.getRoomId() ?? roomId ?? '', sender: event.getSender() ?? '', ts: event.getTs(), reason,
  });
  const reasonOf = (event: MatrixEvent) => `${event.decryptionFailureReason ?? 'unknown'}: ${String(event.getContent().body ?? '').slice(0, 200)}`;
  /** Decrypts an encrypted event; a failure waits up to keyWaitMs for a late room key. Null = readable. */
  async function decrypt(event: MatrixEvent): Promise<string | null> {
    if (!crypto) return OFF;
    await client.decryptEventIfNeeded(event);
    if (!event.isDecryptionFailure()) return null;
    return new Promise((resolve) => {
      const onDecrypted = () => {
        if (event.isDecryptionFailure()) return;
        clearTimeout(timer);
        resolve(null);
      };
      const timer = setTimeout(() => {
        event.off(MatrixEventEvent.Decrypted, onDecrypted);
        resolve(reasonOf(event));
      }, keyWaitMs);
      event.on(MatrixEventEvent.Decrypted, onDecrypted);
    });
  }
  async function encryptedRoom(roomId: string): Promise<boolean> {
    const c = client.getCrypto();
    return c ? c.isEncryptionEnabledInRoom(roomId) : false;
  }
  return {
    userId: options.userId,
    async start(h) {
      let first = true;
      if (crypto) {
        await crypto.persistence.restore();
        await client.initRustCrypto({ useIndexedDB: true, cryptoDatabasePrefix: crypto.databasePrefix });
      }
      client.on(RoomEvent.Timeline, (event: MatrixEvent, r: Room | undefined, toStartOfTimeline: boolean | undefined) => {
        if (toStartOfTimeline) return;
        if (!event.isEncrypted()) {
          const message = readIncoming(event.event as RawEvent, r?.roomId);
          if (message) h.onMessage(message);
          return;
        }
        if (event.getSender() === options.userId) return;
        decrypting += 1;
        void decrypt(event).finally(() => { decrypting -= 1; }).then((failure) => {
          crypto?.persistence.schedule();
          if (failure) return h.onUndecryptable(failureOf(event, r?.roomId, failure));
          const message = readIncoming(plainOf(event, r?.roomId), r?.roomId);
          if (message) h.onMessage(message);
        }).catch((err: unknown) => h.onUndecryptable(failureOf(event, r?.roomId, `decryption error: ${(err as Error).message}`)));
      });
      client.on(RoomMemberEvent.Membership, (event: MatrixEvent, member: RoomMember) => {
        if (member.userId === options.userId && member.membership === 'invite') h.onInvite(member.roomId, event.getSender() ?? '');
      });
      client.on(ClientEvent.Sync, (state: SyncState) => {
        if (state === SyncState.Prepared || state === SyncState.Syncing) {
          crypto?.persistence.schedule();
          const wasFirst = first;
          first = false;
          h.onSync(wasFirst);
        } else if (state === SyncState.Error || state === SyncState.Reconnecting) {
          h.onSyncError(state);
        }
      });
      await client.startClient({ initialSyncLimit: options.initialSyncLimit ?? 20, lazyLoadMembers: false });
    },
    async stop() {
      client.stopClient();
      await crypto?.persistence.flush();
    },
    syncToken: () => client.getSyncStateData()?.nextSyncToken ?? client.store.getSyncToken(),
    decrypting: () => decrypting,
    async messagesSince(since, limit, onUndecryptable) {
      const filter = JSON.stringify({ room: { timeline: { limit, types: ['m.room.message', 'm.room.encrypted'] }, state: { lazy_load_members: true } }, presence: { types: [] } });
      const res = await client.http.authedRequest<{ rooms?: { join?: Record<string, { timeline?: { events?: Record<string, unknown>[] } }> } }>(
        Method.Get, '/sync', { since, timeout: '0', filter },
      );
      const out: IncomingMessage[] = [];
      for (const [roomId, joined] of Object.entries(res.rooms?.join ?? {})) {
        for (const ev of joined.timeline?.events ?? []) {
          let raw = ev as RawEvent;
          if (raw.type === 'm.room.encrypted' && raw.sender !== options.userId) {
            const event = new MatrixEvent({ ...ev, room_id: roomId });
            const failure = await decrypt(event).catch((err: unknown) => `decryption error: ${(err as Error).message}`);
            if (failure) {
              onUndecryptable?.(failureOf(event, roomId, failure));
              continue;
            }
            raw = plainOf(event, roomId);
          }
          const m = readIncoming(raw, roomId);
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
      if (await encryptedRoom(roomId)) {
        // The SDK encrypts; a retry of the same txnId resends the pending event instead of a new one.
        const r = room(roomId);
        const pending = r?.getEventForTxnId(txnId);
        const res = pending && r ? await client.resendEvent(pending, r) : await client.sendEvent(roomId, EventType.RoomMessage, content as never, txnId);
        crypto?.persistence.schedule();
        return res.event_id;
      }
      const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
      const res = await client.http.authedRequest<{ event_id: string }>(Method.Put, path, undefined, content);
      return res.event_id;
    },
    async setTyping(roomId, typing, timeoutMs) {
      const path = `/rooms/${encodeURIComponent(roomId)}/typing/${encodeURIComponent(options.userId)}`;
      await client.http.authedRequest(Method.Put, path, undefined, typing ? { typing: true, timeout: timeoutMs } : { typing: false });
    },
    // Counted from the members, not the sync summary: the SDK applies a sync's summary after it has
    // emitted the sync's timeline, so a message right after a third member joined looked direct.
    joinedMemberCount: (roomId) => room(roomId)?.getMembers().filter((m) => m.membership === 'join').length ?? 0,
    joinedMembers: (roomId) => room(roomId)?.getMembers().filter((m) => m.membership === 'join').map((m) => m.userId) ?? [],
    myMembership: (roomId) => room(roomId)?.getMyMembership() ?? null,
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
