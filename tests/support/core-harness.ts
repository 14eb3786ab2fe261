import { randomUUID } from 'node:crypto';
import { AppConfigSchema, AppError, type AppConfigInput } from '../../src/shared/index.ts';
import {
  OPERATION_TABLE, createConnectionState, createCore, invokeOperation, type ConnectionState, type CoreContext,
} from '../../src/core/index.ts';
import { makeTempDir } from './temp-dir.ts';

/** A settable clock for time-dependent rules. */
export interface TestClock {
  now(): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

/** Creates a clock starting at `iso`. */
export function createTestClock(iso = '2026-11-25T12:00:00.000Z'): TestClock {
  let t = Date.parse(iso);
  return { now: () => new Date(t), set: (v) => { t = Date.parse(v); }, advance: (ms) => { t += ms; } };
}

/** A real core on a temp data dir (real SQLite file, migrations, seed) and a way to call operations. */
export interface TestCore {
  core: CoreContext;
  clock: TestClock;
  dataDir: string;
  connection: ConnectionState;
  /** Invokes an operation as a client would (validation included) on the default or a given connection. */
  call<T = Record<string, unknown>>(method: string, params?: unknown, connection?: ConnectionState): Promise<T>;
  /** Invokes an operation expecting an AppError; returns it. */
  fail(method: string, params?: unknown, connection?: ConnectionState): Promise<AppError>;
  close(): Promise<void>;
}

/** Starts a test core. */
export async function createTestCore(options: { config?: AppConfigInput; seed?: boolean; clock?: TestClock } = {}): Promise<TestCore> {
  const temp = makeTempDir();
  const clock = options.clock ?? createTestClock();
  const config = AppConfigSchema.parse({ ...options.config, data_dir: temp.dir, log: { level: 'silent' } });
  const core = await createCore({ config, migrate: true, seed: options.seed ?? true, clock: () => clock.now() });
  const connection = createConnectionState(randomUUID(), 'mcp');
  const call = async <T>(method: string, params?: unknown, conn = connection) =>
    (await invokeOperation(OPERATION_TABLE, method, params, { core, connection: conn })) as T;
  return {
    core, clock, dataDir: temp.dir, connection, call,
    async fail(method, params, conn = connection) {
      try {
        await call(method, params, conn);
      } catch (err) {
        if (err instanceof AppError) return err;
        throw err;
      }
      throw new Error(`${method} was expected to fail`);
    },
    async close() {
      await core.close();
      temp.cleanup();
    },
  };
}

/** Row counts of every table, to prove a failed request changed nothing. */
export function tableCounts(core: CoreContext): Record<string, number> {
  const tables = core.db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (core.db.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

/** A digest of the whole database content, to prove a failed request changed nothing (not even a field). */
export function databaseDigest(core: CoreContext): string {
  const tables = Object.keys(tableCounts(core));
  return JSON.stringify(tables.map((t) => core.db.sqlite.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()));
}
