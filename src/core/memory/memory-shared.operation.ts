import { z } from 'zod';
import { MemoryCrossPersonaSearchResultSchema, MemorySharedStatsResultSchema, PersonaRefSchema, isoNow } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { ftsTokens, scoreCandidates } from './retrieval.model.ts';
import { crossPersonaSource, type VisibleMemory } from './visibility.model.ts';
import { sharedMemoryStats } from './memory-stats.service.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';

/** The `memory.search_cross_persona` operation (docs/protocol.md). */
export const memorySearchCrossPersona = defineOperation({
  name: 'memory.search_cross_persona',
  summary: 'Search what personas share: others\' public memories, shared ones this persona witnessed, and its own shared or public ones. Use for knowledge common to several personas.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/memories/shared' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(), query: z.string().min(1).max(1000), n_results: z.number().int().min(1).max(50).default(10),
    min_importance: z.number().min(0).max(1).default(0.6), include_shared: z.boolean().default(true).describe('Others\' shared memories this persona witnessed'),
    include_public: z.boolean().default(true).describe('Others\' public memories'), include_own: z.boolean().default(true).describe('This persona\'s own shared and public ones'),
  }),
  output: MemoryCrossPersonaSearchResultSchema,
  async handler(ctx, input) {
    const reader = await personaFromRef(ctx, input.persona_id);
    const repos = createRepositories(ctx.core.db.manager);
    const cfg = ctx.core.memory.effective(reader).retrieval;
    const tokens = ftsTokens(input.query);
    const hits = repos.memories.searchVisible(tokens, cfg.candidate_limit, reader.id, { own: input.include_own, shared: input.include_shared, public: input.include_public, min_importance: input.min_importance });
    const owner = new Map(hits.map((h) => [h.id, h.persona_id]));
    const scored = scoreCandidates(hits.map((h) => ({ ...h, cosine: null })), { weights: tokens.length > 0 ? cfg.weights : { ...cfg.browse_weights, relevance: 0 }, recency_half_life_days: cfg.recency_half_life_days, embedding_weight: cfg.embedding_weight, now: ctx.core.now(), hasQuery: tokens.length > 0 }, input.n_results);
    const rows = new Map(repos.memories.getMany(scored.map((s) => s.id), false).map((m) => [m.id, m]));
    const names = new Map((await repos.personas.list()).map((p) => [p.id, p.name]));
    const scope = { include_own: input.include_own, include_shared: input.include_shared, include_public: input.include_public };
    const memories = scored.filter((s) => rows.has(s.id) && crossPersonaSource(reader.id, rows.get(s.id) as VisibleMemory, scope) !== null).map((s) => {
      const m = rows.get(s.id) as NonNullable<ReturnType<typeof rows.get>>;
      const pid = owner.get(s.id) as string;
      return {
        memory_id: m.id, content: m.content, similarity: s.score_components.relevance, score: s.score, score_components: s.score_components,
        importance: m.importance, memory_type: m.memory_type, created_at: m.created_at, visibility: m.visibility,
        source: pid === reader.id ? ('own' as const) : ('cross_persona' as const), source_persona: { id: pid, name: names.get(pid) ?? pid },
      };
    });
    return {
      requesting_persona: reader.id, query: input.query, memories, total_results: memories.length,
      search_params: { min_importance: input.min_importance, include_shared: input.include_shared, include_public: input.include_public, include_own: input.include_own },
    };
  },
});

/** The `memory.shared_stats` operation (docs/protocol.md). */
export const memorySharedStats = defineOperation({
  name: 'memory.shared_stats',
  summary: 'Get a sharing overview per persona: shared and public memories and cross references. Use to see how much personas share.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/memories/shared-stats' },
  input: z.object({}),
  output: MemorySharedStatsResultSchema,
  async handler(ctx) {
    return { shared_memory_statistics: await sharedMemoryStats(ctx.core), timestamp: isoNow(ctx.core.now()) };
  },
});
