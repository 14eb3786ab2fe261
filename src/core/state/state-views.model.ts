import { isoMillis, type EmotionBaseline, type EmotionView, type InteractionStateView, type Persona } from '../../shared/index.ts';
import { DEFAULT_EMOTION_CONFIG, emotionLabel, regenerate, type EmotionConfig } from '../emotion/emotion.model.ts';
import { interactionAt, isAvailable, regenerateInteraction } from './interaction.model.ts';
import type { EmotionalStateRow, InteractionStateRow } from '../db/index.ts';

// Views of the per-persona state rows, computed lazily at read time: nothing rewrites these rows on a timer.

const secondsBetween = (from: string, now: Date) => Math.max(0, (now.getTime() - isoMillis(from)) / 1000);

/** Interaction state regenerated to `now` (regeneration rule) plus availability. */
export function interactionView(row: InteractionStateRow, now: Date): InteractionStateView {
  const r = regenerateInteraction(row, secondsBetween(row.updated_at, now));
  const cooldownMs = row.cooldown_until ? Date.parse(row.cooldown_until) - now.getTime() : 0;
  const cooldown_remaining = Math.max(0, cooldownMs / 1000);
  return {
    interest_level: r.interest_level,
    interaction_fatigue: r.interaction_fatigue,
    current_priority: r.current_priority,
    available_time: r.available_time,
    available_time_max: r.available_time_max,
    social_energy: r.social_energy,
    cooldown_until: r.cooldown_until,
    cooldown_remaining,
    is_available: isAvailable(r, cooldown_remaining),
    updated_at: r.updated_at,
  };
}

/** The interaction row regenerated to `now`, anchored at `now` (before applying a cost). */
export function regeneratedInteractionRow(row: InteractionStateRow, now: Date): InteractionStateRow {
  return interactionAt(row, now);
}

/** Emotion row regenerated toward the baseline up to `now` with the `emotion.*` half-lives. */
export function regenerateEmotion(row: EmotionalStateRow, baseline: EmotionBaseline, now: Date, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG): EmotionalStateRow {
  return { ...row, ...regenerate(row, baseline, secondsBetween(row.updated_at, now), cfg) };
}

/** `EmotionView` at `now`: regenerated values, derived battery (social energy / 200) and label. */
export function emotionView(row: EmotionalStateRow, baseline: EmotionBaseline, socialEnergy: number, now: Date, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG): EmotionView {
  const r = regenerateEmotion(row, baseline, now, cfg);
  const social_battery = Math.min(1, Math.max(0, socialEnergy / 200));
  return {
    mood: r.mood,
    energy_level: r.energy_level,
    stress_level: r.stress_level,
    curiosity: r.curiosity,
    social_battery,
    emotion: emotionLabel({ ...r, social_battery }),
    baseline: { ...baseline },
    last_updated: row.updated_at,
  };
}

/** A new persona's emotional state: at its baseline. */
export function initialEmotionRow(persona: Persona, at: string): EmotionalStateRow {
  const b = persona.emotional_baseline;
  return { persona_id: persona.id, mood: b.mood, energy_level: b.energy_level, stress_level: b.stress_level, curiosity: b.curiosity, updated_at: at };
}
