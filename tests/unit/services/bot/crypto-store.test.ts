import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as fakeIdb from 'fake-indexeddb';
import { getLogger, readSealedFile } from '../../../../src/core/index.ts';
import { createCryptoStorePersistence, type IdbFactory } from '../../../../src/services/bot/crypto-store.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

// The bot's crypto-store persistence against real IndexedDB semantics (fake-indexeddb, a fresh
// factory per "process"), with the sealed file in a temp dir.
const temps: (() => void)[] = [];
afterEach(() => { for (const c of temps.splice(0)) c(); });
const freshIdb = () => new (fakeIdb.IDBFactory as unknown as new () => IdbFactory)();
const log = getLogger('test.crypto');

type Db = { transaction(n: string[], m: string): { objectStore(n: string): { put(v: unknown, k?: unknown): unknown; get(k: unknown): { result: unknown; onsuccess: (() => void) | null } }; oncomplete: (() => void) | null } };
function open(idb: IdbFactory, name: string, version: number, upgrade?: (db: { createObjectStore(n: string, o: object): { createIndex(n: string, k: string, o: object): unknown } }) => void): Promise<Db & { close(): void }> {
  return new Promise((resolve, reject) => {
    const req = idb.open(name, version) as unknown as { result: Db & { close(): void }; onupgradeneeded: (() => void) | null; onsuccess: (() => void) | null; onerror: (() => void) | null };
    req.onupgradeneeded = () => upgrade?.(req.result as never);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error('open failed'));
  });
}

describe('crypto store persistence', () => {
  it('snapshots every database into a sealed file and restores it in a fresh process', async () => {
    const temp = makeTempDir();
    temps.push(temp.cleanup);
    const file = join(temp.dir, 'bots', 'p1', 'crypto-store.sealed');
    const key = randomBytes(32);
    const first = freshIdb();
    const db = await open(first, 'bot::matrix-sdk-crypto', 3, (d) => {
      d.createObjectStore('core', {});
      d.createObjectStore('sessions', { keyPath: 'id' }).createIndex('by_sender', 'sender', { unique: false });
    });
    const tx = db.transaction(['core', 'sessions'], 'readwrite');
    tx.objectStore('core').put({ pickle: new Uint8Array([1, 2, 3]) }, 'account');
    tx.objectStore('sessions').put({ id: 's1', sender: 'curve:abc', data: 'olm-session-secret' });
    await new Promise<void>((r) => { tx.oncomplete = () => r(); });
    db.close();
    const saving = createCryptoStorePersistence({ file, key, userId: '@aria:x', deviceId: 'DEV1', idb: first, log });
    await saving.flush();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).includes(Buffer.from('olm-session-secret'))).toBe(false);
    expect(() => readSealedFile(file, randomBytes(32), 'bot-crypto-store')).toThrow(/cannot be opened with this key/);

    const second = freshIdb();
    const restoring = createCryptoStorePersistence({ file, key, userId: '@aria:x', deviceId: 'DEV1', idb: second, log });
    expect(await restoring.restore()).toBe('restored');
    const again = await open(second, 'bot::matrix-sdk-crypto', 3);
    const read = (store: string, k: unknown) => new Promise<unknown>((resolve) => {
      const req = again.transaction([store], 'readonly').objectStore(store).get(k);
      req.onsuccess = () => resolve(req.result);
    });
    expect(await read('core', 'account')).toEqual({ pickle: new Uint8Array([1, 2, 3]) });
    expect(await read('sessions', 's1')).toEqual({ id: 's1', sender: 'curve:abc', data: 'olm-session-secret' });
    again.close();
  });

  it('ignores a snapshot of another device (a new login) and starts empty', async () => {
    const temp = makeTempDir();
    temps.push(temp.cleanup);
    const file = join(temp.dir, 'crypto-store.sealed');
    const key = randomBytes(32);
    const idb = freshIdb();
    (await open(idb, 'x', 1, (d) => d.createObjectStore('core', {}))).close();
    await createCryptoStorePersistence({ file, key, userId: '@aria:x', deviceId: 'DEV1', idb, log }).flush();
    const other = freshIdb();
    expect(await createCryptoStorePersistence({ file, key, userId: '@aria:x', deviceId: 'DEV2', idb: other, log }).restore()).toBe('other-device');
    expect(await other.databases()).toEqual([]);
    expect(await createCryptoStorePersistence({ file: join(temp.dir, 'none'), key, userId: '@aria:x', deviceId: 'DEV1', idb: other, log }).restore()).toBe('none');
  });
});
