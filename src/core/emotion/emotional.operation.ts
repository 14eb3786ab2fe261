import { z } from 'zod';
import { EmotionGetResultSchema, EmotionUpdateResultSchema, PersonaRefSchema, isoNow } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { emotionView, interactionView } from '../state/state-views.model.ts';
import { updateEmotionState } from './emotion.model.ts';
import { refreshAutoExpression } from './visual.service.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';

/** `emotional.get_state`: emotion regenerated to now. */
export const emotionalGetState = defineOperation({
  name: 'emotional.get_state',
  summary: 'Get a persona\'s current emotion (mood, energy, stress, curiosity, social battery). Use to know how it feels right now.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/emotion' },
  input: z.object({ persona_id: PersonaRefSchema.optional() }),
  output: EmotionGetResultSchema,
  async handler(ctx, input) {
    const persona = await personaFromRef(ctx, input.persona_id);
    const repos = createRepositories(ctx.core.db.manager);
    const { ir, er } = await repos.states.requireRows(persona.id);
    const now = ctx.core.now();
    return { persona_id: persona.id, emotional_state: emotionView(er, persona.emotional_baseline, interactionView(ir, now).social_energy, now, ctx.core.config.emotion) };
  },
});

const unit = z.number().finite();

/** `emotional.update_state`: set or nudge emotion values, clamped. */
export const emotionalUpdateState = defineOperation({
  name: 'emotional.update_state',
  summary: 'Set (mode set) or nudge (mode delta) a persona\'s emotion; values are clamped and the baseline may change. Use when an event should change how it feels.',
  scope: 'write',
  tool: true,
  rest: { method: 'PATCH', path: '/api/personas/:persona_id/emotion' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(),
    mood: unit.optional(),
    energy_level: unit.optional(),
    stress_level: unit.optional(),
    curiosity: unit.optional(),
    social_battery: unit.optional(),
    mode: z.enum(['set', 'delta']).default('set').describe('set: the values replace; delta: they are added'),
    baseline: z
      .object({
        mood: z.number().min(-1).max(1), energy_level: z.number().min(0).max(1),
        stress_level: z.number().min(0).max(1), curiosity: z.number().min(0).max(1),
      })
      .partial()
      .optional(),
  }),
  output: EmotionUpdateResultSchema,
  async handler(ctx, input) {
    const now = ctx.core.now();
    const at = isoNow(now);
    const { view, personaId } = await ctx.core.db.transaction(async (em) => {
      const persona = await personaFromRef(ctx, input.persona_id, em);
      const repos = createRepositories(em);
      const { ir, er } = await repos.states.requireRows(persona.id);
      const iv = interactionView(ir, now);
      // The rule (set or delta, clamped, regeneration restarting at now) lives in the emotion model.
      const { state, social_energy: socialEnergy } = updateEmotionState(
        { ...er, baseline: persona.emotional_baseline }, input, iv.social_energy, now, ctx.core.config.emotion,
      );
      const { baseline, ...values } = state;
      const next = { ...er, ...values, updated_at: at };
      if (input.baseline) {
        await repos.personas.save({ ...persona, emotional_baseline: baseline, version: persona.version + 1, updated_at: at });
      }
      await repos.states.saveEmotion(next);
      if (input.social_battery !== undefined) {
        // Social battery is social energy seen as 0..1: writing it writes the energy.
        await repos.states.saveInteraction({
          ...ir, social_energy: socialEnergy, interaction_fatigue: iv.interaction_fatigue,
          available_time: iv.available_time, updated_at: at,
        });
      }
      const v = emotionView(next, baseline, socialEnergy, now, ctx.core.config.emotion);
      await refreshAutoExpression(ctx.core, em, persona.id, v.emotion, now);
      return { view: v, personaId: persona.id };
    });
    ctx.core.events.emit({ name: 'emotion.changed', persona_id: personaId, at, data: { emotional_state: view } });
    return { success: true as const, message: 'Emotional state updated', updated_state: view };
  },
});
