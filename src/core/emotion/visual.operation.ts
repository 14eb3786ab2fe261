import { z } from 'zod';
import { PersonaRefSchema, VisualGetResultSchema, VisualManualFieldsSchema, VisualUpdateResultSchema, isoNow } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { effectiveVisual, requireVisualRecord } from './visual.service.ts';
import { visualManualUpdate } from './avatar.model.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';

/** `visual.get`. Subscriptions are connection-bound and handled by the transport. */
export const visualGet = defineOperation({
  name: 'visual.get',
  summary: 'Get a persona\'s avatar cues for a game client (expression, gesture, tags, gaze, intensity). Use to show how its avatar looks now.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/visual' },
  input: z.object({ persona_id: PersonaRefSchema.optional(), subscribe: z.boolean().optional().describe('true: also get visual.changed events; false: stop them') }),
  output: VisualGetResultSchema,
  async handler(ctx, input) {
    const persona = await personaFromRef(ctx, input.persona_id);
    const record = await requireVisualRecord(ctx.core.db.manager, persona.id);
    const visual = { ...effectiveVisual(record, persona, ctx.core.now(), ctx.core.speaking.has(persona.id)), persona_id: persona.id };
    return { persona_id: persona.id, visual, subscribed: false };
  },
});

/** `visual.update`: manual avatar cues, optionally expiring. */
export const visualUpdate = defineOperation({
  name: 'visual.update',
  summary: 'Set avatar cues by hand, optionally for expires_in_ms, or reset them to automatic. Use to pose a persona\'s avatar in a game client.',
  scope: 'write',
  tool: true,
  rest: { method: 'PATCH', path: '/api/personas/:persona_id/visual' },
  input: VisualManualFieldsSchema.extend({
    persona_id: PersonaRefSchema.optional(),
    expires_in_ms: z.number().int().min(100).max(86_400_000).nullable().optional().describe('Back to automatic after this long; null: until reset'),
    reset: z.boolean().default(false).describe('Back to automatic cues now'),
    type: z.string().max(64).default('general').describe('Legacy label, echoed as update_type'),
    data: z.record(z.string(), z.unknown()).default({}).describe('Legacy: the fields above, nested'),
  }),
  output: VisualUpdateResultSchema,
  async handler(ctx, input) {
    const now = ctx.core.now();
    // Legacy clients put the fields inside `data`; keys matching the known fields are applied.
    const legacy = VisualManualFieldsSchema.safeParse(input.data);
    const fromData = legacy.success ? legacy.data : {};
    const fields = { ...fromData, ...stripUndefined(input) };
    const { visual, personaId } = await ctx.core.db.transaction(async (em) => {
      const persona = await personaFromRef(ctx, input.persona_id, em);
      const next = visualManualUpdate(await requireVisualRecord(em, persona.id), fields, now);
      await createRepositories(em).states.saveVisual({ persona_id: persona.id, record: next, updated_at: next.updated_at });
      return { visual: { ...effectiveVisual(next, persona, now), persona_id: persona.id }, personaId: persona.id };
    });
    ctx.core.events.emit({ name: 'visual.changed', persona_id: personaId, at: isoNow(now), data: { visual } });
    return { visual_updated: true as const, update_type: input.type, timestamp: isoNow(now), visual };
  },
});

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
