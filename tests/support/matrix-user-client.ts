// A Matrix user for tests as a real person's client would be: the unmodified matrix-js-sdk with its
// Rust crypto (in-memory store), logged in on a new device of the test homeserver. Sends text
// (encrypted where the room is) and waits for decrypted messages.
import { ClientEvent, createClient, MatrixEventEvent, RoomEvent, SyncState, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import type { TestHomeserver } from './matrix-homeserver/index.ts';

/** A message as the user's client shows it, decrypted. */
export interface SeenMessage { event_id: string; room_id: string; sender: string; type: string; msgtype: string; body: string; encrypted: boolean }

/** A running user client. */
export interface UserClient {
  readonly client: MatrixClient;
  readonly userId: string;
  readonly deviceId: string;
  /** Every message seen so far (decrypted where possible). */
  readonly seen: SeenMessage[];
  /** Sends a text message (encrypted in an encrypted room); returns its event id. */
  send(roomId: string, body: string, extra?: Record<string, unknown>): Promise<string>;
  /** Resolves with the first seen message matching `match` (already seen or arriving within `timeoutMs`). */
  waitFor(match: (m: SeenMessage) => boolean, timeoutMs?: number): Promise<SeenMessage>;
  stop(): void;
}

/** Logs `userId` in on a new device and starts a syncing client with Rust crypto. */
export async function startUserClient(hs: TestHomeserver, userId: string): Promise<UserClient> {
  const { accessToken, deviceId } = hs.login(userId);
  const client = createClient({ baseUrl: hs.url, userId, accessToken, deviceId });
  await client.initRustCrypto({ useIndexedDB: false });
  const seen: SeenMessage[] = [];
  const waiters = new Set<() => void>();
  const record = (ev: MatrixEvent) => {
    if (ev.isDecryptionFailure() || (ev.getType() !== 'm.room.message')) return;
    if (seen.some((s) => s.event_id === ev.getId())) return;
    const content = ev.getContent();
    seen.push({
      event_id: ev.getId() ?? '', room_id: ev.getRoomId() ?? '', sender: ev.getSender() ?? '', type: ev.getType(),
      msgtype: String(content.msgtype ?? ''), body: String(content.body ?? ''), encrypted: ev.isEncrypted(),
    });
    for (const w of [...waiters]) w();
  };
  client.on(RoomEvent.Timeline, (ev: MatrixEvent) => {
    if (ev.isBeingDecrypted() || ev.shouldAttemptDecryption()) ev.once(MatrixEventEvent.Decrypted, () => record(ev));
    record(ev);
  });
  await client.startClient({ initialSyncLimit: 20 });
  await new Promise<void>((resolve) => {
    const on = (state: SyncState) => {
      if (state === SyncState.Prepared || state === SyncState.Syncing) {
        client.off(ClientEvent.Sync, on);
        resolve();
      }
    };
    client.on(ClientEvent.Sync, on);
  });
  return {
    client, userId, deviceId, seen,
    async send(roomId, body, extra = {}) {
      // The room must be known to the client (its state decides whether it encrypts).
      for (let i = 0; i < 100 && !client.getRoom(roomId); i += 1) await new Promise((r) => setTimeout(r, 50));
      const res = await client.sendEvent(roomId, 'm.room.message' as never, { msgtype: 'm.text', body, ...extra } as never);
      return res.event_id;
    },
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = seen.find(match);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${userId}: no matching message within ${timeoutMs} ms; seen: ${JSON.stringify(seen.map((s) => [s.sender, s.body.slice(0, 60)]))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => client.stopClient(),
  };
}
