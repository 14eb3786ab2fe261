import { randomUUID } from 'node:crypto';
import { isoNow, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { createTimerJob, type TimerJob } from '../jobs/timer-job.ts';
import { atCeiling, pruneCount, type PruneSelection } from './prune.model.ts';
import { averageKept, selectLowest } from './prune-selection.service.ts';
import { yieldToOthers } from '../jobs/yield-turn.ts';
import { archiveBatch, autoPruneDue, recordRun, type PruneOptions } from './prune.service.ts';
import { onPruningWake } from './prune-wake.ts';
import { getLogger } from '../logger/index.ts';

const log = getLogger('memory.prune');

// Automatic pruning off the write path (docs/memory.md "Pruning", ADR 0008): inserts only keep the
// per-persona count (triggers on `memories` keep `prune_state.memory_count`); the `pruning` job of the
// job-owning process reads those counts, starts a run for a persona that is due, selects its memories by
// walking the importance index (not the whole persona) and archives them a bounded number per tick.

/** Memories one tick archives at most (in write transactions of `pruning.batch_size`). */
export const PRUNE_TICK_LIMIT = 2000;
/** Delay between ticks while a run has memories left to archive. */
export const PRUNE_BUSY_MS = 10;
/** Delay between ticks otherwise (how soon a persona over its threshold is seen without a wake-up). */
export const PRUNE_IDLE_MS = 2000;

/** A run in progress: its selection, read once at its start, and how far the archiving got. */
interface ActiveRun {
  persona: Persona; runId: string; at: string; started: number; target: number; requested: number; before: number;
  selection: PruneSelection; pending: { id: string; prune_score: number }[]; moved: number; batches: number; averageKept: number | null;
}

const active = new WeakMap<CoreContext, Map<string, ActiveRun>>();
const TRIGGER: PruneOptions = { force: false, dry_run: false, trigger: 'insert' };

/** Starts a run for a persona when its count says it is due (the insert trigger's rules); null when not. */
async function startRun(core: CoreContext, persona: Persona, count: number): Promise<ActiveRun | null> {
  const cfg = core.memory.effective(persona).pruning;
  const repos = createRepositories(core.db.manager);
  if (!cfg.auto || !(await autoPruneDue(repos, persona.id, count, cfg, core.now()))) return null;
  const started = performance.now();
  const requested = pruneCount(count, cfg.target);
  const selection = await selectLowest(core, persona.id, requested, cfg, atCeiling(count, cfg));
  return {
    persona, runId: randomUUID(), at: isoNow(core.now()), started, target: cfg.target, requested, before: count, selection,
    pending: selection.selected.map((s) => ({ id: s.id, prune_score: s.score })), moved: 0, batches: 0, averageKept: averageKept(repos, persona.id, count, selection),
  };
}

/** What one tick did. */
export interface PruneTickResult {
  /** Memories archived in this tick. */
  archived: number;
  /** Runs finished in this tick (their prune_runs rows written, or counted as skipped). */
  finished: number;
  /** True while a run has memories left to archive (the next tick comes soon). */
  busy: boolean;
}

/**
 * One tick of the pruning job: continues the runs in progress and starts runs for personas whose count
 * (prune_state, no scan) makes them due, archiving at most `limit` memories in all. A run's prune_runs row
 * is written when its last batch is archived; a process that stops mid-run leaves the archived part
 * archived, and the next tick (here or in the next job owner) starts over from the counts.
 */
export async function pruneTick(core: CoreContext, limit = PRUNE_TICK_LIMIT): Promise<PruneTickResult> {
  const runs = active.get(core) ?? new Map<string, ActiveRun>();
  active.set(core, runs);
  const repos = createRepositories(core.db.manager);
  let budget = limit;
  let archived = 0;
  let finished = 0;
  for (const { persona_id: id, memory_count: count } of repos.memoryRuns.personasWithAtLeast(1)) {
    if (budget <= 0) break;
    try {
      let run = runs.get(id) ?? null;
      if (!run) {
        const persona = await repos.personas.get(id);
        run = persona ? await startRun(core, persona, count) : null;
        if (!run) continue;
        runs.set(id, run);
      }
      const batch = core.memory.effective(run.persona).pruning.batch_size;
      while (run.pending.length && budget > 0) {
        const items = run.pending.splice(0, Math.min(batch, budget));
        const moved = await archiveBatch(core, items, run.at, run.runId);
        run.moved += moved;
        run.batches += 1;
        archived += moved;
        budget -= items.length;
        await yieldToOthers();
      }
      if (run.pending.length === 0) {
        runs.delete(id);
        finished += 1;
        await recordRun(core, run.persona, { ...run, opts: TRIGGER });
      }
    } catch (err) {
      // A persona deleted mid-run, a locked database: the run is dropped; the counts bring it back if still due.
      runs.delete(id);
      log.error({ err, persona: id }, 'pruning job run failed');
    }
  }
  return { archived, finished, busy: runs.size > 0 };
}

/**
 * The `pruning` background job: a tick every PRUNE_IDLE_MS, every PRUNE_BUSY_MS while a run has work
 * left, and soon after an insert of this process over a threshold (`wakePruning`). Enabled with
 * `memory.pruning.auto` (per-persona policies are honoured at each run's start).
 */
export function createPruneJob(core: () => CoreContext, jobRun: (run: () => Promise<unknown>) => () => Promise<unknown>, lastRun: () => Record<string, unknown> | null, enabled: () => boolean): TimerJob {
  let busy = false;
  const job = createTimerJob({
    name: 'pruning', enabled, firstDelayMs: () => PRUNE_BUSY_MS, intervalMs: () => (busy ? PRUNE_BUSY_MS : PRUNE_IDLE_MS), lastRun,
    run: jobRun(async () => {
      busy = (await pruneTick(core())).busy;
    }),
  });
  let woken = false;
  return {
    ...job,
    start() {
      onPruningWake(core(), () => {
        if (woken || !job.running()) return;
        woken = true;
        setTimeout(() => { woken = false; void job.runNow().catch(() => undefined); }, PRUNE_BUSY_MS).unref();
      });
      return job.start();
    },
  };
}
