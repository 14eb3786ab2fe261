import { join } from 'node:path';
import type { AppConfig } from '../shared/index.ts';
import type { Database } from './db/index.ts';
import type { EventBus } from './events/index.ts';
import type { LlmRegistry } from './llm/index.ts';
import type { KeyedQueue } from './chat/session-queue.ts';
import type { MemoryConfigStore } from './memory/memory-config.ts';
import type { JobOwnership, JobRegistry } from './jobs/index.ts';
import type { SecretStore } from './secrets/index.ts';
import type { TokenStore } from './auth/index.ts';
import type { KeyedRateLimiter } from './limits/index.ts';

/**
 * The core of one process, built once by the composition root (`createCore`, create-core.ts) from
 * narrow parts and shared by every connection, bot turn and job of that process.
 */
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
  /**
   * The background jobs (decay, …) by name. In the job owner they run here (a serving owner starts
   * them with `startJobs`, one-shot commands do not); elsewhere every call reaches the owner (ADR 0008).
   */
  readonly jobs: JobRegistry;
  /** Write-only secrets (bot credentials, the install token), sealed in the data dir. */
  readonly secrets: SecretStore;
  /** Access tokens and their scopes. */
  readonly tokens: TokenStore;
  /** LLM-backed calls per principal and minute (`limits.llm_calls_per_minute`). */
  readonly llmCalls: KeyedRateLimiter;
  /**
   * The consistency step every entry point takes before a unit of work (an operation, a bot turn, a
   * job run, a host read): opens this event-loop turn's read snapshot (ADR 0004) and applies the
   * LLM and memory settings another process saved (looked at most once a second). Cheap when repeated.
   */
  refresh(): void;
  /** Personas generating a reply right now (transient `speaking` avatar cue), with a nesting count. */
  readonly speaking: Map<string, number>;
  /** Registers background work (embedding fills, …) that close() waits for. */
  background(task: Promise<unknown>): void;
  /** Resolves when all registered background work and queued chat work has finished. */
  idle(): Promise<void>;
  /** Job owner only: starts the enabled background jobs (decay, the autopilot, the archive retention sweep) and follows the saved settings from then on. */
  startJobs(): void;
  /** Per-session serialisation of chat calls. */
  readonly chatQueue: KeyedQueue;
  /** Wall clock; tests inject a fixed or stepping clock. */
  now(): Date;
  /** Current LLM provider health (from the registry). */
  llmStatus(): Promise<LlmStatus>;
  /** State of the background jobs, from their owner: decay with the last decay and prune runs, the autopilot, archive retention. */
  jobStatus(): Promise<JobStatus>;
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

/** Background job state as system.status reports it (the owner's; `owner.reachable` false when it could not be asked). */
export interface JobStatus {
  decay: { running: boolean; next_run_at: string | null; last_run: Record<string, unknown> | null };
  pruning: { last_run: Record<string, unknown> | null };
  /** `last_run`: the owner's last tick (null elsewhere or before the first); `conversations_started`: all time, from the database. */
  autopilot: { enabled: boolean; running: boolean; next_run_at: string | null; conversations_started: number; last_run: Record<string, unknown> | null };
  retention: { retention_days: number; running: boolean; next_run_at: string | null; last_run: Record<string, unknown> | null };
  owner: { pid: number | null; reachable: boolean; error: string | null };
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
  /** Who runs the background jobs (ADR 0008); default this process (a service alone, the CLI, tests). */
  jobs?: JobOwnership;
  /** Key of the secret store (the desktop app's, from PERSONA_MCP_SECRET_KEY); default the data dir's key file. */
  secretKey?: Buffer;
}

/** The database file of a data dir. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'persona-mcp.sqlite');
}
