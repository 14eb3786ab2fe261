import { clamp, clamp01, countChar, countWholeWord, countWords, hasWholeWord, hasWordPrefix } from '../text/text.model.ts';

// Importance scoring: keyword tables and weights, each applied as written.

const EMOTION_KEYWORDS: Readonly<Record<string, number>> = {
  love: 0.9, hate: 0.9, furious: 0.95, ecstatic: 0.9, devastated: 0.9, thrilled: 0.85, terrified: 0.9,
  overjoyed: 0.85, enraged: 0.9, heartbroken: 0.9, happy: 0.6, sad: 0.6, angry: 0.7, excited: 0.7, worried: 0.6,
  surprised: 0.65, disappointed: 0.6, anxious: 0.7, proud: 0.7, embarrassed: 0.65, content: 0.4, curious: 0.4,
  tired: 0.3, bored: 0.2, interested: 0.5, confused: 0.4, amused: 0.4,
};

const CONTEXT_PATTERNS: readonly [number, readonly string[]][] = [
  [0.9, ['emergency', 'urgent', 'crisis', 'death', 'born', 'married', 'divorced']],
  [0.85, ['secret', 'confession', 'betrayal', 'revelation', 'discovered']],
  [0.8, ['first time', 'never again', 'last chance', 'forever']],
  [0.7, ['important', 'significant', 'critical', 'serious', 'major', 'promise', 'swear', 'vow', 'commitment', 'decision']],
  [0.65, ['fight', 'argument', 'conflict', 'disagreement']],
  [0.6, ['magic', 'spell', 'enchant', 'wizard', 'dragon', 'artifact', 'family', 'friend', 'enemy', 'ally', 'relationship']],
  [0.55, ['business', 'trade', 'profit', 'loss', 'money']],
  [0.5, ['interesting', 'unusual', 'strange', 'weird', 'funny', 'plan', 'idea', 'suggestion', 'proposal']],
  [0.45, ['remember', 'forget', 'recall', 'remind']],
];

const ENGAGE_STRONG = ['tell me', 'explain', 'describe', 'how', 'why', 'what', 'when', 'where'];
const ENGAGE_OPINION = ['agree', 'disagree', 'think', 'feel', 'believe', 'opinion'];

/** A persona as the importance terms read it. */
export interface ImportancePersona {
  topic_preferences: Record<string, number>;
  personality_traits: Record<string, number>;
}

/** Conversation context of a memory (continue score and topic). */
export interface ImportanceContext {
  continue_score?: number;
  topic?: string;
}

/** Inputs of one importance computation; absent inputs contribute 0. */
export interface ImportanceInput {
  text: string;
  speaker?: ImportancePersona;
  listener?: ImportancePersona;
  context?: ImportanceContext;
  turn?: { continue_score: number; response_type?: string };
  relationship?: { affinity: number; trust: number };
}

/** E — emotional intensity 0..1: keywords (word prefix), exclamation marks, upper-case ratio. */
export function emotionalIntensity(text: string): number {
  const lower = text.toLowerCase();
  let e = 0;
  for (const [kw, v] of Object.entries(EMOTION_KEYWORDS)) if (v > e && hasWordPrefix(lower, kw)) e = v;
  const bangs = countChar(text, '!');
  e = Math.max(e, bangs >= 3 ? 0.8 : bangs === 2 ? 0.6 : bangs === 1 ? 0.4 : 0);
  let upper = 0;
  let total = 0;
  for (const ch of text) {
    total += 1;
    if (ch !== ch.toLowerCase() && ch === ch.toUpperCase()) upper += 1;
  }
  const ratio = total ? upper / total : 0;
  return Math.max(e, ratio > 0.3 ? 0.7 : ratio > 0.1 ? 0.4 : 0);
}

/** C — context significance 0..1 from whole-word patterns, and from the context when given. */
export function contextSignificance(text: string, context?: ImportanceContext): number {
  const lower = text.toLowerCase();
  let c = 0;
  for (const [v, words] of CONTEXT_PATTERNS) if (v > c && words.some((w) => hasWholeWord(lower, w))) c = v;
  if (context) {
    const cs = context.continue_score ?? 50;
    c = Math.max(c, cs >= 80 ? 0.7 : cs >= 60 ? 0.5 : 0);
    const topic = context.topic?.toLowerCase();
    if (topic && ['crisis', 'emergency', 'important', 'secret'].includes(topic)) c = Math.max(c, 0.8);
    else if (topic && ['personal', 'relationship', 'family'].includes(topic)) c = Math.max(c, 0.6);
  }
  return c;
}

/** I(p) — interest alignment of persona p with the text (topic substrings, else a trait-based default). */
export function interestAlignment(text: string, p: ImportancePersona): number {
  const topics = Object.entries(p.topic_preferences);
  if (topics.length === 0) return 0.5;
  const lower = text.toLowerCase();
  let best = 0;
  for (const [topic, pref] of topics) if (lower.includes(topic.toLowerCase())) best = Math.max(best, Math.min(pref / 100, 1));
  if (best > 0) return best;
  const traits = p.personality_traits;
  // Own keys only: `in` would also see Object.prototype members.
  if (Object.hasOwn(traits, 'curious')) return 0.6;
  if (Object.hasOwn(traits, 'social')) return 0.5;
  return Object.keys(traits).length ? 0.4 : 0.5;
}

/** G — engagement 0..1: questions, exclamations, engagement words, length and turn bonuses. */
export function engagement(text: string, turn?: ImportanceInput['turn']): number {
  const lower = text.toLowerCase();
  let g = 0.1 * countChar(text, '?') + 0.05 * countChar(text, '!');
  for (const w of ENGAGE_STRONG) g += 0.15 * countWholeWord(lower, w);
  for (const w of ENGAGE_OPINION) g += 0.1 * countWholeWord(lower, w);
  const n = countWords(text);
  g += n >= 50 ? 0.3 : n >= 20 ? 0.2 : n >= 10 ? 0.1 : 0;
  if (turn) {
    g += turn.continue_score >= 70 ? 0.2 : turn.continue_score >= 50 ? 0.1 : 0;
    g += turn.response_type === 'creative' ? 0.15 : turn.response_type === 'detailed' ? 0.1 : 0;
  }
  return Math.min(1, g);
}

/** R — relationship significance: affinity/trust mapped to 0..1, extremes count most. */
export function relationshipSignificance(r: { affinity: number; trust: number }): number {
  const s = (clamp01((r.affinity + 1) / 2) + clamp01((r.trust + 1) / 2)) / 2;
  if (s >= 0.8 || s <= 0.2) return 0.9;
  if (s >= 0.6 || s <= 0.4) return 0.7;
  return 0.5;
}

/** Each term of the importance formula (0 when its input is absent), for tests and debugging. */
export function importanceTerms(input: ImportanceInput): { E: number; C: number; Is: number; Il: number; G: number; R: number } {
  return {
    E: emotionalIntensity(input.text),
    C: contextSignificance(input.text, input.context),
    Is: input.speaker ? interestAlignment(input.text, input.speaker) : 0,
    Il: input.listener ? interestAlignment(input.text, input.listener) : 0,
    G: engagement(input.text, input.turn),
    R: input.relationship && input.listener ? relationshipSignificance(input.relationship) : 0,
  };
}

/** Importance 0.1..1 of a memory's text (unrounded). */
export function scoreImportance(input: ImportanceInput): number {
  const t = importanceTerms(input);
  const raw = 0.3 + 0.25 * t.E + 0.2 * t.C + 0.1 * t.Is + 0.05 * t.Il + 0.1 * t.G + 0.1 * t.R + 0.05 * 1.0;
  return clamp(raw, 0.1, 1.0);
}
