import type { EntityManager } from 'typeorm';
import {
  AppError, isoNow,
  type Persona, type PersonaCreateInput, type PersonaSummary, type PersonaView,
} from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import type { InteractionStateRow } from '../db/index.ts';
import { newPersona } from './persona-input.model.ts';
import { emotionView, initialEmotionRow, interactionView } from '../state/state-views.model.ts';
import { initialVisual } from '../emotion/avatar.model.ts';
import type { EmotionConfig } from '../emotion/emotion.model.ts';

/** Resolves a persona reference (id or case-insensitive name) or throws PERSONA_NOT_FOUND (synchronously). */
export function requirePersona(em: EntityManager, ref: string): Persona {
  const persona = createRepositories(em).personas.resolve(ref);
  if (!persona) throw new AppError('PERSONA_NOT_FOUND', `Persona not found: ${ref}`, { details: { persona: ref } });
  return persona;
}

/** Throws CONFLICT when another persona already uses `name` (case-insensitively). */
export async function assertNameFree(em: EntityManager, name: string, exceptId?: string): Promise<void> {
  const other = await createRepositories(em).personas.findByName(name);
  if (other && other.id !== exceptId) {
    throw new AppError('CONFLICT', `A persona named '${other.name}' already exists`, {
      details: { name, persona_id: other.id },
    });
  }
}

/** Initial interaction state from the persona's defaults. */
export function initialInteractionRow(persona: Persona, now: string): InteractionStateRow {
  const d = persona.interaction_defaults;
  return {
    persona_id: persona.id,
    interest_level: d.interest_level,
    interaction_fatigue: 0,
    current_priority: d.current_priority,
    available_time: d.available_time,
    available_time_max: d.available_time,
    social_energy: d.social_energy,
    cooldown_until: null,
    updated_at: now,
    last_decayed_at: null,
    last_pruned_at: null,
  };
}

/**
 * Inserts a new persona with its interaction, emotional (at baseline) and visual state, inside the
 * caller's transaction. The caller emits events after commit.
 */
export async function insertPersona(em: EntityManager, persona: Persona, now: Date): Promise<void> {
  const at = isoNow(now);
  const repos = createRepositories(em);
  await assertNameFree(em, persona.name);
  await repos.personas.insert(persona);
  const interaction = initialInteractionRow(persona, at);
  await repos.states.saveInteraction(interaction);
  const emotion = initialEmotionRow(persona, at);
  await repos.states.saveEmotion(emotion);
  const label = emotionView(emotion, persona.emotional_baseline, interaction.social_energy, now).emotion;
  await repos.states.saveVisual({ persona_id: persona.id, record: initialVisual(label, now), updated_at: at });
}

/** Creates a persona from validated create input; returns it. */
export async function createPersona(core: CoreContext, input: PersonaCreateInput, id?: string): Promise<Persona> {
  const now = core.now();
  const persona = newPersona(input, isoNow(now), id);
  await core.db.transaction((em) => insertPersona(em, persona, now));
  core.events.emit({ name: 'persona.created', persona_id: persona.id, at: isoNow(now), data: { name: persona.name, version: 1 } });
  return persona;
}

/** The full `PersonaView` of a persona, interaction state regenerated to now (synchronous). */
export function personaView(em: EntityManager, persona: Persona, now: Date): PersonaView {
  const row = createRepositories(em).states.getInteraction(persona.id);
  if (!row) throw new AppError('INTERNAL_ERROR', `Persona ${persona.id} has no interaction state`);
  return { ...persona, interaction_state: interactionView(row, now) };
}

/** `PersonaSummary` rows for every persona (by name), with availability and emotion computed at `now`. */
export async function personaSummaries(em: EntityManager, now: Date, emotion?: EmotionConfig): Promise<PersonaSummary[]> {
  const repos = createRepositories(em);
  const [personas, interactions, emotions] = await Promise.all([
    repos.personas.list(), repos.states.listInteractions(), repos.states.listEmotions(),
  ]);
  const interactionBy = new Map(interactions.map((r) => [r.persona_id, r]));
  const emotionBy = new Map(emotions.map((r) => [r.persona_id, r]));
  return personas.map((p) => {
    const ir = interactionBy.get(p.id);
    const er = emotionBy.get(p.id);
    if (!ir || !er) throw new AppError('INTERNAL_ERROR', `Persona ${p.id} is missing its state rows`);
    const iv = interactionView(ir, now);
    const ev = emotionView(er, p.emotional_baseline, iv.social_energy, now, emotion);
    return {
      id: p.id, name: p.name, description: p.description, tags: p.tags, available: iv.is_available,
      social_energy: iv.social_energy, current_priority: iv.current_priority, cooldown_remaining: iv.cooldown_remaining,
      available_time: iv.available_time, emotion: ev.emotion, created_at: p.created_at,
    };
  });
}
