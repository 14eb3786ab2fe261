import type { EmotionBaseline, EmotionLabel } from '../../shared/index.ts';
import { contextSignificance, emotionalIntensity } from '../memory/importance.model.ts';
import { clamp, clamp01, straightApostrophes } from '../text/text.model.ts';

// Emotion: appraisal of a message, update, regeneration toward the baseline,
// the label, and `emotional.update_state`. Pure: callers pass the clock.

/** Valence stems by polarity; a token counts once, for its longest matching stem. */
const STEMS: readonly [string, number][] = [
  ['love', 0.9], ['ecstatic', 0.9], ['thrilled', 0.85], ['overjoyed', 0.85],
  ['wonderful', 0.8], ['amaz', 0.8], ['awesome', 0.8], ['excellent', 0.8], ['fantastic', 0.8],
  ['thank', 0.7], ['excit', 0.7],
  ['happy', 0.6], ['happi', 0.6], ['glad', 0.6], ['great', 0.6], ['proud', 0.6], ['appreciat', 0.6], ['enjoy', 0.6], ['beautiful', 0.6],
  ['amus', 0.5], ['interest', 0.4], ['good', 0.4], ['nice', 0.4], ['friend', 0.4], ['welcome', 0.4], ['curious', 0.3], ['please', 0.2],
  ['furious', -0.95], ['hate', -0.9], ['devastat', -0.9], ['terrified', -0.9], ['enrag', -0.9], ['heartbroken', -0.9],
  ['idiot', -0.8], ['liar', -0.8], ['stupid', -0.7], ['angry', -0.7], ['anger', -0.7], ['awful', -0.7], ['terribl', -0.7], ['horribl', -0.7],
  ['anxi', -0.6], ['worr', -0.6], ['sad', -0.6], ['disappoint', -0.6], ['useless', -0.6], ['rude', -0.6],
  ['annoy', -0.5], ['embarrass', -0.5], ['hurt', -0.5], ['boring', -0.4], ['tired', -0.3], ['bored', -0.3], ['confus', -0.2],
];
/** `shut up` is the one phrase stem. */
const SHUT_UP = -0.7;
const NEGATORS = new Set(['not', 'no', 'never', "don't", 'dont', "doesn't", "didn't", "isn't", "wasn't", "aren't", "can't", 'cannot', "won't", 'hardly']);
const NEGATION_WINDOW = 3;
const NEGATION_FACTOR = -0.5;

/** Word tokens of a message: lower-cased runs of letters, digits and apostrophes (curly ones normalised). */
export function valenceTokens(message: string): string[] {
  const lower = straightApostrophes(message.toLowerCase());
  return (lower.match(/[\p{L}\p{N}']+/gu) ?? []).map((t) => t.replace(/^'+|'+$/g, '')).filter((t) => t.length > 0);
}

/** Polarity of the longest stem a token starts with (a word-prefix match), or null. */
function stemPolarity(token: string): number | null {
  let best = '';
  let polarity: number | null = null;
  for (const [stem, v] of STEMS) {
    if (stem.length > best.length && token.startsWith(stem)) {
      best = stem;
      polarity = v;
    }
  }
  return polarity;
}

/** Valence of a message in −1..1: mean of the stem matches, a negated one counting −0.5×; 0 when none. */
export function valence(message: string): number {
  const tokens = valenceTokens(message);
  const values: number[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const phrase = tokens[i] === 'shut' && tokens[i + 1] === 'up';
    const polarity = phrase ? SHUT_UP : stemPolarity(tokens[i] as string);
    if (polarity === null) continue;
    const negated = tokens.slice(Math.max(0, i - NEGATION_WINDOW), i).some((t) => NEGATORS.has(t));
    values.push(negated ? NEGATION_FACTOR * polarity : polarity);
    // The phrase is one match over two tokens; "up" is not read again.
    if (phrase) i += 1;
  }
  if (values.length === 0) return 0;
  return clamp(values.reduce((a, b) => a + b, 0) / values.length, -1, 1);
}

/** The appraisal of one message by the persona hearing it. */
export interface Appraisal {
  valence: number;
  /** Emotional intensity E, as in importance scoring. */
  intensity: number;
  /** Significance C, as in importance scoring, without context. */
  significance: number;
  /** A topic with preference ≥ 70 occurs (substring) in the message. */
  topic_hit: boolean;
  /** The message contains "?" (the curiosity rule of the update). */
  has_question: boolean;
}

/** Preference a topic needs for `topic_hit`. */
export const TOPIC_HIT_PREFERENCE = 70;

/** Appraises a message: valence, intensity E, significance C (no context), topic hit (pref ≥ 70). */
export function appraise(message: string, persona: { topic_preferences: Record<string, number> }): Appraisal {
  const lower = message.toLowerCase();
  return {
    valence: valence(message),
    intensity: emotionalIntensity(message),
    significance: contextSignificance(message),
    topic_hit: Object.entries(persona.topic_preferences).some(([t, p]) => p >= TOPIC_HIT_PREFERENCE && lower.includes(t.toLowerCase())),
    has_question: message.includes('?'),
  };
}

/** The four stored emotion values. */
export interface EmotionValues {
  mood: number;
  energy_level: number;
  stress_level: number;
  curiosity: number;
}

/** Emotion state of one persona: values, baseline and the regeneration anchor (ISO time). */
export interface EmotionState extends EmotionValues {
  baseline: EmotionBaseline;
  updated_at: string;
}

/** Emotion tuning (config `emotion.*`). */
export interface EmotionConfig {
  mood_gain: number;
  half_life_s: number;
  energy_half_life_s: number;
}

/** Default emotion tuning. */
export const DEFAULT_EMOTION_CONFIG: EmotionConfig = { mood_gain: 0.25, half_life_s: 1800, energy_half_life_s: 3600 };

const ind = (b: boolean): number => (b ? 1 : 0);

/** Applies one appraised message to already-regenerated values; each value clamped to its range. */
export function applyAppraisal(s: EmotionValues, a: Appraisal, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG): EmotionValues {
  const neither = !a.has_question && !a.topic_hit;
  return {
    mood: clamp(s.mood + cfg.mood_gain * a.valence, -1, 1),
    stress_level: clamp01(s.stress_level + 0.1 * a.intensity * ind(a.valence < 0) + 0.1 * ind(a.significance >= 0.85) - 0.05 * ind(a.valence > 0)),
    curiosity: clamp01(s.curiosity + 0.05 * ind(a.has_question) + 0.05 * ind(a.topic_hit) - 0.02 * ind(neither)),
    energy_level: clamp01(s.energy_level - 0.01),
  };
}

/** Regeneration toward the baseline over `dtSeconds`: x ← b + (x − b)·0.5^(Δt/H); Δt < 0 counts as 0. */
export function regenerate(s: EmotionValues, b: EmotionBaseline, dtSeconds: number, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG): EmotionValues {
  const dt = Math.max(0, dtSeconds);
  const toward = (x: number, base: number, h: number) => base + (x - base) * 0.5 ** (dt / h);
  return {
    mood: toward(s.mood, b.mood, cfg.half_life_s),
    stress_level: toward(s.stress_level, b.stress_level, cfg.half_life_s),
    curiosity: toward(s.curiosity, b.curiosity, cfg.half_life_s),
    energy_level: toward(s.energy_level, b.energy_level, cfg.energy_half_life_s),
  };
}

const seconds = (fromIso: string, now: Date): number => Math.max(0, (now.getTime() - Date.parse(fromIso)) / 1000);
const values = (s: EmotionValues): EmotionValues => ({ mood: s.mood, energy_level: s.energy_level, stress_level: s.stress_level, curiosity: s.curiosity });

/** A persona's state at its baseline, anchored at `now`. */
export function initialEmotionState(baseline: EmotionBaseline, now: Date): EmotionState {
  return { ...values(baseline), baseline: { ...baseline }, updated_at: now.toISOString() };
}

/** The state regenerated from `updated_at` to `now` and re-anchored at `now` (lazy on every read). */
export function emotionAt(s: EmotionState, now: Date, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG): EmotionState {
  return { ...regenerate(s, s.baseline, seconds(s.updated_at, now), cfg), baseline: s.baseline, updated_at: now.toISOString() };
}

/** The update for the persona hearing a message: regenerate to `now`, then apply the appraisal. */
export function hearMessage(s: EmotionState, a: Appraisal, now: Date, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG): EmotionState {
  const r = emotionAt(s, now, cfg);
  return { ...r, ...applyAppraisal(r, a, cfg) };
}

/** The update for the speaker of a conversation turn: regenerate to `now`, then only energy − 0.01. */
export function speakerPays(s: EmotionState, now: Date, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG): EmotionState {
  const r = emotionAt(s, now, cfg);
  return { ...r, energy_level: clamp01(r.energy_level - 0.01) };
}

/** Derived social battery: social_energy / 200, clamped to 0..1. */
export function socialBattery(socialEnergy: number): number {
  return clamp01(socialEnergy / 200);
}

/** The emotion label, first matching rule. */
export function emotionLabel(s: EmotionValues & { social_battery: number }): EmotionLabel {
  if (s.mood <= -0.4 && s.stress_level >= 0.6) return 'angry';
  if (s.mood <= -0.3) return 'sad';
  if (s.stress_level >= 0.7) return 'anxious';
  if (s.energy_level <= 0.25 || s.social_battery <= 0.15) return 'tired';
  if (s.mood >= 0.6 && s.energy_level >= 0.6) return 'excited';
  if (s.curiosity >= 0.75) return 'curious';
  if (s.mood >= 0.2) return 'content';
  return 'neutral';
}

/** `emotional.update_state` params; every field optional, mode defaults to `set`. */
export interface EmotionUpdate {
  mode?: 'set' | 'delta';
  mood?: number;
  energy_level?: number;
  stress_level?: number;
  curiosity?: number;
  social_battery?: number;
  baseline?: Partial<EmotionBaseline>;
}

const FIELDS = ['mood', 'energy_level', 'stress_level', 'curiosity'] as const;
const lowOf = (k: (typeof FIELDS)[number]): number => (k === 'mood' ? -1 : 0);

/**
 * `emotional.update_state`: regenerates to `now`, then sets (or, mode `delta`, adds) the given
 * values, clamped to their ranges, and re-anchors at `now`. `social_battery` writes social energy
 * (battery × 200); baseline fields given are set (clamped) in either mode.
 */
export function updateEmotionState(
  s: EmotionState, u: EmotionUpdate, socialEnergy: number, now: Date, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG,
): { state: EmotionState; social_energy: number } {
  const delta = u.mode === 'delta';
  const next = emotionAt(s, now, cfg);
  for (const k of FIELDS) {
    const v = u[k];
    if (typeof v === 'number' && Number.isFinite(v)) next[k] = clamp(delta ? next[k] + v : v, lowOf(k), 1);
  }
  const baseline = { ...s.baseline };
  for (const k of FIELDS) {
    const v = u.baseline?.[k];
    if (typeof v === 'number' && Number.isFinite(v)) baseline[k] = clamp(v, lowOf(k), 1);
  }
  let social_energy = socialEnergy;
  if (typeof u.social_battery === 'number' && Number.isFinite(u.social_battery)) {
    const battery = clamp01(delta ? socialBattery(socialEnergy) + u.social_battery : u.social_battery);
    social_energy = battery * 200;
  }
  return { state: { ...next, baseline }, social_energy };
}
