import { z } from 'zod';
import {
  AppError, PersonaCreateInputSchema, PersonaCreateResultSchema, PersonaDeleteResultSchema, PersonaGetResultSchema,
  PersonaListResultSchema, PersonaRefSchema, PersonaUpdateFieldsSchema, PersonaUpdateResultSchema, isoNow,
} from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { applyPersonaInput } from './persona-input.model.ts';
import { assertNameFree, createPersona, personaSummaries, personaView, requirePersona } from './persona.service.ts';
import { deletePersona } from './persona-delete.service.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';

/** The `persona.list` operation (docs/protocol.md). */
export const personaList = defineOperation({
  name: 'persona.list',
  summary: 'List personas with id, name, tags and availability, filtered by name or tag. Use first, to find a persona and its id.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/personas' },
  input: z.object({
    query: z.string().max(200).optional().describe('Part of a name or tag'),
    available_only: z.boolean().default(false),
    limit: z.number().int().min(1).max(200).default(200),
    offset: z.number().int().min(0).default(0),
  }),
  output: PersonaListResultSchema,
  async handler(ctx, input) {
    let rows = await personaSummaries(ctx.core.db.manager, ctx.core.now(), ctx.core.config.emotion);
    if (input.query) {
      const q = input.query.toLowerCase();
      rows = rows.filter((p) => p.name.toLowerCase().includes(q) || p.tags.some((t) => t.toLowerCase().includes(q)));
    }
    if (input.available_only) rows = rows.filter((p) => p.available);
    return {
      personas: rows.slice(input.offset, input.offset + input.limit),
      total_count: rows.length,
      available_count: rows.filter((p) => p.available).length,
    };
  },
});

/** The `persona.get` operation (docs/protocol.md). */
export const personaGet = defineOperation({
  name: 'persona.get',
  summary: 'Get one persona in full: card, traits, stats and interaction state. Use to learn who a persona is.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id' },
  input: z.object({ persona_id: PersonaRefSchema.optional() }),
  output: PersonaGetResultSchema,
  async handler(ctx, input) {
    const persona = personaFromRef(ctx, input.persona_id);
    return { persona: personaView(ctx.core.db.manager, persona, ctx.core.now()) };
  },
});

/** The `persona.create` operation (docs/protocol.md). */
export const personaCreate = defineOperation({
  name: 'persona.create',
  summary: 'Create a persona from card fields, traits, topics, stats and an emotional baseline; returns it. Use when the user wants a new character (only name is required).',
  scope: 'write',
  tool: true,
  rest: { method: 'POST', path: '/api/personas' },
  input: PersonaCreateInputSchema,
  output: PersonaCreateResultSchema,
  example: { params: { name: 'Brom', description: 'A gruff dwarven smith.', personality_traits: { stubborn: 80 }, charisma: 9 } },
  async handler(ctx, input) {
    const persona = await createPersona(ctx.core, input);
    return {
      persona_id: persona.id, name: persona.name, created: true as const,
      persona: await personaView(ctx.core.db.manager, persona, ctx.core.now()),
    };
  },
});

/** The `persona.update` operation (docs/protocol.md). */
export const personaUpdate = defineOperation({
  name: 'persona.update',
  summary: 'Change the given fields of a persona and return it; omitted fields stay. Use to edit a persona; expected_version refuses to overwrite a concurrent edit.',
  scope: 'write',
  tool: true,
  destructive: true,
  rest: { method: 'PATCH', path: '/api/personas/:persona_id' },
  input: PersonaUpdateFieldsSchema.extend({
    persona_id: PersonaRefSchema,
    expected_version: z.number().int().min(1).optional().describe('Fail with CONFLICT unless the persona is at this version'),
  }),
  output: PersonaUpdateResultSchema,
  async handler(ctx, input) {
    const now = ctx.core.now();
    const { persona_id, expected_version, ...fields } = input;
    const result = await ctx.core.db.transaction(async (em) => {
      const current = await requirePersona(em, persona_id);
      if (expected_version !== undefined && expected_version !== current.version) {
        throw new AppError('CONFLICT', `Version mismatch: expected ${expected_version}, current ${current.version}`, {
          details: { expected_version, version: current.version },
        });
      }
      const patch = applyPersonaInput(current, fields);
      const changed = Object.keys(patch).filter(
        (k) => JSON.stringify(patch[k as keyof typeof patch]) !== JSON.stringify(current[k as keyof typeof current]),
      );
      if (patch.name !== undefined && patch.name.toLowerCase() !== current.name.toLowerCase()) {
        await assertNameFree(em, patch.name, current.id);
      }
      const next = { ...current, ...patch, version: current.version + 1, updated_at: isoNow(now) };
      await createRepositories(em).personas.save(next);
      const interaction = await createRepositories(em).states.getInteraction(current.id);
      // A new available_time default also moves the regeneration ceiling.
      if (interaction && patch.interaction_defaults && changed.includes('interaction_defaults')) {
        const d = patch.interaction_defaults;
        await createRepositories(em).states.saveInteraction({
          ...interaction, available_time_max: d.available_time, current_priority: d.current_priority,
          interest_level: d.interest_level,
        });
      }
      return { next, changed, view: await personaView(em, next, now) };
    });
    ctx.core.events.emit({
      name: 'persona.updated', persona_id: result.next.id, at: isoNow(now),
      data: { name: result.next.name, version: result.next.version, changed_fields: result.changed },
    });
    return {
      persona_id: result.next.id, updated: true as const, version: result.next.version,
      changed_fields: result.changed, persona: result.view,
    };
  },
});

/** The `persona.delete` operation (docs/protocol.md). */
export const personaDelete = defineOperation({
  name: 'persona.delete',
  summary: 'Delete a persona and all it owns (memories, relationships, sessions, its bot and secrets); cannot be undone. Use only when the user asks to remove it.',
  scope: 'admin', deadline: 'pass',
  tool: true,
  destructive: true,
  rest: { method: 'DELETE', path: '/api/personas/:persona_id' },
  input: z.object({ persona_id: PersonaRefSchema }),
  output: PersonaDeleteResultSchema,
  async handler(ctx, input) {
    const result = await deletePersona(ctx.core, input.persona_id, ctx.host);
    if (ctx.connection.currentPersonaId === result.persona_id) ctx.connection.currentPersonaId = null;
    return result;
  },
});
