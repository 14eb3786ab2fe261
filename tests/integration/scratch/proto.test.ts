import 'fake-indexeddb/auto';
import { it, expect } from 'vitest';
import { createClient, ClientEvent, RoomEvent, MatrixEvent, type MatrixClient } from 'matrix-js-sdk';
import { startTestHomeserver } from '../../support/matrix-homeserver/index.ts';

async function client(url: string, userId: string, token: string, deviceId: string, idb: boolean): Promise<MatrixClient> {
  const c = createClient({ baseUrl: url, userId, accessToken: token, deviceId });
  const t = Date.now();
  await c.initRustCrypto({ useIndexedDB: idb, cryptoDatabasePrefix: `p-${userId}` });
  console.log('init ms', Date.now() - t);
  await c.startClient({ initialSyncLimit: 20 });
  await new Promise<void>((r) => c.once(ClientEvent.Sync, () => r()));
  return c;
}

it('e2ee', async () => {
  const hs = await startTestHomeserver();
  const bob = hs.registerUser('bob'); const aria = hs.registerUser('aria');
  const bl = hs.login(bob.userId); const al = hs.login(aria.userId);
  const room = hs.createRoom(bob.userId, { join: [aria.userId], isDirect: true, encrypted: true });
  const a = await client(hs.url, aria.userId, al.accessToken, al.deviceId, true);
  const b = await client(hs.url, bob.userId, bl.accessToken, bl.deviceId, false);
  const got = new Promise<string>((resolve) => a.on(RoomEvent.Timeline, async (ev: MatrixEvent) => {
    if (ev.getSender() !== bob.userId) return;
    await a.decryptEventIfNeeded(ev);
    console.log('type', ev.getType(), ev.isDecryptionFailure(), ev.decryptionFailureReason);
    if (ev.getType() === 'm.room.message') resolve(ev.getContent().body as string);
  }));
  const t = Date.now();
  await b.sendTextMessage(room, 'hello secret');
  console.log(hs.messages(room).length, hs.timeline(room).at(-1)?.type);
  expect(await got).toBe('hello secret');
  console.log('decrypt ms', Date.now() - t);
  const back = new Promise<string>((resolve) => b.on(RoomEvent.Timeline, async (ev: MatrixEvent) => {
    if (ev.getSender() !== aria.userId) return;
    await b.decryptEventIfNeeded(ev);
    if (ev.getType() === 'm.room.message') resolve(ev.getContent().body as string);
  }));
  await a.sendEvent(room, 'm.room.message' as never, { msgtype: 'm.text', body: 'hi back' } as never, 'txn1');
  expect(await back).toBe('hi back');
  console.log(hs.unknownRequests);
  a.stopClient(); b.stopClient(); await hs.close();
}, 60000);
