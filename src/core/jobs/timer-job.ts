// A timer-driven background job for the job registry (src/core/jobs, ADR 0008): a first delay, then an
// interval, runs never overlapping, plus its last run and a way to run it once now.
import { getLogger } from '../logger/index.ts';
import type { BackgroundJob } from './index.ts';

const log = getLogger('jobs');

/** A registry job (the autopilot, the archive retention sweep) with its last run and a run on demand. */
export interface TimerJob extends BackgroundJob {
  /** The last run's record (a run row, or the job's own summary), or null when it never ran. */
  lastRun(): Record<string, unknown> | null;
  /** Runs once now, outside the schedule (tests, a forced run); resolves with the run's result. */
  runNow(): Promise<unknown>;
}

/** What a timer job needs: its name, when it is enabled, its delays, the run and its last record. */
export interface TimerJobSpec {
  name: string;
  enabled(): boolean;
  /** Delay before the first run after start (ms), read at each start. */
  firstDelayMs(): number;
  /** Delay between runs (ms), read after each run. */
  intervalMs(): number;
  run(): Promise<unknown>;
  lastRun(): Record<string, unknown> | null;
}

/** A job that runs `spec.run` after a first delay and then every interval; runs never overlap. */
export function createTimerJob(spec: TimerJobSpec): TimerJob {
  let timer: NodeJS.Timeout | null = null;
  let next: number | null = null;
  let busy: Promise<unknown> | null = null;
  // A stop and restart during a run must not leave the old chain scheduling too.
  let generation = 0;
  const runOnce = async (): Promise<unknown> => {
    if (busy) return busy;
    busy = spec.run().finally(() => {
      busy = null;
    });
    return busy;
  };
  const schedule = (delayMs: number) => {
    const gen = ++generation;
    next = Date.now() + delayMs;
    timer = setTimeout(async () => {
      try {
        await runOnce();
      } catch (err) {
        log.error({ err, job: spec.name }, 'background job run failed');
      }
      if (timer && gen === generation) schedule(spec.intervalMs());
    }, delayMs);
    timer.unref();
  };
  return {
    name: spec.name,
    enabled: spec.enabled,
    start() {
      const was = timer !== null;
      if (timer) clearTimeout(timer);
      schedule(was ? spec.intervalMs() : spec.firstDelayMs());
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
    lastRun: spec.lastRun,
    runNow: runOnce,
  };
}
