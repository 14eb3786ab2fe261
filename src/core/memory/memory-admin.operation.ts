import { z } from 'zod';
import {
  AppError, MemoryConfigGetResultSchema, MemoryConfigSetResultSchema, MemoryListResultSchema, MemoryRestoreResultSchema,
  MemoryResultSchema, MemoryStatsResultSchema, ParticipantInputSchema, PersonaRefSchema, VisibilitySchema, jsonObjectSchema,
  } from '../../shared/index.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { memoryView } from './memory.service.ts';
import { listMemories, restoreMemory, setGlobalMemoryConfig, setPersonaMemoryOverrides, updateMemory } from './memory-admin.service.ts';
import { PERSONA_POLICY_KEYS } from './memory-config.ts';
import { personaMemoryStats } from './memory-stats.service.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';
import { resolveIdentity, resolveMemoryKeys } from '../participants/participant.service.ts';

/** The `memory.restore` operation (docs/protocol.md). */
export const memoryRestore = defineOperation({
  name: 'memory.restore',
  summary: 'Bring an archived memory back: searchable again and safe from pruning for 7 days. Use to undo a delete or a prune.',
  scope: 'write', tool: true,
  rest: { method: 'POST', path: '/api/memories/:memory_id/restore' },
  input: z.object({ memory_id: z.uuid() }),
  output: MemoryRestoreResultSchema,
  async handler(ctx, input) {
    const restored = await restoreMemory(ctx.core, input.memory_id);
    return { memory_id: restored.id, restored: true as const, memory: memoryView(restored, false) };
  },
});

/** The `memory.list` operation (docs/protocol.md). */
export const memoryList = defineOperation({
  name: 'memory.list',
  summary: 'Browse a persona\'s memories or archive with filters, ordering and paging. Use to review memories without a search query.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/memories' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(), archived: z.boolean().default(false).describe('List the archive instead'),
    memory_type: z.string().max(32).optional().describe('Only this type, e.g. observation, goal, lore'), visibility: VisibilitySchema.optional(),
    participant: ParticipantInputSchema.optional().describe('Only memories this participant witnessed'), pinned: z.boolean().optional(),
    fact_key: z.string().min(1).max(400).optional().describe('Only memories filling this fact slot ("{subject_key}|{predicate}"); with archived:true, the facts it superseded.'),
    order_by: z.enum(['created_at', 'importance', 'last_accessed_at', 'prune_score']).default('created_at'),
    order: z.enum(['desc', 'asc']).default('desc'), limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0),
  }),
  output: MemoryListResultSchema,
  async handler(ctx, input) {
    const persona = await personaFromRef(ctx, input.persona_id);
    const { rows, total } = listMemories(ctx.core, persona.id, input.archived, {
      ...(input.memory_type !== undefined ? { memory_type: input.memory_type } : {}), ...(input.visibility ? { visibility: input.visibility } : {}),
      ...(input.pinned !== undefined ? { pinned: input.pinned } : {}), ...(input.fact_key !== undefined ? { fact_key: input.fact_key } : {}),
      ...(input.participant ? { participant_key: resolveIdentity(ctx.core.db.manager, input.participant).key } : {}),
      order_by: input.order_by, order: input.order, limit: input.limit, offset: input.offset,
    });
    return { memories: rows.map((m) => memoryView(m, input.archived)), total, limit: input.limit, offset: input.offset };
  },
});

/** The `memory.update` operation (docs/protocol.md). */
export const memoryUpdate = defineOperation({
  name: 'memory.update',
  summary: 'Edit an active memory: content, type, visibility, witnesses, pin, metadata or importance. Use to correct or re-rank a memory.',
  scope: 'write', tool: true,
  rest: { method: 'PATCH', path: '/api/memories/:memory_id' },
  input: z.object({
    memory_id: z.uuid(), content: z.string().min(1).max(8000).optional(), memory_type: z.string().min(1).max(32).optional(),
    visibility: VisibilitySchema.optional(),
    witnessed_by: z.array(z.string().min(1).max(300)).max(64).optional().describe('Who saw it: participant keys (platform:id) or persona:{id}'),
    related_personas: z.array(PersonaRefSchema).max(32).optional(), pinned: z.boolean().optional(),
    metadata: jsonObjectSchema(16 * 1024).optional(), importance: z.number().min(0).max(1).optional(),
  }),
  output: MemoryResultSchema,
  async handler(ctx, input) {
    const { memory_id, ...patch } = input;
    const witnesses = patch.witnessed_by ? resolveMemoryKeys(ctx.core.db.manager, { witnessed_by: patch.witnessed_by }).witnessed_by : undefined;
    const updated = await updateMemory(ctx.core, memory_id, { ...patch, ...(witnesses ? { witnessed_by: witnesses } : {}) });
    return { memory: memoryView(updated, false) };
  },
});

/** `memory.stats` (alias `memory.get_stats`). */
export const memoryStats = defineOperation({
  name: 'memory.stats',
  summary: 'Get memory statistics per persona, counted from the database. Use to see how much a persona remembers.',
  scope: 'read', tool: true, aliases: ['memory.get_stats'],
  rest: { method: 'GET', path: '/api/personas/:persona_id/memories/stats' },
  input: z.object({ persona_id: PersonaRefSchema.optional() }),
  output: MemoryStatsResultSchema,
  async handler(ctx, input) {
    return personaMemoryStats(ctx.core, await personaFromRef(ctx, input.persona_id));
  },
});

/** `memory.config_get` (alias `memory.get_config`). */
export const memoryConfigGet = defineOperation({
  name: 'memory.config_get',
  summary: 'Get the memory configuration (retrieval, decay, pruning, archive) and a persona\'s overrides. Use before memory.config_set.',
  scope: 'read', tool: true, aliases: ['memory.get_config'],
  rest: { method: 'GET', path: '/api/settings/memory' },
  input: z.object({ persona_id: PersonaRefSchema.optional() }),
  output: MemoryConfigGetResultSchema,
  async handler(ctx, input) {
    const persona = input.persona_id ? await requirePersona(ctx.core.db.manager, input.persona_id) : null;
    return { config: ctx.core.memory.global(), persona_overrides: persona?.memory_policy ?? null, effective: ctx.core.memory.effective(persona) };
  },
});

function changedPaths(patch: unknown, prefix = ''): string[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return [prefix];
  return Object.entries(patch).flatMap(([k, v]) => changedPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** `memory.config_set`: deep-merged, validated, persisted; the scheduler follows at once. */
export const memoryConfigSet = defineOperation({
  name: 'memory.config_set',
  summary: 'Change the memory configuration, globally or as one persona\'s overrides (retrieval, pruning, extraction, discretion). Use only when the user asks to tune memory.',
  scope: 'admin', tool: true, destructive: true,
  rest: { method: 'PATCH', path: '/api/settings/memory' },
  input: z.object({
    config: z.record(z.string(), z.unknown()).describe('The keys to change, shaped as memory.config_get returns them'),
    persona_id: PersonaRefSchema.optional().describe('Set this persona\'s overrides instead of the global config'),
  }),
  output: MemoryConfigSetResultSchema,
  async handler(ctx, input) {
    const changed = changedPaths(input.config);
    if (input.persona_id) {
      const extra = Object.keys(input.config).filter((k) => !PERSONA_POLICY_KEYS.includes(k));
      if (extra.length) throw new AppError('INVALID_PARAMS', 'Per-persona overrides may set only retrieval, pruning, extraction and discretion', { issues: extra.map((k) => ({ path: ['config', k], code: 'unrecognized_keys', message: 'not allowed per persona' })) });
      const result = await setPersonaMemoryOverrides(ctx.core, input.persona_id, input.config);
      return { persona_overrides: result.overrides, effective: result.effective, changed };
    }
    const next = await setGlobalMemoryConfig(ctx.core, input.config);
    return { config: next, effective: next, changed };
  },
});
