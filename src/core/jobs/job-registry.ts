// The background jobs of a stack (ADR 0008): every job has exactly one owner process. The registry of
// the owner runs its jobs; the registry of any other process forwards start, stop and status to the
// owner (through the host) and never runs a job itself. Core builds one registry per process.
import { AppError, JobActionResultSchema, JobParamsSchema, JobStatesSchema, type JobAction, type JobActionResult, type JobState } from '../../shared/index.ts';
import { getLogger } from '../logger/index.ts';

const log = getLogger('jobs');

/** One named background job as the registry drives it (the decay scheduler, an autopilot, a retention sweep). */
export interface BackgroundJob {
  readonly name: string;
  /** Whether the saved settings enable it; a serving owner starts enabled jobs and follows changes. */
  enabled(): boolean;
  /** Starts (or restarts with the current settings); returns whether it was already running. */
  start(): boolean;
  /** Stops; returns whether it was running. */
  stop(): boolean;
  running(): boolean;
  /** Next scheduled run (ISO), or null. */
  nextRunAt(): string | null;
}

/** How a non-owner reaches the owner: sends one job action and resolves with the owner's raw answer. */
export type JobForwarder = (action: JobAction, params: Record<string, unknown>) => Promise<unknown>;

/** Who owns the jobs of this process: itself, or another process reached through `forward`. */
export type JobOwnership = { owner: true } | { owner: false; forward: JobForwarder };

/** The jobs of one process; every method answers with the owner's truth. */
export interface JobRegistry {
  /** True when this process runs the jobs. */
  readonly owner: boolean;
  /** Adds a job (composition root and concept wiring only). DUPLICATE names are a programming error. */
  register(job: BackgroundJob): void;
  /** Names of the registered jobs. */
  names(): string[];
  /** Starts (or restarts) `name` in the owner. */
  start(name: string): Promise<JobActionResult>;
  /** Stops `name` in the owner; it has stopped when this resolves. */
  stop(name: string): Promise<JobActionResult>;
  /** The owner's state of every job. */
  status(): Promise<Record<string, JobState>>;
  /** The owner's state of one job. */
  state(name: string): Promise<JobState>;
  /** Owner only: starts the enabled jobs and from then on follows `enabled()` at each `reconcile`. No-op elsewhere. */
  serve(): void;
  /** Owner only, once serving: starts enabled jobs that are stopped and stops disabled ones that run (only job `name` when given). */
  reconcile(name?: string): void;
  /** Answers a forwarded action locally (the owner's side of the forward). */
  answer(action: JobAction, params: Record<string, unknown>): Promise<unknown>;
  /** Stops every job of this process (close). */
  stopAll(): void;
}

/** Options of createJobRegistry. */
export interface JobRegistryOptions {
  ownership: JobOwnership;
  /** Names the owner in every state it reports; default this process's pid. */
  pid?: number;
  /**
   * Run before the owner answers a forwarded action: applies the settings the caller just saved
   * (true when a setting was applied; the registry then reconciles after the action, not before it).
   */
  beforeAnswer?: () => boolean;
}

/** Creates the registry of one process. */
export function createJobRegistry(options: JobRegistryOptions): JobRegistry {
  const { ownership, pid = process.pid } = options;
  const jobs = new Map<string, BackgroundJob>();
  let serving = false;

  const find = (name: string): BackgroundJob => {
    const job = jobs.get(name);
    if (!job) throw new AppError('INVALID_PARAMS', `no background job named ${name}`, { details: { job: name, jobs: [...jobs.keys()] } });
    return job;
  };
  const stateOf = (job: BackgroundJob): JobState => ({
    name: job.name, running: job.running(), enabled: job.enabled(), next_run_at: job.nextRunAt(), owner_pid: pid,
  });
  const local = {
    start(name: string): JobActionResult {
      const job = find(name);
      const already = job.start();
      return { changed: !already, state: stateOf(job) };
    },
    stop(name: string): JobActionResult {
      const job = find(name);
      const was = job.stop();
      return { changed: was, state: stateOf(job) };
    },
    status: (): Record<string, JobState> => Object.fromEntries([...jobs.values()].map((j) => [j.name, stateOf(j)])),
  };
  const remote = async (action: JobAction, params: Record<string, unknown>): Promise<unknown> => {
    if (ownership.owner) throw new AppError('INTERNAL_ERROR', 'the job owner does not forward');
    return ownership.forward(action, params);
  };

  return {
    owner: ownership.owner,
    register(job) {
      if (jobs.has(job.name)) throw new Error(`background job ${job.name} registered twice`);
      jobs.set(job.name, job);
    },
    names: () => [...jobs.keys()],
    async start(name) {
      if (ownership.owner) return local.start(name);
      return JobActionResultSchema.parse(await remote('jobs.start', { job: name }));
    },
    async stop(name) {
      if (ownership.owner) return local.stop(name);
      return JobActionResultSchema.parse(await remote('jobs.stop', { job: name }));
    },
    async status() {
      if (ownership.owner) return local.status();
      return JobStatesSchema.parse(await remote('jobs.status', {}));
    },
    async state(name) {
      const all = await this.status();
      const s = all[name];
      if (!s) throw new AppError('INVALID_PARAMS', `no background job named ${name}`, { details: { job: name } });
      return s;
    },
    serve() {
      if (!ownership.owner) return;
      serving = true;
      this.reconcile();
    },
    reconcile(name) {
      if (!ownership.owner || !serving) return;
      for (const job of jobs.values()) {
        if (name !== undefined && job.name !== name) continue;
        const want = job.enabled();
        if (want === job.running()) continue;
        log.info({ job: job.name, running: want }, want ? 'starting job (enabled)' : 'stopping job (disabled)');
        if (want) job.start();
        else job.stop();
      }
    },
    async answer(action, params) {
      if (!ownership.owner) throw new AppError('INTERNAL_ERROR', 'only the job owner answers job actions');
      const applied = options.beforeAnswer?.() ?? false;
      if (action === 'jobs.status') {
        if (applied) this.reconcile();
        return local.status();
      }
      const parsed = JobParamsSchema.safeParse(params);
      if (!parsed.success) throw new AppError('INVALID_PARAMS', 'invalid job action params', { details: { action } });
      const result = action === 'jobs.start' ? local.start(parsed.data.job) : local.stop(parsed.data.job);
      if (applied) this.reconcile();
      return result;
    },
    stopAll() {
      serving = false;
      for (const job of jobs.values()) job.stop();
    },
  };
}
