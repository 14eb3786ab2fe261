import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import { ENTITIES } from './entities/index.ts';
import { MIGRATIONS } from './migrations/index.ts';
import * as sqliteVec from 'sqlite-vec';
import { getLogger } from '../logger/index.ts';
import { OWNER_ONLY_DIR, ensureOwnerOnlyFile, narrowToOwner } from '../secrets/index.ts';
import { enableRowCache } from './row-cache.ts';

const log = getLogger('db');

/** Options for opening the database file. */
export interface OpenDatabaseOptions {
  /**
   * Path of the SQLite file (created with its folder when missing, owner-only: the folder 0700, the
   * file and its -wal/-shm 0600, wider existing ones narrowed). `:memory:` for throwaway use.
   */
  file: string;
  /** Run pending migrations after opening (the host does this once before children start). */
  migrate?: boolean;
  /** How long a writer waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
}

/**
 * The open database: TypeORM DataSource over one better-sqlite3 connection (WAL, busy_timeout,
 * foreign keys on). Write transactions are serialised in-process and take SQLite's write lock up
 * front (BEGIN IMMEDIATE), so concurrent writers in other processes wait instead of failing.
 */
export interface Database {
  readonly file: string;
  readonly dataSource: DataSource;
  /** Entity manager for reads outside a transaction. */
  readonly manager: EntityManager;
  /** The underlying better-sqlite3 connection, for FTS queries and hot-path prepared statements. */
  readonly sqlite: BetterSqlite3.Database;
  /** True when the sqlite-vec extension is loaded (vector similarity for optional embeddings). */
  readonly vectors: boolean;
  /** Runs `work` inside one write transaction; rolls back and rethrows on error. */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Opens a read snapshot that lasts until the end of this event-loop turn, so the reads of every
   * request served in the turn share one WAL read lock (a lock per autocommit read costs ~7 µs).
   * A write transaction ends the snapshot first; other processes' commits show from the next turn.
   */
  readSnapshot(): void;
  /** Runs the pending migrations; returns their names. */
  migrate(): Promise<string[]>;
  /**
   * Copies the WAL into the database file and truncates it (best effort: a reader in another process
   * can hold it back), so content just overwritten (a secret moved out of a row) leaves no old copy.
   */
  checkpoint(): void;
  close(): Promise<void>;
}

interface MutableQueryRunnerState {
  isTransactionActive: boolean;
}

const BUSY_RETRIES = 5;

/** Opens (and optionally migrates) the SQLite database at `options.file`. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const onDisk = options.file !== ':memory:';
  if (onDisk) {
    mkdirSync(dirname(options.file), { recursive: true, mode: OWNER_ONLY_DIR });
    // SQLite gives the -wal and -shm files the mode of the database file.
    ensureOwnerOnlyFile(options.file);
  }
  let vectors = false;
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: options.file,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    enableWAL: true,
    timeout: options.busyTimeoutMs ?? 10_000,
    prepareDatabase: (db: BetterSqlite3.Database) => {
      db.pragma('synchronous = NORMAL');
      // Deleted and overwritten content is zeroed where that costs no extra I/O (no stale secrets).
      db.pragma('secure_delete = FAST');
      try {
        // dlopen cannot read inside an Electron asar: load the unpacked copy there.
        db.loadExtension(sqliteVec.getLoadablePath().replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'));
        vectors = true;
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'sqlite-vec could not be loaded; embeddings are disabled');
      }
    },
  });
  await dataSource.initialize();
  const sqlite = (dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  if (onDisk) for (const suffix of ['-wal', '-shm']) narrowToOwner(`${options.file}${suffix}`);
  let queue: Promise<unknown> = Promise.resolve();
  /** Number of the open read snapshot (0 = none): the row cache reads its stamp once per snapshot. */
  let snapshot = 0;
  let snapshots = 0;
  let writing = false;
  /** Set once close() starts (a JS flag: better-sqlite3's `open` is a native getter, read per request). */
  let closed = false;
  const endSnapshot = () => {
    if (!snapshot) return;
    snapshot = 0;
    if (sqlite.open && sqlite.inTransaction) sqlite.exec('COMMIT');
  };
  const readSnapshot = () => {
    if (snapshot || writing || !sqlite.open || sqlite.inTransaction) return;
    sqlite.exec('BEGIN DEFERRED');
    snapshot = ++snapshots;
    setImmediate(endSnapshot);
  };
  // Rows may be cached outside transactions and in the read snapshot, never in a write transaction.
  enableRowCache(sqlite, {
    cacheable: () => !closed && !writing && (snapshot !== 0 || !sqlite.inTransaction),
    snapshot: () => snapshot,
  });

  const runOnce = async <T>(work: (em: EntityManager) => Promise<T>): Promise<T> => {
    // better-sqlite3 has one connection, and TypeORM hands out one shared query runner for it.
    const runner = dataSource.createQueryRunner();
    endSnapshot();
    writing = true;
    try {
      await runner.query('BEGIN IMMEDIATE');
    } catch (err) {
      writing = false;
      throw err;
    }
    // Tell TypeORM a transaction is open so save()/remove() don't start a nested one.
    (runner as unknown as MutableQueryRunnerState).isTransactionActive = true;
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      if (sqlite.inTransaction) await runner.query('ROLLBACK');
      throw err;
    } finally {
      writing = false;
      (runner as unknown as MutableQueryRunnerState).isTransactionActive = false;
    }
  };

  const transaction = <T>(work: (em: EntityManager) => Promise<T>): Promise<T> => {
    const run = async (): Promise<T> => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await runOnce(work);
        } catch (err) {
          if (!isBusy(err) || attempt >= BUSY_RETRIES) throw err;
        }
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  const db: Database = {
    file: options.file,
    dataSource,
    manager: dataSource.manager,
    sqlite,
    vectors,
    transaction,
    readSnapshot,
    async migrate() {
      endSnapshot();
      const done = await dataSource.runMigrations({ transaction: 'each' });
      return done.map((m) => m.name);
    },
    checkpoint() {
      if (writing || !sqlite.open) return;
      endSnapshot();
      if (sqlite.inTransaction) return;
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      closed = true;
      await queue.catch(() => undefined);
      endSnapshot();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
  if (options.migrate) await db.migrate();
  return db;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
