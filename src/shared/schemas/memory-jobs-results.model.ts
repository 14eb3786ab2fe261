// Results of the memory pruning and decay operations (docs/protocol.md): the operations
// declare them as their output, and the dashboard infers its types from them.
import { z } from 'zod';
import { DecayModeSchema } from './memory-config.model.ts';

/** Memories a pruning run kept back, by reason. */
const PruneProtectedSchema = z.object({ importance: z.number().int(), access: z.number().int(), grace: z.number().int(), pinned: z.number().int(), restored: z.number().int() });

/** `memory.prune` result: a completed (or dry) run, or why none was needed. */
export const MemoryPruneResultSchema = z.union([
  z.object({
    status: z.literal('pruning_completed'), persona_id: z.string(), run_id: z.string(), dry_run: z.boolean(), memories_before: z.number().int(),
    memories_after: z.number().int(), memories_pruned: z.number().int(), target_count: z.number().int(), target_reached: z.boolean(),
    protected: PruneProtectedSchema, processing_time: z.number(), average_importance_pruned: z.number().nullable(), average_importance_kept: z.number().nullable(),
    pruned_ids: z.array(z.string()),
    /** Write transactions the archiving took (`memory.pruning.batch_size` memories each; 0 for a dry run). */
    batches: z.number().int(),
  }),
  z.object({ status: z.literal('no_pruning_needed'), persona_id: z.string(), current_memory_count: z.number().int(), message: z.string() }),
]);
/** `memory.prune` result. */
export type MemoryPruneResult = z.infer<typeof MemoryPruneResultSchema>;

/** `memory.prune_all` result. */
export const MemoryPruneAllResultSchema = z.object({
  status: z.literal('global_pruning_completed'), personas_processed: z.number().int(), total_memories_before: z.number().int(),
  total_memories_after: z.number().int(), total_memories_pruned: z.number().int(), processing_time: z.number(), errors_encountered: z.number().int(),
});
/** `memory.prune_all` result. */
export type MemoryPruneAllResult = z.infer<typeof MemoryPruneAllResultSchema>;

/** `memory.prune_recommendations` result: a dry-run summary. */
export const MemoryPruneRecommendationsResultSchema = z.object({ persona_id: z.string(), recommendations: z.object({
  needs_pruning: z.boolean(), current_count: z.number().int(), target_count: z.number().int(), would_prune: z.number().int().optional(),
  average_importance_to_prune: z.number().nullable().optional(), importance_range_to_prune: z.tuple([z.number(), z.number()]).optional(),
  candidates: z.array(z.string()).optional(), recommendation: z.string(),
}) });
/** `memory.prune_recommendations` result. */
export type MemoryPruneRecommendationsResult = z.infer<typeof MemoryPruneRecommendationsResultSchema>;

/** `memory.prune_stats` result: persisted pruning history. */
export const MemoryPruneStatsResultSchema = z.object({ pruning_statistics: z.record(z.string(), z.unknown()) });
/** `memory.prune_stats` result. */
export type MemoryPruneStatsResult = z.infer<typeof MemoryPruneStatsResultSchema>;

/** `memory.decay_start` result. */
export const MemoryDecayStartResultSchema = z.object({ status: z.literal('background_decay_started'), interval_hours: z.number(), mode: DecayModeSchema, auto_pruning: z.boolean(), next_run_at: z.string().nullable(), already_running: z.boolean() });
/** `memory.decay_start` result. */
export type MemoryDecayStartResult = z.infer<typeof MemoryDecayStartResultSchema>;

/** `memory.decay_stop` result. */
export const MemoryDecayStopResultSchema = z.object({ status: z.literal('background_decay_stopped'), was_running: z.boolean() });
/** `memory.decay_stop` result. */
export type MemoryDecayStopResult = z.infer<typeof MemoryDecayStopResultSchema>;

/** `memory.decay_stats` result. */
export const MemoryDecayStatsResultSchema = z.object({ decay_statistics: z.record(z.string(), z.unknown()) });
/** `memory.decay_stats` result. */
export type MemoryDecayStatsResult = z.infer<typeof MemoryDecayStatsResultSchema>;

/** `memory.decay_force` result: one persona decayed by a factor, or a global cycle run now. */
export const MemoryDecayForceResultSchema = z.union([
  z.object({ status: z.literal('persona_decay_completed'), persona_id: z.string(), decay_factor: z.number(), memories_processed: z.number().int(), memories_decayed: z.number().int() }),
  z.object({ status: z.literal('global_decay_cycle_completed'), personas_processed: z.number().int(), memories_decayed: z.number().int(), auto_prunes_triggered: z.number().int(), processing_time: z.number(),
    /** Write transactions the importance updates took (`memory.decay.batch_size` memories each). */
    batches: z.number().int() }),
]);
/** `memory.decay_force` result. */
export type MemoryDecayForceResult = z.infer<typeof MemoryDecayForceResultSchema>;
