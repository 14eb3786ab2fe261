import { z } from 'zod';
import {
  DecayModeSchema, MemoryDecayForceResultSchema, MemoryDecayStartResultSchema, MemoryDecayStatsResultSchema, MemoryDecayStopResultSchema,
  MemoryPruneAllResultSchema, MemoryPruneRecommendationsResultSchema, MemoryPruneResultSchema, MemoryPruneStatsResultSchema,
  PersonaRefSchema, isoNow,
} from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { prunePersona } from './prune.service.ts';
import { forceDecayPersona, runDecayCycle } from './decay.service.ts';
import { mergeMemoryConfig } from './memory-config.ts';
import { decayStatistics, pruneStatistics } from './memory-stats.service.ts';
import { pruneCount } from './prune.model.ts';
import { selectLowest } from './prune-selection.service.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation, type OperationContext } from '../operations/operation.ts';

/** The `memory.prune` operation (docs/protocol.md). */
export const memoryPrune = defineOperation({
  name: 'memory.prune',
  summary: 'Prune one persona\'s memories down to its target; pruned ones go to the archive (restorable). Use to shrink a persona\'s memory now; dry_run only reports.',
  scope: 'admin', tool: true, destructive: true, deadline: 'pass',
  rest: { method: 'POST', path: '/api/personas/:persona_id/memories/prune' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(), force: z.boolean().default(false).describe('Prune even below the threshold or within the interval'),
    dry_run: z.boolean().default(false).describe('Report what would be pruned, change nothing'),
    target_count: z.number().int().min(0).optional().describe('Memories to keep (default: config)'), max_memories: z.number().int().min(0).optional().describe('Legacy name of target_count'),
  }),
  output: MemoryPruneResultSchema,
  async handler(ctx, input) {
    const persona = await personaFromRef(ctx, input.persona_id);
    const target = input.target_count ?? input.max_memories;
    return prunePersona(ctx.core, persona, { force: input.force, dry_run: input.dry_run, trigger: 'manual', ...(target !== undefined ? { target_count: target } : {}) });
  },
});

/** The `memory.prune_all` operation (docs/protocol.md). */
export const memoryPruneAll = defineOperation({
  name: 'memory.prune_all',
  summary: 'Prune every persona that is due (over its threshold; every one with force); pruned memories go to the archive. Use for a maintenance pass over all personas.',
  scope: 'admin', tool: true, destructive: true, deadline: 'pass',
  rest: { method: 'POST', path: '/api/memories/prune' },
  input: z.object({ force: z.boolean().default(false) }),
  output: MemoryPruneAllResultSchema,
  async handler(ctx, input) {
    const started = performance.now();
    const personas = await createRepositories(ctx.core.db.manager).personas.list();
    const totals = { before: 0, after: 0, pruned: 0, errors: 0 };
    for (const p of personas) {
      try {
        const r = await prunePersona(ctx.core, p, { force: input.force, dry_run: false, trigger: 'global' });
        if (r.status === 'pruning_completed') { totals.before += r.memories_before; totals.after += r.memories_after; totals.pruned += r.memories_pruned; }
        else { totals.before += r.current_memory_count; totals.after += r.current_memory_count; }
      } catch {
        totals.errors += 1;
      }
    }
    return {
      status: 'global_pruning_completed' as const, personas_processed: personas.length, total_memories_before: totals.before, total_memories_after: totals.after,
      total_memories_pruned: totals.pruned, processing_time: (performance.now() - started) / 1000, errors_encountered: totals.errors,
    };
  },
});

/** `memory.prune_recommendations`: a dry run summary. */
export const memoryPruneRecommendations = defineOperation({
  name: 'memory.prune_recommendations',
  summary: 'Show what a prune of one persona would do, changing nothing. Use before memory.prune.',
  scope: 'read', tool: true, deadline: 'pass',
  rest: { method: 'GET', path: '/api/personas/:persona_id/memories/prune-recommendations' },
  input: z.object({ persona_id: PersonaRefSchema.optional() }),
  output: MemoryPruneRecommendationsResultSchema,
  async handler(ctx, input) {
    const persona = await personaFromRef(ctx, input.persona_id);
    const cfg = ctx.core.memory.effective(persona).pruning;
    const count = createRepositories(ctx.core.db.manager).memories.count(persona.id);
    if (count < cfg.threshold) {
      return { persona_id: persona.id, recommendations: { needs_pruning: false, current_count: count, target_count: cfg.target, recommendation: 'No pruning needed' } };
    }
    const { selected } = await selectLowest(ctx.core, persona.id, pruneCount(count, cfg.target), cfg, false);
    let sum = 0;
    let low = Infinity;
    let high = -Infinity;
    for (const s of selected) { sum += s.importance; low = Math.min(low, s.importance); high = Math.max(high, s.importance); }
    return { persona_id: persona.id, recommendations: {
      needs_pruning: true, current_count: count, target_count: cfg.target, would_prune: selected.length,
      average_importance_to_prune: selected.length ? sum / selected.length : null,
      ...(selected.length ? { importance_range_to_prune: [low, high] as [number, number] } : {}),
      candidates: selected.slice(0, 20).map((s) => s.id), recommendation: `Prune ${selected.length} memories to reach ${cfg.target}`,
    } };
  },
});

/** `memory.prune_stats`: persisted pruning history. */
export const memoryPruneStats = defineOperation({
  name: 'memory.prune_stats',
  summary: 'Get the history of past pruning runs. Use to see when memories were pruned and how many.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/memories/prune-stats' },
  input: z.object({ limit: z.number().int().min(1).max(100).default(10) }),
  output: MemoryPruneStatsResultSchema,
  async handler(ctx, input) {
    return { pruning_statistics: pruneStatistics(ctx.core, input.limit) };
  },
});

async function persistDecay(ctx: OperationContext, patch: Record<string, unknown>) {
  const next = mergeMemoryConfig(ctx.core.memory.global(), { decay: patch });
  await ctx.core.db.transaction((em) => createRepositories(em).settings.set('memory', next, isoNow(ctx.core.now())));
  ctx.core.memory.setGlobal(next);
  return next;
}

/** The `memory.decay_start` operation (docs/protocol.md). */
export const memoryDecayStart = defineOperation({
  name: 'memory.decay_start',
  summary: 'Start or restart the background decay job, optionally with a new interval or mode. Use to turn decay on or change it.',
  scope: 'admin', tool: true,
  rest: { method: 'POST', path: '/api/memories/decay/start' },
  input: z.object({ interval_hours: z.number().min(0.1).max(168).optional(), mode: DecayModeSchema.optional() }),
  output: MemoryDecayStartResultSchema,
  async handler(ctx, input) {
    const next = await persistDecay(ctx, { enabled: true, ...(input.interval_hours !== undefined ? { interval_hours: input.interval_hours } : {}), ...(input.mode ? { mode: input.mode } : {}) });
    const { changed, state } = await ctx.core.jobs.start('decay');
    return { status: 'background_decay_started' as const, interval_hours: next.decay.interval_hours, mode: next.decay.mode, auto_pruning: next.pruning.auto, next_run_at: state.next_run_at, already_running: !changed };
  },
});

/** The `memory.decay_stop` operation (docs/protocol.md). */
export const memoryDecayStop = defineOperation({
  name: 'memory.decay_stop',
  summary: 'Stop the background decay job (it stays stopped across restarts). Use to keep memories from fading.',
  scope: 'admin', tool: true,
  rest: { method: 'POST', path: '/api/memories/decay/stop' },
  input: z.object({}),
  output: MemoryDecayStopResultSchema,
  async handler(ctx) {
    await persistDecay(ctx, { enabled: false });
    const { changed } = await ctx.core.jobs.stop('decay');
    return { status: 'background_decay_stopped' as const, was_running: changed };
  },
});

/** The `memory.decay_stats` operation (docs/protocol.md). */
export const memoryDecayStats = defineOperation({
  name: 'memory.decay_stats',
  summary: 'Get the decay job\'s configuration and the history of its runs. Use to check whether and how memories decay.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/memories/decay/stats' },
  input: z.object({}),
  output: MemoryDecayStatsResultSchema,
  async handler(ctx) {
    return { decay_statistics: await decayStatistics(ctx.core) };
  },
});

/** `memory.decay_force`: one persona by a factor, or a global cycle now. */
export const memoryDecayForce = defineOperation({
  name: 'memory.decay_force',
  summary: 'Decay memories now: one persona by a factor, or (without persona_id) one global cycle. Use to apply decay without waiting for the job.',
  scope: 'admin', tool: true, destructive: true, deadline: 'pass',
  rest: { method: 'POST', path: '/api/memories/decay/force' },
  input: z.object({ persona_id: PersonaRefSchema.optional(), decay_factor: z.number().min(0).max(1).default(0.1) }),
  output: MemoryDecayForceResultSchema,
  async handler(ctx, input) {
    if (input.persona_id === undefined) return runDecayCycle(ctx.core);
    return forceDecayPersona(ctx.core, await requirePersona(ctx.core.db.manager, input.persona_id), input.decay_factor);
  },
});
