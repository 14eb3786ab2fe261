// The composition root: builds one process's core from narrow parts, each constructed with what it
// needs and nothing patched in later. Entry points (services, bot processes, the host, one-shot
// commands, tests) call `createCore` once and hand the result to whatever serves requests.
import { join } from 'node:path';
import { isoNow } from '../shared/index.ts';
import { openDatabase } from './db/index.ts';
import { createEventBus } from './events/index.ts';
import { seedDefaultPersonas } from './persona/seed.ts';
import { VERSION } from './version.ts';
import { createLlmRegistry, type LlmRegistry } from './llm/index.ts';
import { createKeyedQueue } from './chat/session-queue.ts';
import { createSettingsRepository } from './config/settings.repository.ts';
import { createMemoryRunsRepository } from './memory/memory-runs.repository.ts';
import { createMemoryConfigStore, mergeMemoryConfig } from './memory/memory-config.ts';
import { createDecayScheduler } from './memory/decay-scheduler.ts';
import { runDecayCycle } from './memory/decay.service.ts';
import { createRetentionJob, runRetention } from './memory/retention.service.ts';
import { createAutopilotJob } from './conversation/autopilot.service.ts';
import type { BackgroundJob } from './background-job.ts';
import { createSecretStore, ensureOwnerOnlyDir, narrowToOwner } from './secrets/index.ts';
import { effectiveLlmSettings, sealPlainLlmApiKey } from './system/llm-settings.service.ts';
import { createTokenStore } from './auth/index.ts';
import { createKeyedRateLimiter } from './limits/index.ts';
import { createSharedSettingsSync } from './shared-settings.ts';
import { databaseFile, type CoreContext, type CreateCoreOptions, type JobStatus, type LlmStatus } from './core-context.ts';

/**
 * Opens the database (migrating it when asked), seeds a brand-new one, and builds the process's core.
 * The data dir is made owner-only (0700; its config.json 0600) and a plain-text LLM key sealed.
 */
export async function createCore(options: CreateCoreOptions): Promise<CoreContext> {
  const { config } = options;
  ensureOwnerOnlyDir(config.data_dir);
  narrowToOwner(join(config.data_dir, 'config.json'));
  const db = await openDatabase({ file: options.dbFile ?? databaseFile(config.data_dir), migrate: options.migrate ?? true });
  const clock = options.clock ?? (() => new Date());
  const settings = createSettingsRepository(db.manager);
  const runs = createMemoryRunsRepository(db.manager);
  const secrets = createSecretStore({ dataDir: config.data_dir, ...(options.secretKey ? { key: options.secretKey } : {}) });
  await sealPlainLlmApiKey({ db, secrets }, isoNow(clock()));
  // Settings changed at run time (system.configure_llm, memory.config_set) are persisted and win over the config file.
  const llm = createLlmRegistry(effectiveLlmSettings(config.llm, await settings.get('llm'), secrets));
  const savedMemory = await settings.get<Record<string, unknown>>('memory');
  const memory = createMemoryConfigStore(savedMemory ? mergeMemoryConfig(config.memory, savedMemory) : config.memory);
  const shared = createSharedSettingsSync({ settings, config, llm, memory, secrets });
  const chatQueue = createKeyedQueue(config.limits.chat_queue);
  const tasks = new Set<Promise<unknown>>();
  // The cycle needs the finished core; it first runs long after construction (a timer).
  const decay = createDecayScheduler({
    memory,
    runCycle: () => {
      core.refresh();
      return runDecayCycle(core);
    },
  });

  // Jobs beside decay; each run is registered as background work, so close() waits for it.
  const tracked = (run: () => Promise<unknown>) => () => {
    const task = run();
    core.background(task);
    return task;
  };
  const autopilot = createAutopilotJob(() => core, config.conversation.autopilot, tracked);
  const retention = createRetentionJob(tracked(() => {
    core.refresh();
    return runRetention(core);
  }), () => runs.lastRun('retention_runs'));
  const jobs = new Map<string, BackgroundJob>([[autopilot.name, autopilot], [retention.name, retention]]);

  const core: CoreContext = {
    db,
    config,
    events: createEventBus(),
    version: VERSION,
    startedAt: clock(),
    llm,
    memory,
    decay,
    jobs,
    secrets,
    tokens: createTokenStore({ db, secrets, configToken: config.auth.token, now: clock }),
    llmCalls: createKeyedRateLimiter(config.limits.llm_calls_per_minute),
    chatQueue,
    speaking: new Map(),
    now: clock,
    refresh() {
      db.readSnapshot();
      shared.sync();
    },
    background(task) {
      tasks.add(task);
      void task.finally(() => tasks.delete(task)).catch(() => undefined);
    },
    async idle() {
      while (tasks.size) await Promise.allSettled([...tasks]);
      await chatQueue.drain();
    },
    startJobs() {
      if (memory.global().decay.enabled) decay.start();
      for (const job of jobs.values()) if (job.enabled()) job.start();
    },
    llmStatus: () => llmStatus(llm),
    jobStatus: async (): Promise<JobStatus> => ({
      decay: { running: decay.running(), next_run_at: decay.nextRunAt(), last_run: runs.lastRun('decay_runs') },
      pruning: { last_run: runs.lastRun('prune_runs') },
      autopilot: { enabled: autopilot.enabled(), running: autopilot.running(), next_run_at: autopilot.nextRunAt(), last_run: autopilot.lastRun() },
      retention: { retention_days: memory.global().archive.retention_days, running: retention.running(), next_run_at: retention.nextRunAt(), last_run: retention.lastRun() },
    }),
    async close() {
      decay.stop();
      for (const job of jobs.values()) job.stop();
      // Work queued behind replies (rolling summaries) and background fills finish before the database closes.
      await core.idle();
      await db.close();
    },
  };
  if (options.seed ?? true) await seedDefaultPersonas(core);
  return core;
}

async function llmStatus(llm: LlmRegistry): Promise<LlmStatus> {
  const h = await llm.health();
  return { ok: h.ok, provider: h.provider, model: h.model, base_url: h.base_url, latency_ms: h.latency_ms, error: h.error };
}
