import { isoNow, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';

// Read-only statistics over memories and the persisted decay and prune runs (`memory.stats`,
// `memory.decay_stats`, `memory.prune_stats`), counted from the database.

/** `memory.stats`: counts, averages and breakdowns of one persona's memories. */
export function personaMemoryStats(core: CoreContext, persona: Persona) {
  const started = performance.now();
  const memories = createRepositories(core.db.manager).memories;
  const s = memories.stats(persona.id, isoNow(core.now()).slice(0, 10));
  return {
    persona_id: persona.id, total_memories: s.total, archived_memories: memories.count(persona.id, true),
    avg_importance: s.avg_importance, memory_types: s.by_type, visibility: s.by_visibility,
    high_importance_count: s.high_importance, pinned_count: s.pinned, created_today: s.created_today,
    oldest_created_at: s.oldest_created_at, newest_created_at: s.newest_created_at,
    stats_calculation_time_ms: performance.now() - started,
  };
}

/** `memory.shared_stats`: shared and public memories and cross references, per persona. */
export async function sharedMemoryStats(core: CoreContext) {
  const repos = createRepositories(core.db.manager);
  const rows = repos.memories.sharing();
  const sum = (k: 'shared' | 'public' | 'cross_references') => rows.reduce((n, r) => n + r[k], 0);
  return {
    total_personas: await repos.personas.count(), shared_memories: sum('shared'), public_memories: sum('public'), cross_references: sum('cross_references'),
    by_persona: Object.fromEntries(rows.map(({ persona_id, ...counts }) => [persona_id, counts])),
  };
}

/**
 * `memory.prune_stats`: totals of the persisted prune runs, the latest `limit` runs, and per
 * persona the automatic runs that archived nothing (`skipped_runs`; they write no run row).
 */
export function pruneStatistics(core: CoreContext, limit: number): Record<string, unknown> {
  const runs = createRepositories(core.db.manager).memoryRuns;
  const t = runs.pruneTotals();
  const skipped_runs = runs.skippedRuns();
  if (t.runs === 0) return { message: 'No pruning operations performed yet', skipped_runs };
  return {
    total_pruning_operations: t.runs, total_memories_pruned: t.memories_pruned, total_personas_processed: t.personas, average_processing_time: t.average_processing_time,
    last_global_prune: t.last_global_at, personas_last_pruned: t.last_by_persona, skipped_runs, recent_runs: runs.recentPruneRuns(limit),
  };
}

/** `memory.decay_stats`: totals of the persisted global decay cycles, the job state (from its owner) and its configuration. */
export async function decayStatistics(core: CoreContext): Promise<Record<string, unknown>> {
  const cfg = core.memory.global();
  const config = { mode: cfg.decay.mode, interval_hours: cfg.decay.interval_hours, max_decay_days: cfg.decay.max_decay_days, auto_pruning: cfg.pruning.auto, auto_prune_threshold: cfg.pruning.auto_prune_threshold };
  const t = createRepositories(core.db.manager).memoryRuns.decayCycleTotals();
  const job = await core.jobs.state('decay');
  const background_running = job.running;
  if (!t.last) return { message: 'No decay cycles have run yet', background_running, config };
  const last = t.last;
  return {
    background_running, last_run: last.started_at, next_run_at: job.next_run_at, total_decay_cycles: t.cycles, total_memories_decayed: t.memories_decayed,
    total_auto_prunes_triggered: t.auto_prunes_triggered, recent_cycle: { personas_processed: last.personas_processed, memories_decayed: last.memories_decayed, average_decay: last.average_decay, processing_time: last.processing_time },
    config,
  };
}
