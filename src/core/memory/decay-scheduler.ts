import { getLogger } from '../logger/index.ts';
import type { BackgroundJob } from '../jobs/index.ts';
import type { MemoryConfigStore } from './memory-config.ts';

const log = getLogger('memory.scheduler');

/** The background decay job `decay` (intelligence.md §3.3): first run after a delay, then every interval; enabled by `memory.decay.enabled`. */
export type DecayScheduler = BackgroundJob;

/** What the scheduler needs: the run-time memory config (interval, first delay) and the cycle to run. */
export interface DecaySchedulerDeps {
  memory: MemoryConfigStore;
  /** One decay cycle (`runDecayCycle` of the process's core). */
  runCycle(): Promise<unknown>;
}

/** Creates the scheduler; it reads interval and delay from the run-time memory config at each start. */
export function createDecayScheduler(deps: DecaySchedulerDeps): DecayScheduler {
  const { memory } = deps;
  let timer: NodeJS.Timeout | null = null;
  let next: number | null = null;
  let busy = false;
  const schedule = (delayMs: number) => {
    next = Date.now() + delayMs;
    timer = setTimeout(async () => {
      if (busy) return;
      busy = true;
      try {
        await deps.runCycle();
      } catch (err) {
        log.error({ err }, 'decay cycle failed');
      } finally {
        busy = false;
      }
      if (timer) schedule(memory.global().decay.interval_hours * 3_600_000);
    }, delayMs);
    timer.unref();
  };
  return {
    name: 'decay',
    enabled: () => memory.global().decay.enabled,
    start() {
      const was = timer !== null;
      if (timer) clearTimeout(timer);
      schedule(was ? memory.global().decay.interval_hours * 3_600_000 : memory.global().decay.first_run_delay_s * 1000);
      return was;
    },
    stop() {
      const was = timer !== null;
      if (timer) clearTimeout(timer);
      timer = null;
      next = null;
      return was;
    },
    running: () => timer !== null,
    nextRunAt: () => (next === null ? null : new Date(next).toISOString()),
  };
}
