import { getLogger } from '../logger/index.ts';
import type { CoreContext } from '../core-context.ts';
import { runDecayCycle } from './decay.service.ts';

const log = getLogger('memory.scheduler');

/** The background decay job (intelligence.md §3.3): first run after a delay, then every interval. */
export interface DecayScheduler {
  /** Starts (or restarts with the current config); returns whether it was already running. */
  start(): boolean;
  /** Stops; returns whether it was running. */
  stop(): boolean;
  running(): boolean;
  nextRunAt(): string | null;
}

/** Creates the scheduler of a core; it reads interval and delay from the run-time memory config. */
export function createDecayScheduler(core: CoreContext): DecayScheduler {
  let timer: NodeJS.Timeout | null = null;
  let next: number | null = null;
  let busy = false;
  const schedule = (delayMs: number) => {
    next = Date.now() + delayMs;
    timer = setTimeout(async () => {
      if (busy) return;
      busy = true;
      try {
        await runDecayCycle(core);
      } catch (err) {
        log.error({ err }, 'decay cycle failed');
      } finally {
        busy = false;
      }
      if (timer) schedule(core.memory.global().decay.interval_hours * 3_600_000);
    }, delayMs);
    timer.unref();
  };
  return {
    start() {
      const was = timer !== null;
      if (timer) clearTimeout(timer);
      schedule(was ? core.memory.global().decay.interval_hours * 3_600_000 : core.memory.global().decay.first_run_delay_s * 1000);
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
