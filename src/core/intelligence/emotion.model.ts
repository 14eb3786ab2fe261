import type { EmotionBaseline, EmotionLabel } from '../../shared/index.ts';
import { contextSignificance, emotionalIntensity } from './importance.model.ts';
import { clamp, clamp01 } from './text.ts';

// Emotion (intelligence.md §5): appraisal of a message, update, regeneration, label.

/** Valence stems by polarity (§5.1); a token counts once, for its longest matching stem. */
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
const NEGATORS = new Set(['not', 'no', 'never', "don't", 'dont', "doesn't", "didn't", "isn't", "wasn't", "aren't", "can't", 'cannot', "won't", 'hardly']);

/** Valence of a message in −1..1 (§5.1): mean of stem matches, negated ones count −0.5×. */
export function valence(message: string): number {
  const tokens = message.toLowerCase().replace(/[’‘]/g, "'").split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '')).filter(Boolean);
  const values: number[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const tok = tokens[i] as string;
    let polarity: number | null = null;
    if (tok === 'shut' && tokens[i + 1] === 'up') polarity = -0.7;
    else {
      let best = '';
      for (const [stem, v] of STEMS) if (tok.startsWith(stem) && stem.length > best.length) { best = stem; polarity = v; }
    }
    if (polarity === null) continue;
    const negated = tokens.slice(Math.max(0, i - 3), i).some((t) => NEGATORS.has(t));
    values.push(negated ? -0.5 * polarity : polarity);
  }
  if (values.length === 0) return 0;
  return clamp(values.reduce((a, b) => a + b, 0) / values.length, -1, 1);
}

/** The appraisal of one message by the persona hearing it. */
export interface Appraisal {
  valence: number;
  intensity: number;
  significance: number;
  topic_hit: boolean;
  has_question: boolean;
}

/** Appraises a message (§5.1): valence, intensity E, significance C (no context), topic hit (pref ≥ 70). */
export function appraise(message: string, persona: { topic_preferences: Record<string, number> }): Appraisal {
  const lower = message.toLowerCase();
  return {
    valence: valence(message),
    intensity: emotionalIntensity(message),
    significance: contextSignificance(message),
    topic_hit: Object.entries(persona.topic_preferences).some(([t, p]) => p >= 70 && lower.includes(t.toLowerCase())),
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

/** Emotion tuning (§12 `emotion`). */
export interface EmotionConfig {
  mood_gain: number;
  half_life_s: number;
  energy_half_life_s: number;
}

/** Default emotion tuning. */
export const DEFAULT_EMOTION_CONFIG: EmotionConfig = { mood_gain: 0.25, half_life_s: 1800, energy_half_life_s: 3600 };

/** Applies one appraised message to regenerated values (§5.2). */
export function applyAppraisal(s: EmotionValues, a: Appraisal, cfg: EmotionConfig = DEFAULT_EMOTION_CONFIG): EmotionValues {
  const neither = !a.has_question && !a.topic_hit;
  return {
    mood: clamp(s.mood + cfg.mood_gain * a.valence, -1, 1),
    stress_level: clamp01(s.stress_level + 0.1 * a.intensity * (a.valence < 0 ? 1 : 0) + 0.1 * (a.significance >= 0.85 ? 1 : 0) - 0.05 * (a.valence > 0 ? 1 : 0)),
    curiosity: clamp01(s.curiosity + 0.05 * (a.has_question ? 1 : 0) + 0.05 * (a.topic_hit ? 1 : 0) - 0.02 * (neither ? 1 : 0)),
    energy_level: clamp01(s.energy_level - 0.01),
  };
}

/** Regeneration toward the baseline over `dtSeconds` (§5.3). */
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

/** The emotion label, first matching rule of §5.4. */
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
