import { z } from 'zod';
import {
  AppError, MemoryDeleteResultSchema, MemoryResultSchema, MemorySearchResultSchema, MemoryStoreResultSchema, ParticipantInputSchema,
  PersonaRefSchema, TimestampSchema, VisibilitySchema, isoNow, jsonObjectSchema, } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { buildMemory, memoryView, requireMemory } from './memory.service.ts';
import { searchMemories } from './memory-search.service.ts';
import { pruneIfDue } from './prune.service.ts';
import { validateWeights } from './retrieval.model.ts';
import { scheduleEmbeddingFill } from './embedding.service.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';
import { resolveIdentity, resolveMemoryKeys } from '../participants/participant.service.ts';

const WeightsInputSchema = z
  .object({ recency: z.number().min(0), importance: z.number().min(0), relevance: z.number().min(0) })
  .partial()
  .refine((w) => validateWeights({ recency: w.recency ?? 1, importance: w.importance ?? 1, relevance: w.relevance ?? 1 }) === null, { message: 'weights must have a positive sum' })
  .optional();

/** `memory.search`: ranked recall with score components. */
export const memorySearch = defineOperation({
  name: 'memory.search',
  summary: 'Search a persona\'s memories, ranked by recency, importance and relevance. Use to recall what a persona knows about someone or something.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/memories/search' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(),
    query: z.string().min(1).max(1000),
    n_results: z.number().int().min(1).max(50).default(5),
    memory_type: z.string().max(32).optional().describe('Only this type, e.g. observation, goal, lore'),
    min_importance: z.number().min(0).max(1).default(0),
    visibility: VisibilitySchema.optional(),
    participant: ParticipantInputSchema.optional().describe('Only memories this participant witnessed'),
    archived: z.boolean().default(false).describe('Search the archive instead'),
    weights: WeightsInputSchema,
    touch: z.boolean().default(false).describe('Count the results as accessed'),
    include_unmatched: z.boolean().default(false).describe('Also rank memories that share no word with the query (default: dropped when any memory matches)'),
  }),
  output: MemorySearchResultSchema,
  async handler(ctx, input) {
    const persona = await personaFromRef(ctx, input.persona_id);
    const participantKey = input.participant ? resolveIdentity(ctx.core.db.manager, input.participant).key : undefined;
    const memories = await searchMemories(ctx.core, persona, {
      query: input.query, limit: input.n_results, memory_type: input.memory_type, min_importance: input.min_importance,
      visibility: input.visibility, participant_key: participantKey, archived: input.archived, weights: input.weights,
      touch: input.touch, include_unmatched: input.include_unmatched,
    });
    return { memories, query: input.query, result_count: memories.length };
  },
});

/** The `memory.store` operation (docs/protocol.md). */
export const memoryStore = defineOperation({
  name: 'memory.store',
  summary: 'Save a memory for a persona; importance is scored when not given. Use when the persona should remember something the user tells.',
  scope: 'write',
  tool: true,
  rest: { method: 'POST', path: '/api/personas/:persona_id/memories' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(),
    content: z.string().min(1).max(8000),
    memory_type: z.string().min(1).max(32).default('user_input').describe('e.g. observation, goal, secret, lore; any short word'),
    importance: z.number().min(0).max(1).optional().describe('Scored from the content when omitted'),
    emotional_valence: z.number().min(-1).max(1).default(0),
    related_personas: z.array(PersonaRefSchema).max(32).default([]),
    witnessed_by: z.array(z.string().min(1).max(300)).max(64).default([]).describe('Who saw it: participant keys (platform:id) or persona:{id}'),
    visibility: VisibilitySchema.default('private'),
    pinned: z.boolean().default(false).describe('Never decayed or pruned'),
    metadata: jsonObjectSchema(16 * 1024).default({}),
    created_at: TimestampSchema.optional().describe('When it happened (default: now)'),
    subject_key: z.string().min(1).max(300).nullable().optional().describe('Whom the memory is about: a participant key, persona:{id}, or null (the world).'),
    source_key: z.string().min(1).max(300).nullable().optional().describe('Who told the persona (participant key or persona:{id}); omit for the persona\'s own or the operator\'s knowledge.'),
    fact_key: z.string().min(1).max(400).nullable().optional().describe('The slot a fact fills, "{subject_key}|{predicate}".'),
  }),
  output: MemoryStoreResultSchema,
  example: { params: { persona_id: 'Kira', content: 'The east tower library holds a rune primer.', memory_type: 'observation', visibility: 'public' } },
  async handler(ctx, input) {
    const now = ctx.core.now();
    const { memory, persona } = await ctx.core.db.transaction(async (em) => {
      const persona = await personaFromRef(ctx, input.persona_id, em);
      const related: string[] = [];
      for (const ref of input.related_personas) related.push((await requirePersona(em, ref)).id);
      const m = buildMemory(persona, { ...input, ...resolveMemoryKeys(em, input), related_personas: related }, now);
      await createRepositories(em).memories.insert(m);
      return { memory: m, persona };
    });
    pruneIfDue(ctx.core, persona);
    scheduleEmbeddingFill(ctx.core);
    ctx.core.events.emit({
      name: 'memory.changed', persona_id: memory.persona_id, at: isoNow(now), data: { memory_id: memory.id, change: 'created' },
    });
    return { memory_id: memory.id, stored: true as const, importance: memory.importance, importance_source: memory.importance_source };
  },
});

/** The `memory.get` operation (docs/protocol.md). */
export const memoryGet = defineOperation({
  name: 'memory.get',
  summary: 'Get one memory by id, active or archived. Use to read in full a memory that a search or list returned.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/memories/:memory_id' },
  input: z.object({ memory_id: z.uuid(), touch: z.boolean().default(false) }),
  output: MemoryResultSchema,
  async handler(ctx, input) {
    if (!input.touch) {
      const found = await requireMemory(ctx.core.db.manager, input.memory_id);
      return { memory: memoryView(found.memory, found.archived) };
    }
    const now = isoNow(ctx.core.now());
    const found = await ctx.core.db.transaction(async (em) => {
      const f = await requireMemory(em, input.memory_id);
      if (f.archived) return f;
      const touched = { ...f.memory, last_accessed_at: now, accessed_count: f.memory.accessed_count + 1 };
      await createRepositories(em).memories.save(touched);
      return { memory: touched, archived: false };
    });
    return { memory: memoryView(found.memory, found.archived) };
  },
});

/** `memory.delete`: archive by default, purge with `hard`. */
export const memoryDelete = defineOperation({
  name: 'memory.delete',
  summary: 'Archive a memory (memory.restore brings it back), or remove it for good with hard:true. Use when a memory is wrong or must go.',
  scope: 'write',
  tool: true,
  destructive: true,
  rest: { method: 'DELETE', path: '/api/memories/:memory_id' },
  input: z.object({ memory_id: z.uuid(), hard: z.boolean().default(false) }),
  output: MemoryDeleteResultSchema,
  async handler(ctx, input) {
    const now = isoNow(ctx.core.now());
    const result = await ctx.core.db.transaction(async (em) => {
      const found = await requireMemory(em, input.memory_id);
      const repos = createRepositories(em);
      if (input.hard) {
        await repos.memories.purge(input.memory_id);
        return { persona_id: found.memory.persona_id, archived: false };
      }
      if (found.archived) {
        throw new AppError('CONFLICT', 'Memory is already archived; use hard:true to remove it permanently', {
          details: { memory_id: input.memory_id },
        });
      }
      await repos.memories.archive(input.memory_id, { archived_at: now, archive_reason: 'deleted', prune_score: null, run_id: null });
      return { persona_id: found.memory.persona_id, archived: true };
    });
    ctx.core.events.emit({
      name: 'memory.changed', persona_id: result.persona_id, at: now,
      data: { memory_id: input.memory_id, change: result.archived ? 'archived' : 'deleted' },
    });
    return { memory_id: input.memory_id, deleted: true as const, archived: result.archived };
  },
});
