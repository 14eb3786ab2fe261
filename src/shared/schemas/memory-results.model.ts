// Results of the memory.* operations that read and edit memories (docs/protocol.md): the
// operations declare them as their output, and the dashboard infers its types from them.
import { z } from 'zod';
import { MemoryViewSchema, ScoreComponentsSchema, ScoredMemorySchema } from './memory.model.ts';
import { MemoryConfigSchema } from './memory-config.model.ts';

/** `memory.search` result: ranked memories with score components. */
export const MemorySearchResultSchema = z.object({ memories: z.array(ScoredMemorySchema), query: z.string(), result_count: z.number().int() });
/** `memory.search` result. */
export type MemorySearchResult = z.infer<typeof MemorySearchResultSchema>;

/** `memory.store` result. */
export const MemoryStoreResultSchema = z.object({
  memory_id: z.string(), stored: z.literal(true), importance: z.number(),
  importance_source: z.enum(['scored', 'manual', 'imported']),
});
/** `memory.store` result. */
export type MemoryStoreResult = z.infer<typeof MemoryStoreResultSchema>;

/** Result of `memory.get` and `memory.update`: the memory as it is now. */
export const MemoryResultSchema = z.object({ memory: MemoryViewSchema });
/** `memory.get` / `memory.update` result. */
export type MemoryResult = z.infer<typeof MemoryResultSchema>;

/** `memory.delete` result. */
export const MemoryDeleteResultSchema = z.object({ memory_id: z.string(), deleted: z.literal(true), archived: z.boolean() });
/** `memory.delete` result. */
export type MemoryDeleteResult = z.infer<typeof MemoryDeleteResultSchema>;

/** `memory.restore` result. */
export const MemoryRestoreResultSchema = z.object({ memory_id: z.string(), restored: z.literal(true), memory: MemoryViewSchema });
/** `memory.restore` result. */
export type MemoryRestoreResult = z.infer<typeof MemoryRestoreResultSchema>;

/** `memory.list` result: one page of memories. */
export const MemoryListResultSchema = z.object({ memories: z.array(MemoryViewSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
/** `memory.list` result. */
export type MemoryListResult = z.infer<typeof MemoryListResultSchema>;

/** `memory.stats` result: per-persona counts from the database. */
export const MemoryStatsResultSchema = z.object({
  persona_id: z.string(), total_memories: z.number().int(), archived_memories: z.number().int(), avg_importance: z.number(),
  memory_types: z.record(z.string(), z.number().int()), visibility: z.object({ private: z.number().int(), shared: z.number().int(), public: z.number().int() }),
  high_importance_count: z.number().int(), pinned_count: z.number().int(), created_today: z.number().int(),
  oldest_created_at: z.string().nullable(), newest_created_at: z.string().nullable(), stats_calculation_time_ms: z.number(),
});
/** `memory.stats` result. */
export type MemoryStatsResult = z.infer<typeof MemoryStatsResultSchema>;

/** `memory.config_get` result: global config, a persona's overrides and the effective config. */
export const MemoryConfigGetResultSchema = z.object({ config: MemoryConfigSchema, persona_overrides: z.record(z.string(), z.unknown()).nullable(), effective: MemoryConfigSchema });
/** `memory.config_get` result. */
export type MemoryConfigGetResult = z.infer<typeof MemoryConfigGetResultSchema>;

/** `memory.config_set` result: `config` for a global change, `persona_overrides` for a persona's. */
export const MemoryConfigSetResultSchema = z.object({ config: MemoryConfigSchema.optional(), persona_overrides: z.record(z.string(), z.unknown()).optional(), effective: MemoryConfigSchema, changed: z.array(z.string()) });
/** `memory.config_set` result. */
export type MemoryConfigSetResult = z.infer<typeof MemoryConfigSetResultSchema>;

/** `memory.search_cross_persona` result: own and other personas' shared or public memories, ranked. */
export const MemoryCrossPersonaSearchResultSchema = z.object({
  requesting_persona: z.string(), query: z.string(),
  memories: z.array(z.object({
    memory_id: z.string(), content: z.string(), similarity: z.number(), score: z.number(), score_components: ScoreComponentsSchema, importance: z.number(),
    memory_type: z.string(), created_at: z.string(), visibility: z.string(), source: z.enum(['own', 'cross_persona']), source_persona: z.object({ id: z.string(), name: z.string() }),
  })),
  total_results: z.number().int(),
  search_params: z.object({ min_importance: z.number(), include_shared: z.boolean(), include_public: z.boolean(), include_own: z.boolean() }),
});
/** `memory.search_cross_persona` result. */
export type MemoryCrossPersonaSearchResult = z.infer<typeof MemoryCrossPersonaSearchResultSchema>;

/** `memory.shared_stats` result: shared and public memory counts per persona. */
export const MemorySharedStatsResultSchema = z.object({ shared_memory_statistics: z.object({
  total_personas: z.number().int(), shared_memories: z.number().int(), public_memories: z.number().int(), cross_references: z.number().int(),
  by_persona: z.record(z.string(), z.object({ shared: z.number().int(), public: z.number().int(), cross_references: z.number().int() })),
}), timestamp: z.string() });
/** `memory.shared_stats` result. */
export type MemorySharedStatsResult = z.infer<typeof MemorySharedStatsResultSchema>;
