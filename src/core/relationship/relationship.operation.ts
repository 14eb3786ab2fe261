import { z } from 'zod';
import {
  AppError, ParticipantInputSchema, PersonaRefSchema, RelationshipGetResultSchema, RelationshipListResultSchema, RelationshipTypeSchema,
  personaKey, } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { relationshipView } from './relationship-view.model.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';
import { resolveIdentity } from '../participants/participant.service.ts';

/** `relationship.get`: one directed relationship, and the reverse for persona pairs. */
export const relationshipGet = defineOperation({
  name: 'relationship.get',
  summary: 'Get one relationship: how a persona sees another persona or a participant, with history on request. Use to see how a persona feels about someone.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona1_id/relationship' },
  input: z
    .object({
      persona1_id: PersonaRefSchema.describe('The persona whose view it is (id or name)'),
      persona2_id: PersonaRefSchema.optional().describe('The other persona; or give participant'),
      participant: ParticipantInputSchema.optional(),
      history_limit: z.number().int().min(0).max(200).default(0).describe('How many past interactions to include'),
    })
    .refine((i) => (i.persona2_id === undefined) !== (i.participant === undefined), {
      message: 'give exactly one of persona2_id or participant',
      path: ['persona2_id'],
    }),
  output: RelationshipGetResultSchema,
  async handler(ctx, input) {
    const em = ctx.core.db.manager;
    const repos = createRepositories(em);
    const subject = await requirePersona(em, input.persona1_id);
    let key: string;
    let label: string;
    let other: { id: string } | null = null;
    if (input.persona2_id !== undefined) {
      const p2 = await requirePersona(em, input.persona2_id);
      if (p2.id === subject.id) {
        throw new AppError('INVALID_PARAMS', 'A persona has no relationship with itself', {
          issues: [{ path: ['persona2_id'], code: 'custom', message: 'must differ from persona1_id' }],
        });
      }
      key = personaKey(p2.id);
      label = p2.name;
      other = p2;
    } else {
      const part = resolveIdentity(em, input.participant);
      key = part.key;
      label = part.display_name;
    }
    const row = await repos.relationships.get(subject.id, key);
    const reverseRow = other ? await repos.relationships.get(other.id, personaKey(subject.id)) : null;
    const out = {
      relationship: row ? await relationshipView(em, row) : null,
      reverse: reverseRow ? await relationshipView(em, reverseRow) : null,
      exists: row !== null,
    };
    const events = input.history_limit > 0 ? await repos.relationships.events(subject.id, key, input.history_limit) : undefined;
    return {
      ...out,
      ...(events ? { events } : {}),
      ...(row ? {} : { message: `No relationship found between ${subject.name} and ${label}` }),
    };
  },
});

/** `relationship.list`: a persona's relationships, latest interaction first. */
export const relationshipList = defineOperation({
  name: 'relationship.list',
  summary: 'List a persona\'s relationships with personas and participants, latest interaction first. Use to see whom a persona knows and how well.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/relationships' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(),
    kind: z.enum(['persona', 'participant', 'all']).default('all'),
    relationship_type: RelationshipTypeSchema.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).default(0),
  }),
  output: RelationshipListResultSchema,
  async handler(ctx, input) {
    const em = ctx.core.db.manager;
    const persona = await personaFromRef(ctx, input.persona_id);
    const { rows, total } = await createRepositories(em).relationships.list(persona.id, input);
    const relationships = [];
    for (const row of rows) relationships.push({ ...(await relationshipView(em, row)), other_persona_id: row.counterpart_persona_id });
    return { persona_id: persona.id, relationships, total_relationships: total };
  },
});
