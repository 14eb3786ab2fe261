import { z } from 'zod';
import {
  AppError, PersonaMemoryResultSchema, PersonaRefSchema, PersonaRelationshipResultSchema, PersonaStatusResultSchema,
  PersonaSwitchResultSchema, personaKey,
} from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from './persona.service.ts';
import { emotionView, interactionView } from '../state/state-views.model.ts';
import { relationshipView } from '../relationship/relationship-view.model.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation, type OperationContext } from '../operations/operation.ts';
import { memoryStats } from '../memory/memory-admin.operation.ts';
import { memorySearch } from '../memory/memory.operation.ts';

const states = (ctx: OperationContext, personaId: string) => createRepositories(ctx.core.db.manager).states.requireRows(personaId);

/** `persona.switch`: set this connection's current persona. */
export const personaSwitch = defineOperation({
  name: 'persona.switch',
  summary: 'Make a persona this connection\'s current one; later calls without persona_id use it. Use when the user picks whom to talk to.',
  scope: 'chat', tool: true,
  rest: { method: 'POST', path: '/api/personas/:persona_id/switch' },
  input: z.object({ persona_id: PersonaRefSchema, force: z.boolean().default(false).describe('Switch even when the persona is unavailable') }),
  output: PersonaSwitchResultSchema,
  async handler(ctx, input) {
    const persona = await requirePersona(ctx.core.db.manager, input.persona_id);
    const iv = interactionView((await states(ctx, persona.id)).ir, ctx.core.now());
    if (!input.force && !iv.is_available) {
      throw new AppError('PERSONA_UNAVAILABLE', `${persona.name} is not available right now`, {
        details: { persona_id: persona.id, cooldown_remaining: iv.cooldown_remaining, social_energy: iv.social_energy, available_time: iv.available_time },
      });
    }
    ctx.connection.currentPersonaId = persona.id;
    return { persona_id: persona.id, name: persona.name, description: persona.description, status: 'active' as const, social_energy: iv.social_energy, available_time: iv.available_time, current_priority: iv.current_priority };
  },
});

/** The `persona.status` operation (docs/protocol.md). */
export const personaStatus = defineOperation({
  name: 'persona.status',
  summary: 'Get a persona with its interaction state, current emotion and memory statistics. Use to check how a persona is doing.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/status' },
  input: z.object({ persona_id: PersonaRefSchema.optional() }),
  output: PersonaStatusResultSchema,
  async handler(ctx, input) {
    const p = await personaFromRef(ctx, input.persona_id);
    const now = ctx.core.now();
    const { ir, er } = await states(ctx, p.id);
    const iv = interactionView(ir, now);
    return {
      persona: { id: p.id, name: p.name, description: p.description, personality_traits: p.personality_traits, topic_preferences: p.topic_preferences, charisma: p.charisma, intelligence: p.intelligence, social_rank: p.social_rank },
      interaction_state: iv, emotional_state: emotionView(er, p.emotional_baseline, iv.social_energy, now, ctx.core.config.emotion),
      memory_stats: await memoryStats.handler(ctx, { persona_id: p.id }),
    };
  },
});

/** `persona.memory`: legacy memory lookup. */
export const personaMemory = defineOperation({
  name: 'persona.memory',
  summary: 'Legacy lookup of a persona\'s memories, ranked for a query or by recency and importance. Use memory.search instead; kept for older clients.',
  scope: 'read', tool: true,
  input: z.object({ persona_id: PersonaRefSchema.optional(), query: z.string().max(1000).default(''), limit: z.number().int().min(1).max(50).default(5) }),
  output: PersonaMemoryResultSchema,
  async handler(ctx, input) {
    const p = await personaFromRef(ctx, input.persona_id);
    const found = await memorySearch.handler(ctx, memorySearch.input.parse({ persona_id: p.id, query: input.query || ' ', n_results: input.limit }));
    const memories = found.memories.map((m) => ({ id: m.id, content: m.content, importance: m.importance, memory_type: m.memory_type, created_at: m.created_at }));
    return { memories, query: input.query, total_found: memories.length };
  },
});

/** `persona.relationship`: legacy relationship lookup. */
export const personaRelationship = defineOperation({
  name: 'persona.relationship',
  summary: 'Legacy lookup of a persona\'s relationships, optionally with one target persona. Use relationship.list or relationship.get instead; kept for older clients.',
  scope: 'read', tool: true,
  input: z.object({ persona_id: PersonaRefSchema.optional(), target_persona: PersonaRefSchema.optional() }),
  output: PersonaRelationshipResultSchema,
  async handler(ctx, input) {
    const em = ctx.core.db.manager;
    const p = await personaFromRef(ctx, input.persona_id);
    const repos = createRepositories(em).relationships;
    if (input.target_persona) {
      const target = await requirePersona(em, input.target_persona);
      const row = await repos.get(p.id, personaKey(target.id));
      return { current_persona: p.id, target_persona: target.id, relationship: row ? await relationshipView(em, row) : null };
    }
    const { rows } = await repos.list(p.id, { kind: 'all', limit: 200, offset: 0 });
    return { current_persona: p.id, relationships: await Promise.all(rows.map((r) => relationshipView(em, r))) };
  },
});
