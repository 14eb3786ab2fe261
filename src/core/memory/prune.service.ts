import { randomUUID } from 'node:crypto';
import { isoNow, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories, type Repositories } from '../repositories.ts';
import { atCeiling, nextPruneAtCount, pruneCount, shouldPruneAfterInsert, type PruneSelection, type PruningConfig } from './prune.model.ts';
import { averageKept, selectLowest } from './prune-selection.service.ts';
import { yieldToOthers } from '../jobs/yield-turn.ts';
import { wakePruning } from './prune-wake.ts';
import type { PruneRunRow } from '../db/index.ts';
import { getLogger } from '../logger/index.ts';

const log = getLogger('memory.prune');

/**
 * Whether an automatic pass is due for a persona holding `count` memories (docs/memory.md "Pruning"):
 * at the threshold or `max_memories`, past the back-off and the minimum interval.
 */
export async function autoPruneDue(repos: Repositories, personaId: string, count: number, cfg: PruningConfig, now: Date): Promise<boolean> {
  if (count < Math.min(cfg.threshold, cfg.max_memories)) return false;
  const last = (await repos.states.getInteraction(personaId))?.last_pruned_at ?? null;
  return shouldPruneAfterInsert(count, last, repos.memoryRuns.pruneState(personaId).next_prune_at_count, now, cfg);
}
/** Options of one prune run. */
export interface PruneOptions {
  force: boolean;
  dry_run: boolean;
  target_count?: number;
  trigger: 'manual' | 'insert' | 'decay' | 'global';
}

/** `memory.prune` result when a run happened. */
export interface PruneCompleted {
  status: 'pruning_completed'; persona_id: string; run_id: string; dry_run: boolean; memories_before: number; memories_after: number;
  memories_pruned: number; target_count: number; target_reached: boolean;
  protected: { importance: number; access: number; grace: number; pinned: number; restored: number };
  processing_time: number; average_importance_pruned: number | null; average_importance_kept: number | null; pruned_ids: string[];
  /** Write transactions the archiving took (`pruning.batch_size` memories each; 0 for a dry run). */
  batches: number;
}

/** `memory.prune` result when nothing was due. */
export interface PruneSkipped {
  status: 'no_pruning_needed'; persona_id: string; current_memory_count: number; message: string;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Automatic triggers (the insert trigger and decay); the others are operator calls. */
const AUTOMATIC: ReadonlySet<PruneOptions['trigger']> = new Set(['insert', 'decay']);

/**
 * Prunes one persona to the target (docs/memory.md "Pruning"): selected memories
 * move to the archive with reason `pruned`, their score and the run id, `batch_size` per transaction. A
 * run writes a `prune_runs` row and emits `prune.completed`, except an automatic run that archived
 * nothing (it counts as a skipped run). Automatic runs short of their target set the persona's back-off;
 * a run that reaches its target clears it. At 2 × max_memories the grace protection is lifted.
 */
export async function prunePersona(core: CoreContext, persona: Persona, opts: PruneOptions): Promise<PruneCompleted | PruneSkipped> {
  const started = performance.now();
  const now = core.now();
  const at = isoNow(now);
  const cfg = core.memory.effective(persona).pruning;
  const repos = createRepositories(core.db.manager);
  // The cheap check first: one row holds the count (kept by triggers) and the back-off; below the
  // threshold nothing else is read and nothing is scanned.
  const state = repos.memoryRuns.pruneState(persona.id);
  const count = opts.force ? repos.memories.count(persona.id) : state.memory_count;
  const target = opts.target_count ?? cfg.target;
  const due = opts.force || await autoPruneDue(repos, persona.id, count, cfg, now);
  if (!due) {
    return { status: 'no_pruning_needed', persona_id: persona.id, current_memory_count: count, message: `${count} memories; pruning starts at ${cfg.threshold}` };
  }
  // The selection walks the importance index a page at a time (prune-selection.service.ts); the selected
  // memories are archived in batches of `batch_size`, each in its own write transaction (a long run
  // releases the write lock between batches); the event loop is free between pages and batches; the run row last.
  const before = opts.force ? count : repos.memories.count(persona.id);
  const requested = pruneCount(before, target);
  const selection = await selectLowest(core, persona.id, requested, cfg, atCeiling(before, cfg));
  const average = averageKept(repos, persona.id, before, selection);
  const runId = randomUUID();
  const items = selection.selected.map((s) => ({ id: s.id, prune_score: s.score }));
  let moved = 0;
  let batches = 0;
  for (let i = 0; !opts.dry_run && i < items.length; i += cfg.batch_size) {
    moved += await archiveBatch(core, items.slice(i, i + cfg.batch_size), at, runId);
    batches += 1;
    await yieldToOthers();
  }
  return recordRun(core, persona, { runId, at, started, opts, target, requested, selection, moved, batches, before, averageKept: average });
}

/** Archives one batch of a run in its own write transaction; returns how many moved (pinned meanwhile stay). */
export function archiveBatch(core: CoreContext, items: { id: string; prune_score: number }[], at: string, runId: string): Promise<number> {
  return core.db.transaction(async (em) => createRepositories(em).memories.archiveMany(items, { archived_at: at, archive_reason: 'pruned', run_id: runId }));
}

/** What a finished run (all at once, or over several ticks of the pruning job) reports. */
export interface FinishedRun {
  runId: string; at: string; started: number; opts: PruneOptions; target: number; requested: number;
  selection: PruneSelection; moved: number; batches: number; before: number; averageKept: number | null;
}

/**
 * Ends a run: writes its `prune_runs` row and emits `prune.completed`, except for an automatic run that
 * archived nothing (counted as skipped); an automatic run short of its target backs off, one that reached
 * it clears the back-off.
 */
export async function recordRun(core: CoreContext, persona: Persona, f: FinishedRun): Promise<PruneCompleted> {
  const { opts, selection } = f;
  const result: PruneCompleted = {
    status: 'pruning_completed', persona_id: persona.id, run_id: f.runId, dry_run: opts.dry_run,
    memories_before: f.before, memories_after: f.before - f.moved, memories_pruned: opts.dry_run ? selection.selected.length : f.moved,
    target_count: f.target, target_reached: selection.targetReached, protected: selection.protectedCounts,
    processing_time: (performance.now() - f.started) / 1000,
    average_importance_pruned: mean(selection.selected.map((s) => s.importance)),
    average_importance_kept: f.averageKept,
    pruned_ids: selection.selected.slice(0, 100).map((s) => s.id), batches: f.batches,
  };
  const row: PruneRunRow = {
    id: f.runId, persona_id: persona.id, started_at: f.at, finished_at: isoNow(core.now()), memories_before: result.memories_before,
    memories_after: result.memories_after, memories_pruned: result.memories_pruned, target_count: f.target, target_reached: result.target_reached,
    average_importance_pruned: result.average_importance_pruned, average_importance_kept: result.average_importance_kept,
    processing_time: result.processing_time, forced: opts.force, dry_run: opts.dry_run, protected: result.protected, pruned_ids: result.pruned_ids, trigger: opts.trigger,
  };
  const automatic = AUTOMATIC.has(opts.trigger) && !opts.dry_run;
  const skipped = automatic && f.moved === 0;
  await core.db.transaction(async (em) => {
    const r = createRepositories(em);
    if (!skipped) r.memoryRuns.insertPruneRun(row);
    if (opts.dry_run) return;
    r.states.markPruned(persona.id, f.at);
    if (f.moved >= f.requested) r.memoryRuns.savePruneState(persona.id, 0, skipped);
    else if (automatic) r.memoryRuns.savePruneState(persona.id, nextPruneAtCount(f.before, core.memory.effective(persona).pruning), skipped);
  });
  if (skipped) {
    log.debug({ persona: persona.name, trigger: opts.trigger, count: f.before }, 'automatic prune run archived nothing');
    return result;
  }
  log.info({ persona: persona.name, pruned: result.memories_pruned, dry_run: opts.dry_run, trigger: opts.trigger }, 'prune run');
  core.events.emit({ name: 'prune.completed', persona_id: persona.id, at: f.at, data: { ...result, pruned_ids: undefined } });
  return result;
}

/**
 * The insert path's part of pruning: nothing but a wake-up. The trigger-kept count in `prune_state` is the
 * record that a persona is over its threshold; the pruning job of the job-owning process reads it and
 * prunes in bounded batches (prune-job.service.ts), so an insert never waits for a pass.
 */
export function pruneIfDue(core: CoreContext, persona: Persona): void {
  if (core.memory.effective(persona).pruning.auto) wakePruning(core);
}
