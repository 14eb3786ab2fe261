// Archive retention (`memory.archive.retention_days`): a daily job hard-deletes
// archived memories archived longer ago than the retention; 0 keeps the archive forever. Each sweep
// writes a `retention_runs` row and emits `retention.completed`.
import { randomUUID } from 'node:crypto';
import { isoNow } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import type { RetentionRunRow } from '../db/index.ts';
import { createRepositories } from '../repositories.ts';
import { createTimerJob, type TimerJob } from '../jobs/timer-job.ts';
import { inBatches } from '../jobs/yield-turn.ts';

/** How often the retention sweep runs. */
export const RETENTION_INTERVAL_MS = 24 * 3_600_000;
/** Delay of the first sweep after the job starts (a process that lives less than a day still sweeps). */
export const RETENTION_FIRST_DELAY_MS = 5 * 60_000;

/** Archived memories one write transaction of a sweep deletes at most. */
export const RETENTION_BATCH = 1000;

/** Result of one sweep: skipped when the retention is 0 (forever), else the run row written. */
export type RetentionResult = { status: 'skipped'; retention_days: 0 } | ({ status: 'completed' } & RetentionRunRow);

/** One sweep at `core.now()` with the run-time `memory.archive.retention_days`. */
export async function runRetention(core: CoreContext): Promise<RetentionResult> {
  const days = core.memory.global().archive.retention_days;
  if (days === 0) return { status: 'skipped', retention_days: 0 };
  const started = performance.now();
  const now = core.now();
  const at = isoNow(now);
  const cutoff = isoNow(new Date(now.getTime() - days * 86_400_000));
  // A batch per write transaction, the event loop and the write lock free between batches, so a sweep
  // of a large archive holds neither; the run row last.
  const deleted = await inBatches(RETENTION_BATCH, (limit) => core.db.transaction(async (em) => createRepositories(em).memories.deleteArchivedBefore(cutoff, limit)));
  const row: RetentionRunRow = {
    id: randomUUID(), started_at: at, finished_at: isoNow(core.now()), retention_days: days, cutoff, memories_deleted: deleted,
    processing_time: (performance.now() - started) / 1000,
  };
  await core.db.transaction(async (em) => createRepositories(em).memoryRuns.insertRetentionRun(row));
  core.events.emit({ name: 'retention.completed', persona_id: null, at, data: { ...row } });
  return { status: 'completed', ...row };
}

/** The daily retention job; `run` is `runRetention` of the finished core, wrapped by the core's job step. */
export function createRetentionJob(run: () => Promise<unknown>, lastRun: () => Record<string, unknown> | null): TimerJob {
  return createTimerJob({
    name: 'retention', enabled: () => true, firstDelayMs: () => RETENTION_FIRST_DELAY_MS, intervalMs: () => RETENTION_INTERVAL_MS, run, lastRun,
  });
}
