import { join } from 'node:path';
import type { AppConfig } from '../shared/index.ts';
import { openDatabase, type Database } from './db/index.ts';
import { createEventBus, type EventBus } from './events/index.ts';
import { seedDefaultPersonas } from './persona/seed.ts';
import { VERSION } from './version.ts';
import { createLlmRegistry, type LlmRegistry } from './llm/index.ts';
import { createKeyedQueue, type KeyedQueue } from './chat/session-queue.ts';
import { createRepositories } from './repositories.ts';
import { createMemoryConfigStore, mergeMemoryConfig, type MemoryConfigStore } from './memory/memory-config.ts';
import { createDecayScheduler, type DecayScheduler } from './memory/decay-scheduler.ts';
import { createSecretStore, type SecretStore } from './secrets/index.ts';
import { createTokenStore, type TokenStore } from './auth/index.ts';
import { createKeyedRateLimiter, type KeyedRateLimiter } from './limits/index.ts';

/** Everything operations need, shared by every connection of one process. */
export interface CoreContext {
  readonly db: Database;
  readonly config: AppConfig;
  readonly events: EventBus;
  readonly version: string;
  readonly startedAt: Date;
  /** LLM settings and provider, switchable at run time. */
  readonly llm: LlmRegistry;
  /** The run-time memory configuration (memory.config_set changes it; persisted). */
  readonly memory: MemoryConfigStore;
  /** The background decay job; a serving process starts it (`startJobs`), one-shot commands do not. */
  readonly decay: DecayScheduler;
  /** Write-only secrets (bot credentials, the install token), sealed in the data dir. */
  readonly secrets: SecretStore;
  /** Access tokens and their scopes. */
  readonly tokens: TokenStore;
  /** LLM-backed calls per principal and minute (`limits.llm_calls_per_minute`). */
  readonly llmCalls: KeyedRateLimiter;
  /**
   * Applies LLM and memory settings another process saved (the dashboard's api service, the mcp
   * service): looks at most once a second, re-reads only what changed.
   */
  syncSharedSettings(): void;
  /** Personas generating a reply right now (transient `speaking` avatar cue), with a nesting count. */
  readonly speaking: Map<string, number>;
  /** Registers background work (embedding fills, …) that close() waits for. */
  background(task: Promise<unknown>): void;
  /** Resolves when all registered background work and queued chat work has finished. */
  idle(): Promise<void>;
  /** Starts the background jobs when the memory config enables them. */
  startJobs(): void;
  /** Per-session serialisation of chat calls. */
  readonly chatQueue: KeyedQueue;
  /** Wall clock; tests inject a fixed or stepping clock. */
  now(): Date;
  /** Live connection count, reported by system.status (set by the serving transport). */
  connectionCount(): number;
  setConnectionCounter(counter: () => number): void;
  /** Current LLM provider health (from the registry; replaceable, e.g. with a cached check). */
  llmStatus(): Promise<LlmStatus>;
  setLlmStatusProvider(provider: () => Promise<LlmStatus>): void;
  /** State of the background memory jobs (the scheduler replaces the default when it runs). */
  jobStatus(): Promise<JobStatus>;
  setJobStatusProvider(provider: () => Promise<JobStatus>): void;
  close(): Promise<void>;
}

/** LLM health as system.status reports it. */
export interface LlmStatus {
  ok: boolean;
  provider: string;
  model: string | null;
  base_url: string | null;
  latency_ms: number | null;
  error: string | null;
}

/** Background job state as system.status reports it. */
export interface JobStatus {
  decay: { running: boolean; next_run_at: string | null; last_run: Record<string, unknown> | null };
  pruning: { last_run: Record<string, unknown> | null };
}

/** Options for building the core of one process. */
export interface CreateCoreOptions {
  config: AppConfig;
  /** SQLite file; default `persona-mcp.sqlite` in the data dir. */
  dbFile?: string;
  /** Run migrations (true for a service started alone; the host migrates before forking children). */
  migrate?: boolean;
  /** Seed Aria and Kira on a brand-new database (default true). */
  seed?: boolean;
  clock?: () => Date;
  /** Key of the secret store (the desktop app's, from PERSONA_MCP_SECRET_KEY); default the data dir's key file. */
  secretKey?: Buffer;
}

/** The database file of a data dir. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'persona-mcp.sqlite');
}

/** Opens the database and builds the shared core context. */
export async function createCore(options: CreateCoreOptions): Promise<CoreContext> {
  const db = await openDatabase({ file: options.dbFile ?? databaseFile(options.config.data_dir), migrate: options.migrate ?? true });
  const clock = options.clock ?? (() => new Date());
  let counter: () => number = () => 0;
  const tasks = new Set<Promise<unknown>>();
  // Settings changed at run time (system.configure_llm) are persisted and win over the config file.
  const savedLlm = await createRepositories(db.manager).settings.get<Partial<AppConfig['llm']>>('llm');
  const llm = createLlmRegistry({ ...options.config.llm, ...(savedLlm ?? {}) });
  const savedMemory = await createRepositories(db.manager).settings.get<Record<string, unknown>>('memory');
  const memory = createMemoryConfigStore(savedMemory ? mergeMemoryConfig(options.config.memory, savedMemory) : options.config.memory);
  let llmStatus = async (): Promise<LlmStatus> => {
    const h = await llm.health();
    return { ok: h.ok, provider: h.provider, model: h.model, base_url: h.base_url, latency_ms: h.latency_ms, error: h.error };
  };
  let jobStatus = async (): Promise<JobStatus> => ({
    decay: { running: core.decay.running(), next_run_at: core.decay.nextRunAt(), last_run: lastRow(db, 'decay_runs') },
    pruning: { last_run: lastRow(db, 'prune_runs') },
  });
  const secrets = createSecretStore({ dataDir: options.config.data_dir, ...(options.secretKey ? { key: options.secretKey } : {}) });
  const seen = new Map<string, string>();
  const sharedRows = () => db.sqlite.prepare(`SELECT key, value, updated_at FROM settings WHERE key IN ('llm', 'memory')`).all() as { key: string; value: string; updated_at: string }[];
  for (const row of sharedRows()) seen.set(row.key, row.updated_at);
  let lastSync = Date.now();
  const core: CoreContext = {
    db,
    secrets,
    tokens: createTokenStore({ db, secrets, configToken: options.config.auth.token, now: clock }),
    llmCalls: createKeyedRateLimiter(options.config.limits.llm_calls_per_minute),
    config: options.config,
    events: createEventBus(),
    version: VERSION,
    startedAt: clock(),
    llm,
    memory,
    chatQueue: createKeyedQueue(options.config.limits.chat_queue),
    decay: null as unknown as DecayScheduler,
    speaking: new Map(),
    background(task) {
      tasks.add(task);
      void task.finally(() => tasks.delete(task)).catch(() => undefined);
    },
    async idle() {
      while (tasks.size) await Promise.allSettled([...tasks]);
      await core.chatQueue.drain();
    },
    startJobs() {
      if (memory.global().decay.enabled) core.decay.start();
    },
    now: clock,
    connectionCount: () => counter(),
    setConnectionCounter(c) {
      counter = c;
    },
    syncSharedSettings() {
      const now = Date.now();
      if (now - lastSync < 1000 || !db.sqlite.open) return;
      lastSync = now;
      for (const row of sharedRows()) {
        if (seen.get(row.key) === row.updated_at) continue;
        seen.set(row.key, row.updated_at);
        const saved = JSON.parse(row.value) as Record<string, unknown>;
        if (row.key === 'llm') llm.replace({ ...options.config.llm, ...(saved as Partial<AppConfig['llm']>) });
        else memory.setGlobal(mergeMemoryConfig(options.config.memory, saved));
      }
    },
    llmStatus: () => llmStatus(),
    setLlmStatusProvider(p) {
      llmStatus = p;
    },
    jobStatus: () => jobStatus(),
    setJobStatusProvider(p) {
      jobStatus = p;
    },
    async close() {
      core.decay.stop();
      // Work queued behind replies (rolling summaries) and background fills finish before the database closes.
      await core.idle();
      await db.close();
    },
  };
  (core as { decay: DecayScheduler }).decay = createDecayScheduler(core);
  if (options.seed ?? true) await seedDefaultPersonas(core);
  return core;
}

function lastRow(db: Database, table: 'decay_runs' | 'prune_runs'): Record<string, unknown> | null {
  const row = db.sqlite.prepare(`SELECT * FROM ${table} ORDER BY started_at DESC LIMIT 1`).get() as Record<string, unknown> | undefined;
  return row ?? null;
}
