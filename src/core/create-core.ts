// The composition root: builds one process's core from narrow parts, each constructed with what it
// needs and nothing patched in later. Entry points (services, bot processes, the host, one-shot
// commands, tests) call `createCore` once and hand the result to whatever serves requests.
import { join } from 'node:path';
import { isoNow, type JobState, type MemoryConfig } from '../shared/index.ts';
import { openDatabase } from './db/index.ts';
import { createEventBus } from './events/index.ts';
import { seedDefaultPersonas } from './persona/seed.ts';
import { foldLegacyParticipants } from './participants/participant-link.service.ts';
import { VERSION } from './version.ts';
import { createLlmRegistry, type LlmRegistry } from './llm/index.ts';
import { createKeyedQueue } from './chat/session-queue.ts';
import { createSettingsRepository } from './config/settings.repository.ts';
import { createMemoryRunsRepository, type MemoryRunsRepository } from './memory/memory-runs.repository.ts';
import { createMemoryConfigStore } from './memory/memory-config.ts';
import { createDecayScheduler } from './memory/decay-scheduler.ts';
import { runDecayCycle } from './memory/decay.service.ts';
import { createRetentionJob, runRetention } from './memory/retention.service.ts';
import { createPruneJob } from './memory/prune-job.service.ts';
import { AUTOPILOT_CHANNEL, createAutopilotJob } from './conversation/autopilot.service.ts';
import type { TimerJob } from './jobs/timer-job.ts';
import { createRepositories } from './repositories.ts';
import { createSecretStore, ensureOwnerOnlyDir, narrowToOwner } from './secrets/index.ts';
import { sealPlainLlmApiKey } from './system/llm-settings.service.ts';
import { createTokenStore } from './auth/index.ts';
import { createKeyedRateLimiter } from './limits/index.ts';
import { RUNTIME_SETTING_KEYS, createSharedSettingsSync, layerSavedSettings, parseSettingRows } from './shared-settings.ts';
import { createJobRegistry, type JobRegistry } from './jobs/index.ts';
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
  const savedRows = settings.stamps(RUNTIME_SETTING_KEYS);
  const effective = layerSavedSettings(config, parseSettingRows(savedRows), secrets);
  const llm = createLlmRegistry(effective.llm);
  const memory = createMemoryConfigStore(effective.memory);
  const shared = createSharedSettingsSync({ settings, config, llm, memory, secrets, applied: savedRows });
  const chatQueue = createKeyedQueue(config.limits.chat_queue);
  const tasks = new Set<Promise<unknown>>();
  const jobs = createJobRegistry({
    ownership: options.jobs ?? { owner: true },
    // A forwarded start or stop follows a save the caller just made: apply it now, not within the second.
    beforeAnswer: () => {
      db.readSnapshot();
      return shared.sync(true);
    },
  });
  // Every job run needs the finished core (its first run comes long after construction, on a timer),
  // takes the consistency step first and is registered as background work, so close() waits for it.
  const jobRun = (run: () => Promise<unknown>) => () => {
    core.refresh();
    const task = run();
    core.background(task);
    return task;
  };
  // A stop saved by a process that could not reach this owner is honoured at the latest when the cycle is due.
  jobs.register(createDecayScheduler({
    memory,
    runCycle: jobRun(async () => {
      if (memory.global().decay.enabled) await runDecayCycle(core);
    }),
    lastRun: () => runs.lastRun('decay_runs'),
  }));
  const autopilot = createAutopilotJob(() => core, config.conversation.autopilot, jobRun);
  const retention = createRetentionJob(jobRun(() => runRetention(core)), () => runs.lastRun('retention_runs'));
  jobs.register(autopilot);
  jobs.register(retention);
  // Automatic pruning is on globally or in some persona's own policy (`memory.config_set {persona_id}`).
  const pruneWanted = () => memory.global().pruning.auto
    || createRepositories(db.manager).personas.list().some((p) => memory.effective(p).pruning.auto);
  jobs.register(createPruneJob(() => core, jobRun, () => runs.lastRun('prune_runs'), pruneWanted));
  // A serving owner looks at the saved settings every second, so a stop saved elsewhere applies even when idle;
  // and at the personas' pruning policies, which any process may change, so the pruning job follows them.
  let follow: NodeJS.Timeout | null = null;
  let pruneWasWanted: boolean | null = null;
  const followPolicies = () => {
    const want = pruneWanted();
    if (want !== pruneWasWanted) {
      pruneWasWanted = want;
      jobs.reconcile('pruning');
    }
  };

  const core: CoreContext = {
    db,
    config,
    events: createEventBus(),
    version: VERSION,
    startedAt: clock(),
    llm,
    memory,
    jobs,
    secrets,
    tokens: createTokenStore({ db, secrets, configToken: config.auth.token, now: clock }),
    llmCalls: createKeyedRateLimiter(config.limits.llm_calls_per_minute),
    chatQueue,
    speaking: new Map(),
    now: clock,
    refresh() {
      db.readSnapshot();
      if (shared.sync()) jobs.reconcile();
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
      if (!jobs.owner || follow) return;
      jobs.serve();
      pruneWasWanted = pruneWanted();
      follow = setInterval(() => {
        core.refresh();
        followPolicies();
      }, 1000);
      follow.unref();
    },
    llmStatus: () => llmStatus(llm),
    jobStatus: () => jobStatus(jobs, runs, { autopilot, memory: memory.global, autopilotStarted: () => createRepositories(db.manager).conversations.countByChannel(AUTOPILOT_CHANNEL) }),
    async close() {
      if (follow) clearInterval(follow);
      jobs.stopAll();
      // Work queued behind replies (rolling summaries) and background fills finish before the database closes.
      await core.idle();
      await db.close();
    },
  };
  // Participants an earlier release keyed otherwise (mcp:/openai: platforms, upper-case ids) take the current key.
  if (options.migrate ?? true) await foldLegacyParticipants(core);
  if (options.seed ?? true) await seedDefaultPersonas(core);
  return core;
}

/** What the status of the autopilot and retention needs beside the registry. */
interface StatusSources {
  autopilot: TimerJob;
  memory: () => MemoryConfig;
  autopilotStarted: () => number;
}

/** The owner's job states and the last runs; an unreachable owner (restarting, failed) runs nothing. */
async function jobStatus(jobs: JobRegistry, runs: MemoryRunsRepository, src: StatusSources): Promise<JobStatus> {
  const last = { decay: runs.lastRun('decay_runs'), pruning: { last_run: runs.lastRun('prune_runs') } };
  let states: Record<string, JobState> = {};
  let owner: JobStatus['owner'];
  try {
    states = await jobs.status();
    owner = { pid: states.decay?.owner_pid ?? null, reachable: true, error: null };
  } catch (err) {
    owner = { pid: null, reachable: false, error: (err as Error).message };
  }
  const of = (name: string) => ({ running: states[name]?.running ?? false, next_run_at: states[name]?.next_run_at ?? null });
  return {
    decay: { ...of('decay'), last_run: last.decay }, pruning: last.pruning,
    autopilot: {
      enabled: src.autopilot.enabled(), ...of('autopilot'), conversations_started: src.autopilotStarted(),
      // The tick record lives in the owner's memory; other processes show the database count only.
      last_run: jobs.owner ? src.autopilot.lastRun() : null,
    },
    retention: { retention_days: src.memory().archive.retention_days, ...of('retention'), last_run: runs.lastRun('retention_runs') },
    owner,
  };
}

async function llmStatus(llm: LlmRegistry): Promise<LlmStatus> {
  const h = await llm.health();
  return { ok: h.ok, provider: h.provider, model: h.model, base_url: h.base_url, latency_ms: h.latency_ms, error: h.error };
}
