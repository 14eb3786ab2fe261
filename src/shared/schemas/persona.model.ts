import { z } from 'zod';
import { IdSchema, NoControlCharsSchema, TimestampSchema, jsonObjectSchema } from './common.model.ts';

const LONG_TEXT = 20_000;
const text = (max: number) => z.string().max(max);

/** Priority a persona is focused on. */
export const PrioritySchema = z.enum(['urgent', 'important', 'casual', 'social', 'academic', 'business', 'none']);
/** Persona priority. */
export type Priority = z.infer<typeof PrioritySchema>;

/** Emotional baseline the state regenerates toward. */
export const EmotionBaselineSchema = z.object({
  mood: z.number().min(-1).max(1),
  energy_level: z.number().min(0).max(1),
  stress_level: z.number().min(0).max(1),
  curiosity: z.number().min(0).max(1),
});
/** Emotional baseline. */
export type EmotionBaseline = z.infer<typeof EmotionBaselineSchema>;

/** The default baseline when a persona sets none. */
export const DEFAULT_EMOTION_BASELINE: EmotionBaseline = { mood: 0.5, energy_level: 0.7, stress_level: 0.3, curiosity: 0.6 };

/** Initial interaction values of a persona (`interaction_defaults`). */
export const InteractionDefaultsSchema = z.object({
  current_priority: PrioritySchema,
  social_energy: z.number().min(0).max(200),
  available_time: z.number().min(0).max(86_400),
  interest_level: z.number().int().min(0).max(100),
});
/** Interaction defaults. */
export type InteractionDefaults = z.infer<typeof InteractionDefaultsSchema>;

/** Default interaction values. */
export const DEFAULT_INTERACTION_DEFAULTS: InteractionDefaults = {
  current_priority: 'none',
  social_energy: 100,
  available_time: 300,
  interest_level: 50,
};

/** Per-persona LLM override. */
export const PersonaLlmSchema = z.object({
  model: z.string().min(1).max(128).optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
});

const traitKey = z.string().min(1).max(48);
const scoreMap = z.record(traitKey, z.number().min(0).max(100)).refine((m) => Object.keys(m).length <= 64, {
  message: 'at most 64 keys',
});

/** A stored persona: Character Card V3 fields plus our own. */
export const PersonaSchema = z.object({
  id: IdSchema,
  name: z.string(),
  nickname: z.string().nullable(),
  description: z.string(),
  personality: z.string(),
  scenario: z.string(),
  first_mes: z.string(),
  alternate_greetings: z.array(z.string()),
  group_only_greetings: z.array(z.string()),
  mes_example: z.string(),
  system_prompt: z.string(),
  post_history_instructions: z.string(),
  creator_notes: z.string(),
  creator_notes_multilingual: z.record(z.string(), z.string()).nullable(),
  tags: z.array(z.string()),
  creator: z.string(),
  character_version: z.string(),
  character_book: z.record(z.string(), z.unknown()).nullable(),
  assets: z.array(z.record(z.string(), z.unknown())),
  source: z.array(z.string()),
  personality_traits: z.record(z.string(), z.number()),
  topic_preferences: z.record(z.string(), z.number()),
  charisma: z.number().int(),
  intelligence: z.number().int(),
  social_rank: z.string(),
  speaking_style: z.string(),
  full_name: z.string(),
  emotional_baseline: EmotionBaselineSchema,
  interaction_defaults: InteractionDefaultsSchema,
  llm: PersonaLlmSchema.nullable(),
  memory_policy: z.record(z.string(), z.unknown()).nullable(),
  extensions: z.record(z.string(), z.unknown()),
  card_extra: z.record(z.string(), z.unknown()).nullable(),
  version: z.number().int(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
/** A stored persona. */
export type Persona = z.infer<typeof PersonaSchema>;

/** Words accepted for trait values (trait input rule). */
export const TRAIT_WORDS: Readonly<Record<string, number>> = {
  very_low: 10,
  low: 25,
  moderate: 50,
  medium: 50,
  high: 75,
  very_high: 90,
};

/** Scale of numeric trait input. */
export const TraitsScaleSchema = z.enum(['0-100', '0-1', '1-10']);

/** Raw trait input: numbers or trait words (mapped by `normalizeTraits`). */
export const TraitsInputSchema = z
  .record(traitKey, z.union([z.number(), z.string()]))
  .refine((m) => Object.keys(m).length <= 64, { message: 'at most 64 keys' });

/** Fields a caller may set when creating a persona (`persona.create` in docs/protocol.md), before normalisation. */
export const PersonaCreateInputSchema = z.object({
  name: NoControlCharsSchema.pipe(z.string().trim().min(1).max(64)),
  description: text(LONG_TEXT).optional(),
  personality: text(LONG_TEXT).optional(),
  scenario: text(LONG_TEXT).optional(),
  first_mes: text(LONG_TEXT).optional().describe('The greeting the persona opens with'),
  mes_example: text(LONG_TEXT).optional().describe('Example dialogue in the persona\'s voice'),
  system_prompt: text(LONG_TEXT).optional(),
  post_history_instructions: text(LONG_TEXT).optional().describe('Instructions placed after the chat history in the prompt'),
  creator_notes: text(LONG_TEXT).optional().describe('Notes for people, not used in the prompt'),
  nickname: z.string().max(64).nullable().optional(),
  speaking_style: text(500).optional(),
  full_name: text(128).optional(),
  creator: text(256).optional(),
  character_version: text(256).optional(),
  alternate_greetings: z.array(text(LONG_TEXT)).max(32).optional(),
  group_only_greetings: z.array(text(LONG_TEXT)).max(32).optional(),
  tags: z.array(z.string().min(1).max(64)).max(64).optional(),
  personality_traits: TraitsInputSchema.optional().describe('Trait → a number on traits_scale, or very low, low, moderate, high, very high'),
  traits_scale: TraitsScaleSchema.default('0-100'),
  topic_preferences: scoreMap.optional().describe('Topic → interest 0–100'),
  charisma: z.number().int().min(1).max(20).optional(),
  intelligence: z.number().int().min(1).max(20).optional(),
  social_rank: text(32).optional(),
  current_priority: PrioritySchema.optional(),
  social_energy: z.number().min(0).max(200).optional(),
  available_time: z.number().min(0).max(86_400).optional().describe('Seconds of persona-to-persona talk it has'),
  interest_level: z.number().int().min(0).max(100).optional(),
  emotional_baseline: EmotionBaselineSchema.partial().optional(),
  llm: PersonaLlmSchema.nullable().optional(),
  memory_policy: z.record(z.string(), z.unknown()).nullable().optional().describe('Overrides of the memory config for this persona'),
  extensions: jsonObjectSchema(1_000_000).optional(),
  background: text(LONG_TEXT).optional().describe('Legacy; added to the description'),
  interests: z.array(z.string().min(1).max(48)).max(64).optional().describe('Legacy; become topic preferences'),
});
/** Persona create input. */
export type PersonaCreateInput = z.infer<typeof PersonaCreateInputSchema>;

/** Fields a caller may change (`persona.update` in docs/protocol.md); every create field optional, `null` clears nullable ones. */
export const PersonaUpdateFieldsSchema = PersonaCreateInputSchema.partial().extend({
  traits_scale: TraitsScaleSchema.default('0-100'),
});
/** Persona update fields. */
export type PersonaUpdateFields = z.infer<typeof PersonaUpdateFieldsSchema>;

/** Interaction state of a persona as the wire shows it, regenerated to now. */
export const InteractionStateViewSchema = z.object({
  interest_level: z.number(),
  interaction_fatigue: z.number(),
  current_priority: PrioritySchema,
  available_time: z.number(),
  available_time_max: z.number(),
  social_energy: z.number(),
  cooldown_until: TimestampSchema.nullable(),
  cooldown_remaining: z.number(),
  is_available: z.boolean(),
  updated_at: TimestampSchema,
});
/** Interaction state view. */
export type InteractionStateView = z.infer<typeof InteractionStateViewSchema>;

/** `PersonaView` = the persona plus its interaction state. */
export const PersonaViewSchema = PersonaSchema.extend({ interaction_state: InteractionStateViewSchema });
/** Persona view. */
export type PersonaView = z.infer<typeof PersonaViewSchema>;

/** `PersonaSummary`, one row of `persona.list`. */
export const PersonaSummarySchema = z.object({
  id: IdSchema,
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  available: z.boolean(),
  social_energy: z.number(),
  current_priority: PrioritySchema,
  cooldown_remaining: z.number(),
  available_time: z.number(),
  emotion: z.string(),
  created_at: TimestampSchema,
});
/** Persona summary. */
export type PersonaSummary = z.infer<typeof PersonaSummarySchema>;
