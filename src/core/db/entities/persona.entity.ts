import { EntitySchema } from 'typeorm';
import type { Persona, Priority, VisualRecord } from '../../../shared/index.ts';
import { int, json, jsonNull, real, text, textKey, textNull } from './columns.ts';

/** Row of `personas`: the stored persona. */
export type PersonaRow = Persona;

/** `personas`. */
export const PersonaEntity = new EntitySchema<PersonaRow>({
  name: 'Persona',
  tableName: 'personas',
  columns: {
    id: textKey(), name: text(), nickname: textNull(), description: text(), personality: text(), scenario: text(),
    first_mes: text(), alternate_greetings: json(), group_only_greetings: json(), mes_example: text(),
    system_prompt: text(), post_history_instructions: text(), creator_notes: text(),
    creator_notes_multilingual: jsonNull(), tags: json(), creator: text(), character_version: text(),
    character_book: jsonNull(), assets: json(), source: json(), personality_traits: json(), topic_preferences: json(),
    charisma: int(), intelligence: int(), social_rank: text(), speaking_style: text(), full_name: text(),
    emotional_baseline: json(), interaction_defaults: json(), llm: jsonNull(), memory_policy: jsonNull(),
    extensions: json(), card_extra: jsonNull(), version: int(), created_at: text(), updated_at: text(),
  },
});

/** Row of `interaction_states` (interaction state plus job bookkeeping). */
export interface InteractionStateRow {
  persona_id: string;
  interest_level: number;
  interaction_fatigue: number;
  current_priority: Priority;
  available_time: number;
  available_time_max: number;
  social_energy: number;
  cooldown_until: string | null;
  updated_at: string;
  last_decayed_at: string | null;
  last_pruned_at: string | null;
}

/** `interaction_states`. */
export const InteractionStateEntity = new EntitySchema<InteractionStateRow>({
  name: 'InteractionState',
  tableName: 'interaction_states',
  columns: {
    persona_id: textKey(), interest_level: int(), interaction_fatigue: real(), current_priority: text(),
    available_time: real(), available_time_max: real(), social_energy: real(), cooldown_until: textNull(),
    updated_at: text(), last_decayed_at: textNull(), last_pruned_at: textNull(),
  },
});

/** Row of `emotional_states` (without the derived battery). */
export interface EmotionalStateRow {
  persona_id: string;
  mood: number;
  energy_level: number;
  stress_level: number;
  curiosity: number;
  updated_at: string;
}

/** `emotional_states`. */
export const EmotionalStateEntity = new EntitySchema<EmotionalStateRow>({
  name: 'EmotionalState',
  tableName: 'emotional_states',
  columns: { persona_id: textKey(), mood: real(), energy_level: real(), stress_level: real(), curiosity: real(), updated_at: text() },
});

/** Row of `visual_states`: the persisted visual record. */
export interface VisualStateRow {
  persona_id: string;
  record: VisualRecord;
  updated_at: string;
}

/** `visual_states`. */
export const VisualStateEntity = new EntitySchema<VisualStateRow>({
  name: 'VisualState',
  tableName: 'visual_states',
  columns: { persona_id: textKey(), record: json(), updated_at: text() },
});
