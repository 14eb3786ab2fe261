/** fake-indexeddb's side-effect entry (installs indexedDB, IDBKeyRange… on globalThis); it ships no types. */
declare module 'fake-indexeddb/auto';
