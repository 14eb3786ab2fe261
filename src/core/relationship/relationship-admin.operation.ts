import { z } from 'zod';
import {
  AppError, ParticipantInputSchema, PersonaRefSchema, RelationshipCompatibilityResultSchema, RelationshipStatsResultSchema,
  RelationshipTypeSchema, RelationshipUpdateResultSchema, isoNow, } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { counterpartOf, recordInteraction, updatedSummary } from './relationship.service.ts';
import { compatibility } from './compatibility.model.ts';
import { compatibilityScore, relationshipStrength } from './relationship.model.ts';
import { defineOperation } from '../operations/operation.ts';
import { resolveIdentity } from '../participants/participant.service.ts';

/** `relationship.update`: record an interaction or set a type. */
export const relationshipUpdate = defineOperation({
  name: 'relationship.update',
  summary: 'Record an interaction (quality, minutes, context) between a persona and a persona or participant, or set and lock a type. Use when something happened outside a chat.',
  scope: 'write', tool: true,
  rest: { method: 'POST', path: '/api/personas/:persona1_id/relationship' },
  input: z.object({
    persona1_id: PersonaRefSchema.describe('The persona whose view changes (id or name)'),
    persona2_id: PersonaRefSchema.optional().describe('The other persona; or give participant'), participant: ParticipantInputSchema.optional(),
    interaction_quality: z.number().min(-1).max(1).default(0).describe('-1 very bad … 1 very good'), duration_minutes: z.number().min(0).max(1440).default(5),
    context: z.string().min(1).max(64).default('conversation').describe('casual, professional, collaboration, deep_conversation and conflict add effects; others count as conversation'),
    direction: z.enum(['both', 'forward']).default('both').describe('forward: only persona1\'s view changes'),
    relationship_type: RelationshipTypeSchema.optional().describe('Set this type and lock it'), unlock_type: z.boolean().default(false).describe('Let the type follow the scores again'),
    note: z.string().max(500).optional().describe('Kept with a memorable moment'),
  }).refine((i) => (i.persona2_id === undefined) !== (i.participant === undefined), { message: 'give exactly one of persona2_id or participant', path: ['persona2_id'] }),
  output: RelationshipUpdateResultSchema,
  async handler(ctx, input) {
    const now = ctx.core.now();
    const { forward, reverse, events } = await ctx.core.db.transaction(async (em) => {
      const subject = await requirePersona(em, input.persona1_id);
      const base = { quality: input.interaction_quality, minutes: input.duration_minutes, context: input.context, source: 'manual' as const, now,
        ...(input.note ? { note: input.note } : {}), ...(input.relationship_type ? { set_type: input.relationship_type } : {}), unlock_type: input.unlock_type };
      if (input.participant) {
        const p = resolveIdentity(em, input.participant);
        await createRepositories(em).participants.touch(p, isoNow(now));
        const f = await recordInteraction(em, { ...base, subject_id: subject.id, counterpart_key: p.key, counterpart_persona_id: null });
        return { forward: f.row, reverse: null, events: [f.event] };
      }
      const other = await requirePersona(em, input.persona2_id as string);
      if (other.id === subject.id) throw new AppError('INVALID_PARAMS', 'A persona has no relationship with itself', { issues: [{ path: ['persona2_id'], code: 'custom', message: 'must differ from persona1_id' }] });
      const f = await recordInteraction(em, { ...base, subject_id: subject.id, counterpart_key: counterpartOf(other.id).key, counterpart_persona_id: other.id });
      if (input.direction === 'forward') return { forward: f.row, reverse: null, events: [f.event] };
      const r = await recordInteraction(em, { ...base, subject_id: other.id, counterpart_key: counterpartOf(subject.id).key, counterpart_persona_id: subject.id });
      return { forward: f.row, reverse: r.row, events: [f.event, r.event] };
    });
    for (const e of events) ctx.core.events.emit(e);
    return {
      success: true as const, message: 'Relationship updated successfully',
      interaction_processed: { quality: input.interaction_quality, duration_minutes: input.duration_minutes, context: input.context },
      updated_relationship: updatedSummary(forward), ...(reverse ? { reverse: updatedSummary(reverse) } : {}),
    };
  },
});

/** The `relationship.compatibility` operation (docs/protocol.md). */
export const relationshipCompatibility = defineOperation({
  name: 'relationship.compatibility',
  summary: 'Predict how well two personas would get along (personality, social, interests, history), with suggestions. Use before pairing personas.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/relationships/compatibility' },
  input: z.object({ persona1_id: PersonaRefSchema, persona2_id: PersonaRefSchema }),
  output: RelationshipCompatibilityResultSchema,
  async handler(ctx, input) {
    const em = ctx.core.db.manager;
    const a = await requirePersona(em, input.persona1_id);
    const b = await requirePersona(em, input.persona2_id);
    if (a.id === b.id) throw new AppError('INVALID_PARAMS', 'Compatibility needs two different personas', { issues: [{ path: ['persona2_id'], code: 'custom', message: 'must differ from persona1_id' }] });
    const rel = await createRepositories(em).relationships.get(a.id, counterpartOf(b.id).key);
    const r = compatibility(a, b, rel ? relationshipStrength(rel) : null);
    return { persona1: { id: a.id, name: a.name }, persona2: { id: b.id, name: b.name }, compatibility_analysis: r.compatibility_analysis, interaction_suggestions: r.interaction_suggestions, existing_relationship: rel !== null };
  },
});

/** The `relationship.stats` operation (docs/protocol.md). */
export const relationshipStats = defineOperation({
  name: 'relationship.stats',
  summary: 'Get a relationship overview: counts by kind and type, average compatibility, most active personas. Use for a summary across all relationships.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/relationships/stats' },
  input: z.object({ persona_id: PersonaRefSchema.optional() }),
  output: RelationshipStatsResultSchema,
  async handler(ctx, input) {
    const em = ctx.core.db.manager;
    const filter = input.persona_id ? (await requirePersona(em, input.persona_id)).id : null;
    const rows = (await createRepositories(em).relationships.all()).filter((r) => !filter || r.subject_id === filter);
    const types: Record<string, number> = {};
    const bySubject = new Map<string, number>();
    for (const r of rows) {
      types[r.relationship_type] = (types[r.relationship_type] ?? 0) + 1;
      bySubject.set(r.subject_id, (bySubject.get(r.subject_id) ?? 0) + r.interaction_count);
    }
    const personas = await createRepositories(em).personas.list();
    const names = new Map(personas.map((p) => [p.id, p.name]));
    const avg = rows.length ? rows.reduce((s, r) => s + compatibilityScore(r), 0) / rows.length : 0;
    return { relationship_statistics: {
      total_relationships: rows.length, persona_relationships: rows.filter((r) => r.counterpart_persona_id !== null).length,
      participant_relationships: rows.filter((r) => r.counterpart_persona_id === null).length, relationship_types: types,
      average_compatibility: Number(avg.toFixed(3)), total_interactions: rows.reduce((s, r) => s + r.interaction_count, 0),
      most_active_personas: [...bySubject].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([id, n]) => ({ persona_id: id, name: names.get(id) ?? id, interactions: n })),
    }, timestamp: isoNow(ctx.core.now()) };
  },
});
