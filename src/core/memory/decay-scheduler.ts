import type { BackgroundJob } from '../jobs/index.ts';
import { createTimerJob } from '../jobs/timer-job.ts';
import type { MemoryConfigStore } from './memory-config.ts';

/** The background decay job `decay`: first run after a delay, then every interval; enabled by `memory.decay.enabled`. */
export type DecayScheduler = BackgroundJob;

/** What the scheduler needs: the run-time memory config (interval, first delay) and the cycle to run. */
export interface DecaySchedulerDeps {
  memory: MemoryConfigStore;
  /** One decay cycle (`runDecayCycle` of the process's core). */
  runCycle(): Promise<unknown>;
  /** The last decay run's row, or null (default: none known). */
  lastRun?(): Record<string, unknown> | null;
}

/**
 * Creates the scheduler, a timer job like the others (runs never overlap; a failed cycle is logged and
 * the next one still scheduled); it reads interval and first delay from the run-time memory config.
 */
export function createDecayScheduler(deps: DecaySchedulerDeps): DecayScheduler {
  const { memory } = deps;
  return createTimerJob({
    name: 'decay',
    enabled: () => memory.global().decay.enabled,
    firstDelayMs: () => memory.global().decay.first_run_delay_s * 1000,
    intervalMs: () => memory.global().decay.interval_hours * 3_600_000,
    run: () => deps.runCycle(),
    lastRun: () => deps.lastRun?.() ?? null,
  });
}
