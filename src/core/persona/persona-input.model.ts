import { randomUUID } from 'node:crypto';
import {
  AppError, DEFAULT_EMOTION_BASELINE, DEFAULT_INTERACTION_DEFAULTS, TRAIT_WORDS,
  type Persona, type PersonaCreateInput, type PersonaUpdateFields, type ValidationIssue,
} from '../../shared/index.ts';

/**
 * Maps trait input to the 0..100 scale: numbers scaled by `traits_scale`, trait words mapped;
 * anything else → INVALID_PARAMS naming the trait.
 */
export function normalizeTraits(
  traits: Record<string, number | string>,
  scale: '0-100' | '0-1' | '1-10',
): Record<string, number> {
  const out: Record<string, number> = {};
  const issues: ValidationIssue[] = [];
  const factor = scale === '0-1' ? 100 : scale === '1-10' ? 10 : 1;
  const [lo, hi] = scale === '0-1' ? [0, 1] : scale === '1-10' ? [1, 10] : [0, 100];
  for (const [key, raw] of Object.entries(traits)) {
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw) || raw < lo || raw > hi) {
        issues.push({ path: ['personality_traits', key], code: 'too_big', message: `must be ${lo}..${hi} on scale ${scale}` });
        continue;
      }
      out[key] = raw * factor;
      continue;
    }
    const word = raw.trim().toLowerCase().replace(/[\s_-]+/g, '_');
    const mapped = TRAIT_WORDS[word];
    if (mapped === undefined) {
      issues.push({
        path: ['personality_traits', key],
        code: 'invalid_value',
        message: `unknown trait word "${raw}" (use a number or very low, low, moderate, medium, high, very high)`,
      });
      continue;
    }
    out[key] = mapped;
  }
  if (issues.length) throw new AppError('INVALID_PARAMS', 'Invalid personality traits', { issues });
  return out;
}

/** Card text fields copied as-is from create/update input. */
const TEXT_FIELDS = [
  'description', 'personality', 'scenario', 'first_mes', 'mes_example', 'system_prompt',
  'post_history_instructions', 'creator_notes', 'speaking_style', 'full_name', 'creator', 'character_version', 'social_rank',
] as const;
const LIST_FIELDS = ['alternate_greetings', 'group_only_greetings', 'tags'] as const;

/**
 * Applies create/update input to persona fields: traits normalised, legacy `background` appended to
 * the description and `interests` added as topics at 70. Returns only the fields the input sets.
 */
export function applyPersonaInput(base: Persona | null, input: Partial<PersonaCreateInput> & Pick<PersonaUpdateFields, 'traits_scale'>): Partial<Persona> {
  const out: Partial<Persona> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.nickname !== undefined) out.nickname = input.nickname === '' ? null : input.nickname;
  for (const key of TEXT_FIELDS) if (input[key] !== undefined) out[key] = input[key];
  for (const key of LIST_FIELDS) if (input[key] !== undefined) out[key] = input[key];
  if (input.charisma !== undefined) out.charisma = input.charisma;
  if (input.intelligence !== undefined) out.intelligence = input.intelligence;
  if (input.personality_traits !== undefined) {
    out.personality_traits = normalizeTraits(input.personality_traits, input.traits_scale ?? '0-100');
  }
  if (input.topic_preferences !== undefined) out.topic_preferences = { ...input.topic_preferences };
  if (input.interests !== undefined) {
    const topics = { ...(out.topic_preferences ?? base?.topic_preferences ?? {}) };
    for (const interest of input.interests) if (topics[interest] === undefined) topics[interest] = 70;
    out.topic_preferences = topics;
  }
  if (input.background !== undefined && input.background !== '') {
    const desc = out.description ?? base?.description ?? '';
    out.description = desc ? `${desc}\n\n${input.background}` : input.background;
  }
  if (input.emotional_baseline !== undefined) {
    out.emotional_baseline = { ...(base?.emotional_baseline ?? DEFAULT_EMOTION_BASELINE), ...input.emotional_baseline };
  }
  const defaults = { ...(base?.interaction_defaults ?? DEFAULT_INTERACTION_DEFAULTS) };
  let defaultsChanged = false;
  for (const key of ['current_priority', 'social_energy', 'available_time', 'interest_level'] as const) {
    if (input[key] !== undefined) {
      (defaults as Record<string, unknown>)[key] = input[key];
      defaultsChanged = true;
    }
  }
  if (defaultsChanged) out.interaction_defaults = defaults;
  if (input.llm !== undefined) out.llm = input.llm;
  if (input.memory_policy !== undefined) out.memory_policy = input.memory_policy;
  if (input.extensions !== undefined) out.extensions = input.extensions;
  return out;
}

/** A complete new persona from create input, with every persona default. */
export function newPersona(input: PersonaCreateInput, now: string, id: string = randomUUID()): Persona {
  const blank: Persona = {
    id, name: input.name, nickname: null, description: '', personality: '', scenario: '', first_mes: '',
    alternate_greetings: [], group_only_greetings: [], mes_example: '', system_prompt: '',
    post_history_instructions: '', creator_notes: '', creator_notes_multilingual: null, tags: [], creator: '',
    character_version: '', character_book: null, assets: [], source: [], personality_traits: {},
    topic_preferences: {}, charisma: 10, intelligence: 10, social_rank: 'commoner', speaking_style: '',
    full_name: '', emotional_baseline: { ...DEFAULT_EMOTION_BASELINE },
    interaction_defaults: { ...DEFAULT_INTERACTION_DEFAULTS }, llm: null, memory_policy: null, extensions: {},
    card_extra: null, version: 1, created_at: now, updated_at: now,
  };
  return { ...blank, ...applyPersonaInput(null, input) };
}
