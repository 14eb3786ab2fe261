import type BetterSqlite3 from 'better-sqlite3';

// Decoded rows of the hottest keyed reads (a persona by id or name, its state rows), reused while
// the database has not changed at all. Every operation resolves a persona, and decoding one (36
// columns, ten of them JSON) costs more than the rest of a persona.get; see ADR 0005.
//
// Validity is SQLite's own, not ours to keep in step: an entry holds while this connection's
// total_changes() (every row this connection inserted, updated or deleted, whatever the code path)
// and PRAGMA data_version (bumped by every other connection's commit: the other services, a bot,
// another process) are both unchanged. The stamp is read before the row, so a row is never newer
// than its stamp. Inside a write transaction nothing is cached or served: a rollback undoes rows
// without undoing total_changes. Inside one read snapshot (ADR 0004) the stamp is read once: no
// other connection's commit shows there, and our own writes end the snapshot first (every write
// goes through Database.transaction, ADR 0001/0004).

/** Entries kept before the cache is emptied (refs come from clients, so the key space is open). */
const MAX_ENTRIES = 2048;

/** What the database tells the cache about its transactions. */
export interface RowCacheHooks {
  /** True when rows read now may be cached: the connection is open and no write transaction is. */
  cacheable(): boolean;
  /** Number of the open read snapshot, 0 when none. */
  snapshot(): number;
}

interface Cache {
  readonly hooks: RowCacheHooks;
  readonly stamp: BetterSqlite3.Statement;
  changes: number;
  version: number;
  /** The snapshot the stamp was read in (0 = none: read it again next time). */
  stampedIn: number;
  readonly rows: Map<string, unknown>;
}

const caches = new WeakMap<BetterSqlite3.Database, Cache>();

/** Enables the cache on a connection; connections never enabled are always read through. */
export function enableRowCache(sqlite: BetterSqlite3.Database, hooks: RowCacheHooks): void {
  const stamp = sqlite.prepare('SELECT total_changes(), data_version FROM pragma_data_version').raw();
  caches.set(sqlite, { hooks, stamp, changes: -1, version: -1, stampedIn: 0, rows: new Map() });
}

/** Freezes a decoded row and every object or array in it, so a shared row cannot be changed by a caller. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The row under `key`, from the cache while the database is unchanged, else from `load` (cached
 * when found). Returned rows are deep-frozen: callers build new objects instead of editing them.
 */
export function cachedRow<T>(sqlite: BetterSqlite3.Database, key: string, load: () => T | null): T | null {
  const cache = caches.get(sqlite);
  if (!cache || !cache.hooks.cacheable()) return load();
  const snapshot = cache.hooks.snapshot();
  if (snapshot === 0 || snapshot !== cache.stampedIn) {
    const [changes, version] = cache.stamp.get() as [number, number];
    cache.stampedIn = snapshot;
    if (changes !== cache.changes || version !== cache.version) {
      cache.rows.clear();
      cache.changes = changes;
      cache.version = version;
    }
  }
  const hit = cache.rows.get(key) as T | undefined;
  if (hit !== undefined) return hit;
  const row = load();
  if (row === null) return null;
  if (cache.rows.size >= MAX_ENTRIES) cache.rows.clear();
  cache.rows.set(key, deepFreeze(row));
  return row;
}
