// Pure conversion between the persona form's fields and the persona.create / persona.update input,
// validated with the shared zod schemas so inline errors match what the server would say.
import {
  DEFAULT_EMOTION_BASELINE, PersonaCreateInputSchema, type EmotionBaseline, PersonaUpdateFieldsSchema, type PersonaView, type Priority,
} from '../../../shared/index.ts';
import { issuesToErrors, type FieldErrors, type FieldLabels } from '../issue-text.ts';

/** One named 0–100 value (a trait or a topic). */
export interface NamedScore { key: string; value: number }

/** The form's editable state (strings as typed; converted on submit). */
export interface PersonaFormValues {
  name: string; nickname: string; full_name: string; description: string; personality: string; scenario: string;
  first_mes: string; background: string; speaking_style: string; social_rank: string; tags: string;
  charisma: string; intelligence: string; current_priority: Priority | '';
  traits: NamedScore[]; topics: NamedScore[]; baseline: EmotionBaseline;
}

/** How the form names each field of the shared persona schema in its messages. */
export const PERSONA_FIELD_LABELS: FieldLabels = {
  full_name: 'Full name', first_mes: 'First message', speaking_style: 'Speaking style', social_rank: 'Social rank',
  current_priority: 'Priority', personality_traits: 'Traits', topic_preferences: 'Topics', emotional_baseline: 'Emotional baseline',
};

/** A blank form with a few starting traits, the way the persona creator opens. */
export function emptyPersonaForm(): PersonaFormValues {
  return {
    name: '', nickname: '', full_name: '', description: '', personality: '', scenario: '', first_mes: '', background: '',
    speaking_style: '', social_rank: '', tags: '', charisma: '', intelligence: '', current_priority: '',
    traits: [{ key: 'openness', value: 50 }, { key: 'extraversion', value: 50 }, { key: 'agreeableness', value: 50 }],
    topics: [], baseline: { ...DEFAULT_EMOTION_BASELINE },
  };
}

/** Fills the form from a stored persona (edit mode). */
export function personaToForm(p: PersonaView): PersonaFormValues {
  const scores = (m: Record<string, number>) => Object.entries(m).map(([key, value]) => ({ key, value: Math.round(value) }));
  return {
    name: p.name, nickname: p.nickname ?? '', full_name: p.full_name, description: p.description, personality: p.personality,
    scenario: p.scenario, first_mes: p.first_mes, background: '', speaking_style: p.speaking_style, social_rank: p.social_rank,
    tags: p.tags.join(', '), charisma: String(p.charisma), intelligence: String(p.intelligence),
    current_priority: p.interaction_defaults.current_priority, traits: scores(p.personality_traits), topics: scores(p.topic_preferences),
    baseline: { ...p.emotional_baseline },
  };
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
const scoreMap = (rows: NamedScore[]) => Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));

/** The input object sent to the server: create omits blank optional text, update sends every field. */
export function formToInput(v: PersonaFormValues, mode: 'create' | 'edit'): Record<string, unknown> {
  const text: Record<string, string> = {
    description: v.description, personality: v.personality, scenario: v.scenario, first_mes: v.first_mes,
    speaking_style: v.speaking_style, social_rank: v.social_rank, full_name: v.full_name, background: v.background,
  };
  const out: Record<string, unknown> = { name: v.name };
  for (const [k, s] of Object.entries(text)) if (s !== '' || (mode === 'edit' && k !== 'background')) out[k] = s;
  if (v.nickname !== '') out.nickname = v.nickname;
  else if (mode === 'edit') out.nickname = null;
  const tags = v.tags.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.length || mode === 'edit') out.tags = tags;
  const charisma = num(v.charisma);
  const intelligence = num(v.intelligence);
  if (charisma !== undefined) out.charisma = charisma;
  if (intelligence !== undefined) out.intelligence = intelligence;
  if (v.current_priority) out.current_priority = v.current_priority;
  if (v.traits.length || mode === 'edit') out.personality_traits = scoreMap(v.traits);
  if (v.topics.length || mode === 'edit') out.topic_preferences = scoreMap(v.topics);
  out.emotional_baseline = v.baseline;
  return out;
}

/** Validates the form with the shared schema of the mode; returns field errors (empty when valid). */
export function validatePersonaForm(v: PersonaFormValues, mode: 'create' | 'edit'): FieldErrors {
  const schema = mode === 'create' ? PersonaCreateInputSchema : PersonaUpdateFieldsSchema;
  const result = schema.safeParse(formToInput(v, mode));
  return result.success ? {} : issuesToErrors(result.error.issues, PERSONA_FIELD_LABELS);
}
