import { z } from 'zod';
import {
  AppError, MemoryConfigGetResultSchema, MemoryConfigSetResultSchema, MemoryListResultSchema, MemoryRestoreResultSchema,
  MemoryResultSchema, MemoryStatsResultSchema, ParticipantInputSchema, PersonaRefSchema, VisibilitySchema, isoNow, jsonObjectSchema,
  resolveParticipant,
} from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { memoryView, requireMemory } from './memory.service.ts';
import { mergeMemoryConfig } from './memory-config.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';

/** `memory.restore` (protocol.md §10.6). */
export const memoryRestore = defineOperation({
  name: 'memory.restore',
  summary: 'Bring an archived memory back; it is searchable again and protected from pruning for 7 days.',
  scope: 'write', tool: true,
  rest: { method: 'POST', path: '/api/memories/:memory_id/restore' },
  input: z.object({ memory_id: z.uuid() }),
  output: MemoryRestoreResultSchema,
  async handler(ctx, input) {
    const at = isoNow(ctx.core.now());
    const restored = await ctx.core.db.transaction(async (em) => {
      const m = await createRepositories(em).memories.restore(input.memory_id, at);
      if (!m) throw new AppError('MEMORY_NOT_FOUND', `No archived memory ${input.memory_id}`, { details: { memory_id: input.memory_id } });
      return m;
    });
    ctx.core.events.emit({ name: 'memory.changed', persona_id: restored.persona_id, at, data: { memory_id: restored.id, change: 'restored' } });
    return { memory_id: restored.id, restored: true as const, memory: memoryView(restored, false) };
  },
});

/** `memory.list` (protocol.md §10.7). */
export const memoryList = defineOperation({
  name: 'memory.list',
  summary: 'Browse a persona\'s memories or archive with filters and ordering.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/memories' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(), archived: z.boolean().default(false), memory_type: z.string().max(32).optional(),
    visibility: VisibilitySchema.optional(), participant: ParticipantInputSchema.optional(), pinned: z.boolean().optional(),
    order_by: z.enum(['created_at', 'importance', 'last_accessed_at', 'prune_score']).default('created_at'),
    order: z.enum(['desc', 'asc']).default('desc'), limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0),
  }),
  output: MemoryListResultSchema,
  async handler(ctx, input) {
    const persona = await personaFromRef(ctx, input.persona_id);
    const { rows, total } = createRepositories(ctx.core.db.manager).memories.list(persona.id, input.archived, {
      ...(input.memory_type !== undefined ? { memory_type: input.memory_type } : {}), ...(input.visibility ? { visibility: input.visibility } : {}),
      ...(input.pinned !== undefined ? { pinned: input.pinned } : {}),
      ...(input.participant ? { participant_key: resolveParticipant(input.participant, ctx.connection.transport).key } : {}),
      order_by: input.order_by, order: input.order, limit: input.limit, offset: input.offset,
    });
    return { memories: rows.map((m) => memoryView(m, input.archived)), total, limit: input.limit, offset: input.offset };
  },
});

/** `memory.update` (protocol.md §10.4). */
export const memoryUpdate = defineOperation({
  name: 'memory.update',
  summary: 'Edit an active memory (content, type, visibility, witnesses, pin, metadata, importance).',
  scope: 'write', tool: true,
  rest: { method: 'PATCH', path: '/api/memories/:memory_id' },
  input: z.object({
    memory_id: z.uuid(), content: z.string().min(1).max(8000).optional(), memory_type: z.string().min(1).max(32).optional(),
    visibility: VisibilitySchema.optional(), witnessed_by: z.array(z.string().min(1).max(300)).max(64).optional(),
    related_personas: z.array(PersonaRefSchema).max(32).optional(), pinned: z.boolean().optional(),
    metadata: jsonObjectSchema(16 * 1024).optional(), importance: z.number().min(0).max(1).optional(),
  }),
  output: MemoryResultSchema,
  async handler(ctx, input) {
    const at = isoNow(ctx.core.now());
    const updated = await ctx.core.db.transaction(async (em) => {
      const found = await requireMemory(em, input.memory_id);
      if (found.archived) throw new AppError('CONFLICT', 'The memory is archived; restore it first', { details: { memory_id: input.memory_id } });
      const { memory_id: _id, related_personas, importance, ...fields } = input;
      const next = { ...found.memory, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
      if (related_personas) next.related_personas = await Promise.all(related_personas.map(async (r) => (await requirePersona(em, r)).id));
      if (importance !== undefined) Object.assign(next, { importance, base_importance: importance, importance_source: 'manual' });
      await createRepositories(em).memories.save(next);
      return next;
    });
    ctx.core.events.emit({ name: 'memory.changed', persona_id: updated.persona_id, at, data: { memory_id: updated.id, change: 'updated' } });
    return { memory: memoryView(updated, false) };
  },
});

/** `memory.stats` (protocol.md §10.8; alias `memory.get_stats`). */
export const memoryStats = defineOperation({
  name: 'memory.stats',
  summary: 'Per-persona memory statistics, counted from the database.',
  scope: 'read', tool: true, aliases: ['memory.get_stats'],
  rest: { method: 'GET', path: '/api/personas/:persona_id/memories/stats' },
  input: z.object({ persona_id: PersonaRefSchema.optional() }),
  output: MemoryStatsResultSchema,
  async handler(ctx, input) {
    const started = performance.now();
    const persona = await personaFromRef(ctx, input.persona_id);
    const db = ctx.core.db.sqlite;
    const today = isoNow(ctx.core.now()).slice(0, 10);
    const a = db.prepare(`SELECT count(*) AS n, coalesce(avg(importance),0) AS avg, sum(importance >= 0.7) AS high, sum(pinned) AS pinned,
      sum(substr(created_at,1,10) = ?) AS today, min(created_at) AS oldest, max(created_at) AS newest FROM memories WHERE persona_id = ?`).get(today, persona.id) as Record<string, number | string | null>;
    const types = db.prepare('SELECT memory_type AS t, count(*) AS n FROM memories WHERE persona_id = ? GROUP BY memory_type').all(persona.id) as { t: string; n: number }[];
    const vis = db.prepare('SELECT visibility AS v, count(*) AS n FROM memories WHERE persona_id = ? GROUP BY visibility').all(persona.id) as { v: 'private' | 'shared' | 'public'; n: number }[];
    const visibility = { private: 0, shared: 0, public: 0 };
    for (const row of vis) visibility[row.v] = row.n;
    return {
      persona_id: persona.id, total_memories: Number(a.n), archived_memories: createRepositories(ctx.core.db.manager).memories.count(persona.id, true),
      avg_importance: Number(a.avg), memory_types: Object.fromEntries(types.map((t) => [t.t, t.n])), visibility,
      high_importance_count: Number(a.high ?? 0), pinned_count: Number(a.pinned ?? 0), created_today: Number(a.today ?? 0),
      oldest_created_at: (a.oldest as string | null) ?? null, newest_created_at: (a.newest as string | null) ?? null,
      stats_calculation_time_ms: performance.now() - started,
    };
  },
});

/** `memory.config_get` (protocol.md §10.19; alias `memory.get_config`). */
export const memoryConfigGet = defineOperation({
  name: 'memory.config_get',
  summary: 'The memory configuration (retrieval, decay, pruning, archive) and a persona\'s overrides.',
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

/** `memory.config_set` (protocol.md §10.20): deep-merged, validated, persisted; the scheduler follows at once. */
export const memoryConfigSet = defineOperation({
  name: 'memory.config_set',
  summary: 'Change the memory configuration (global, or per-persona retrieval/pruning overrides).',
  scope: 'admin', tool: true, destructive: true,
  rest: { method: 'PATCH', path: '/api/settings/memory' },
  input: z.object({ config: z.record(z.string(), z.unknown()), persona_id: PersonaRefSchema.optional() }),
  output: MemoryConfigSetResultSchema,
  async handler(ctx, input) {
    const at = isoNow(ctx.core.now());
    const changed = changedPaths(input.config);
    if (input.persona_id) {
      const extra = Object.keys(input.config).filter((k) => k !== 'retrieval' && k !== 'pruning');
      if (extra.length) throw new AppError('INVALID_PARAMS', 'Per-persona overrides may set only retrieval and pruning', { issues: extra.map((k) => ({ path: ['config', k], code: 'unrecognized_keys', message: 'not allowed per persona' })) });
      const result = await ctx.core.db.transaction(async (em) => {
        const persona = await requirePersona(em, input.persona_id as string);
        const overrides = deepMergePlain(persona.memory_policy ?? {}, input.config);
        mergeMemoryConfig(ctx.core.memory.global(), overrides, 'config');
        const next = { ...persona, memory_policy: overrides, version: persona.version + 1, updated_at: at };
        await createRepositories(em).personas.save(next);
        return { overrides, effective: ctx.core.memory.effective(next) };
      });
      return { persona_overrides: result.overrides, effective: result.effective, changed };
    }
    const next = mergeMemoryConfig(ctx.core.memory.global(), input.config);
    await ctx.core.db.transaction((em) => createRepositories(em).settings.set('memory', next, at));
    const wasRunning = ctx.core.decay.running();
    ctx.core.memory.setGlobal(next);
    if (!next.decay.enabled) ctx.core.decay.stop();
    else if (wasRunning) ctx.core.decay.start();
    return { config: next, effective: next, changed };
  },
});

function deepMergePlain(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && !Array.isArray(prev) && v && typeof v === 'object' && !Array.isArray(v)
      ? deepMergePlain(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
