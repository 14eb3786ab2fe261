import { z } from 'zod';

const unit = z.number().min(0).max(1);
const positive = z.number().positive();

/** Retrieval weights with the given defaults; each ≥ 0 with a positive sum. */
function weightsSchema(d: { recency: number; importance: number; relevance: number }) {
  return z
    .object({ recency: z.number().min(0).default(d.recency), importance: z.number().min(0).default(d.importance), relevance: z.number().min(0).default(d.relevance) })
    .refine((w) => w.recency + w.importance + w.relevance > 0, { message: 'weights must have a positive sum' });
}
/** Retrieval weights for a query with words (docs/memory.md "How recall ranks"): relevance leads. */
export const RetrievalWeightsSchema = weightsSchema({ recency: 0.15, importance: 0.15, relevance: 1 });
/** Retrieval weights for browsing (a query without words; there is no relevance term): recency and importance. */
export const BrowseWeightsSchema = z
  .object({ recency: z.number().min(0).default(1), importance: z.number().min(0).default(1) })
  .refine((w) => w.recency + w.importance > 0, { message: 'browse weights must have a positive sum' });
/** Retrieval weights. */
export type RetrievalWeights = z.infer<typeof RetrievalWeightsSchema>;

/** `memory.retrieval` (docs/memory.md "How recall ranks"). */
export const RetrievalConfigSchema = z.object({
  weights: RetrievalWeightsSchema.prefault({}),
  browse_weights: BrowseWeightsSchema.prefault({}),
  recency_half_life_days: positive.default(30),
  embedding_weight: unit.default(0.7),
  candidate_limit: z.number().int().min(1).max(5000).default(200),
  recall_k: z.number().int().min(0).max(50).default(5),
});

/** How facts are extracted from chat messages (docs/memory.md "How facts are learned"). */
export const ExtractionModeSchema = z.enum(['auto', 'llm', 'rules', 'off']);
/** Extraction mode. */
export type ExtractionMode = z.infer<typeof ExtractionModeSchema>;

/** Whom a persona tells what it learned (docs/memory.md "Whom a persona tells"). */
export const DiscretionSchema = z.enum(['discreet', 'open']);

/** Decay modes. */
export const DecayModeSchema = z.enum(['none', 'linear', 'exponential', 'logarithmic', 'access_based']);
/** Decay mode. */
export type DecayMode = z.infer<typeof DecayModeSchema>;

/** `memory.decay`. */
export const DecayConfigSchema = z.object({
  enabled: z.boolean().default(true),
  mode: DecayModeSchema.default('access_based'),
  interval_hours: z.number().min(0.1).max(168).default(6),
  first_run_delay_s: z.number().min(0).max(86_400).default(60),
  max_decay_days: positive.default(90),
  floor: unit.default(0.1),
  protected_importance: unit.default(0.8),
  access_protection_days: z.number().min(0).default(7),
  high_access_threshold: z.number().int().min(0).default(3),
  zero_access_multiplier: z.number().min(0).default(2.0),
  high_access_multiplier: z.number().min(0).default(0.5),
  linear_rate_per_day: unit.default(0.01),
  exponential_half_life_days: positive.default(30),
  access_based_base: unit.default(0.7),
  access_based_period_days: positive.default(30),
  access_based_cap: unit.default(0.6),
  max_factor: unit.default(0.8),
  max_personas_per_cycle: z.number().int().min(0).default(5),
  batch_size: z.number().int().min(1).max(10_000).default(100),
});

/** `memory.pruning`. */
export const PruningConfigSchema = z
  .object({
    auto: z.boolean().default(true),
    max_memories: z.number().int().min(1).default(20_000),
    threshold: z.number().int().min(1).default(18_000),
    target: z.number().int().min(0).default(16_000),
    strategy: z.enum(['importance_only', 'importance_access', 'importance_access_age']).default('importance_access_age'),
    weights: z
      .object({ importance: unit.default(0.6), access: unit.default(0.3), age: unit.default(0.1) })
      .prefault({}),
    max_importance_to_delete: unit.default(0.7),
    high_access_threshold: z.number().int().min(0).default(5),
    zero_access_grace_days: z.number().min(0).default(30),
    recent_memory_days: z.number().min(0).default(7),
    ancient_memory_days: z.number().min(1).default(90),
    min_interval_minutes: z.number().min(0).default(60),
    auto_prune_threshold: z.number().int().min(1).default(1000),
    auto_prune_importance: unit.default(0.3),
    auto_prune_min_candidates: z.number().int().min(0).default(50),
    restore_protection_days: z.number().min(0).default(7),
    batch_size: z.number().int().min(1).max(10_000).default(100),
  })
  .superRefine((p, ctx) => {
    if (!(p.target < p.threshold)) ctx.addIssue({ code: 'custom', path: ['target'], message: 'target must be below threshold' });
    if (!(p.threshold <= p.max_memories)) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'threshold must not exceed max_memories' });
    }
  });

/** The whole memory configuration `{retrieval, decay, pruning, archive, extraction, discretion, reflection}`. */
export const MemoryConfigSchema = z.object({
  retrieval: RetrievalConfigSchema.prefault({}),
  decay: DecayConfigSchema.prefault({}),
  pruning: PruningConfigSchema.prefault({}),
  archive: z.object({ retention_days: z.number().int().min(0).default(0) }).prefault({}),
  extraction: z.object({ mode: ExtractionModeSchema.default('auto') }).prefault({}),
  discretion: DiscretionSchema.default('discreet'),
  reflection: z.object({ enabled: z.boolean().default(true), threshold: z.number().positive().default(8) }).prefault({}),
});
/** Memory configuration. */
export type MemoryConfig = z.infer<typeof MemoryConfigSchema>;
