// The bot's end-to-end encryption store across restarts. matrix-js-sdk's Rust crypto keeps its
// account, Olm/Megolm sessions and device lists in IndexedDB; under Node that is fake-indexeddb (in
// memory), so this module snapshots every database into a file of the data dir sealed with the
// secret-store key, and restores it before the crypto starts. Saves are coalesced and written
// after syncs, decryptions and sends, and on stop.
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { readSealedFile, writeSealedFile, type ModuleLogger } from '../../core/index.ts';

// The part of the IndexedDB API used here (the project compiles without the DOM library).
type Handler = (() => void) | null;
interface IdbRequest<T> { readonly result: T; readonly error: unknown; onsuccess: Handler; onerror: Handler }
interface IdbOpenRequest extends IdbRequest<IdbDatabase> { onupgradeneeded: Handler }
interface IdbIndex { readonly keyPath: string | string[]; readonly unique: boolean; readonly multiEntry: boolean }
interface IdbStore {
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexNames: Iterable<string>;
  index(name: string): IdbIndex;
  getAllKeys(): IdbRequest<unknown[]>;
  getAll(): IdbRequest<unknown[]>;
  put(value: unknown, key?: unknown): unknown;
  createIndex(name: string, keyPath: string | string[], options: { unique: boolean; multiEntry: boolean }): unknown;
}
interface IdbTransaction { objectStore(name: string): IdbStore; oncomplete: Handler; onerror: Handler; readonly error: unknown }
interface IdbDatabase {
  readonly version: number;
  readonly objectStoreNames: Iterable<string>;
  transaction(names: string[], mode: 'readonly' | 'readwrite'): IdbTransaction;
  createObjectStore(name: string, options: { keyPath: string | string[] | null; autoIncrement: boolean }): IdbStore;
  close(): void;
}
/** The IndexedDB factory (fake-indexeddb's under Node). */
export interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest;
  databases(): Promise<{ name?: string }[]>;
}

interface StoreDump {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
  records: { key: unknown; value: unknown }[];
}
interface DbDump { name: string; version: number; stores: StoreDump[] }
/** What the sealed file holds. */
interface Snapshot { format: 1; user_id: string; device_id: string; databases: DbDump[] }

/** Persistence of one bot's crypto store. */
export interface CryptoStorePersistence {
  /** Loads the sealed snapshot into IndexedDB (before initRustCrypto); says what it found. */
  restore(): Promise<'restored' | 'none' | 'other-device'>;
  /** Schedules a save (coalesced; a no-op when nothing changed). */
  schedule(): void;
  /** Saves now when anything changed since the last save. */
  flush(): Promise<void>;
}

/** Options of createCryptoStorePersistence. */
export interface CryptoStoreOptions {
  file: string;
  /** The 32-byte secret-store key. */
  key: Buffer;
  userId: string;
  deviceId: string;
  idb: IdbFactory;
  log: ModuleLogger;
  /** Coalescing delay of scheduled saves (default 250 ms). */
  debounceMs?: number;
}

const LABEL = 'bot-crypto-store';

function done<T>(req: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error instanceof Error ? req.error : new Error('IndexedDB request failed'));
  });
}

function openDb(idb: IdbFactory, name: string, version?: number, upgrade?: (db: IdbDatabase) => void): Promise<IdbDatabase> {
  return new Promise((resolve, reject) => {
    const req = version === undefined ? idb.open(name) : idb.open(name, version);
    req.onupgradeneeded = () => upgrade?.(req.result);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error instanceof Error ? req.error : new Error(`cannot open ${name}`));
  });
}

async function dumpDb(idb: IdbFactory, name: string): Promise<DbDump> {
  const db = await openDb(idb, name);
  try {
    const names = [...db.objectStoreNames];
    if (!names.length) return { name, version: db.version, stores: [] };
    const tx = db.transaction(names, 'readonly');
    const stores = await Promise.all(names.map(async (storeName) => {
      const store = tx.objectStore(storeName);
      const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
      const indexes = [...store.indexNames].map((n) => {
        const i = store.index(n);
        return { name: n, keyPath: i.keyPath, unique: i.unique, multiEntry: i.multiEntry };
      });
      return { name: storeName, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, records: keys.map((key, i) => ({ key, value: values[i] })) };
    }));
    return { name, version: db.version, stores };
  } finally {
    db.close();
  }
}

async function loadDb(idb: IdbFactory, dump: DbDump): Promise<void> {
  const db = await openDb(idb, dump.name, dump.version, (d) => {
    for (const s of dump.stores) {
      const store = d.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
      for (const i of s.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
    }
  });
  try {
    if (!dump.stores.length) return;
    const tx = db.transaction(dump.stores.map((s) => s.name), 'readwrite');
    for (const s of dump.stores) {
      const store = tx.objectStore(s.name);
      for (const r of s.records) store.put(r.value, s.keyPath === null ? r.key : undefined);
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error instanceof Error ? tx.error : new Error('restore failed'));
    });
  } finally {
    db.close();
  }
}

/** Creates the persistence; nothing is read or written before restore()/schedule(). */
export function createCryptoStorePersistence(options: CryptoStoreOptions): CryptoStorePersistence {
  const { idb, log } = options;
  let lastHash = '';
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const save = async () => {
    const names = (await idb.databases()).map((d) => d.name).filter((n): n is string => Boolean(n)).sort();
    const snapshot: Snapshot = { format: 1, user_id: options.userId, device_id: options.deviceId, databases: [] };
    for (const name of names) snapshot.databases.push(await dumpDb(idb, name));
    const bytes = serialize(snapshot);
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash === lastHash) return;
    writeSealedFile(options.file, bytes, options.key, LABEL);
    lastHash = hash;
  };
  const queueSave = () => {
    running = running.then(save).catch((err: unknown) => log.error({ err }, 'cannot save the encryption store'));
    return running;
  };

  return {
    async restore() {
      const bytes = readSealedFile(options.file, options.key, LABEL);
      if (!bytes) return 'none';
      const snapshot = deserialize(bytes) as Snapshot;
      if (snapshot.format !== 1 || snapshot.user_id !== options.userId || snapshot.device_id !== options.deviceId) {
        log.warn({ stored_device: snapshot.device_id, device: options.deviceId }, 'the saved encryption store belongs to another device; starting a new one');
        return 'other-device';
      }
      for (const db of snapshot.databases) await loadDb(idb, db);
      lastHash = createHash('sha256').update(bytes).digest('hex');
      return 'restored';
    },
    schedule() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queueSave();
      }, options.debounceMs ?? 250);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      await queueSave();
    },
  };
}
