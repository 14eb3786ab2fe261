import { clamp01, roundTo } from '../text/text.model.ts';

// Persona compatibility: a pure function of two personas (and their history).

/** What compatibility reads of a persona. */
export interface CompatPersona {
  personality_traits: Record<string, number>;
  topic_preferences: Record<string, number>;
  charisma: number;
  intelligence: number;
  social_rank: string;
}

const BIG_FIVE: readonly [string, number][] = [['openness', 0.2], ['conscientiousness', 0.15], ['extraversion', 0.25], ['agreeableness', 0.25], ['neuroticism', 0.15]];
const RANKS: Readonly<Record<string, number>> = { noble: 4, merchant: 3, artisan: 2, commoner: 1, peasant: 0 };

/** Personality term: weighted Big-Five similarity (0.5 when either map is empty or nothing is shared). */
export function personalityCompat(a: CompatPersona, b: CompatPersona): number {
  let sum = 0;
  let weight = 0;
  for (const [key, w] of BIG_FIVE) {
    const x = a.personality_traits[key];
    const y = b.personality_traits[key];
    if (x === undefined || y === undefined) continue;
    const [p, q] = [x / 100, y / 100];
    const d = Math.abs(p - q);
    const c = key === 'neuroticism' ? 1 - d - 0.3 * Math.max(p, q) : key === 'extraversion' ? (d < 0.5 ? 1 - 0.7 * d : 1 - d) : 1 - d;
    sum += clamp01(c) * w;
    weight += w;
  }
  return weight === 0 ? 0.5 : sum / weight;
}

/** Social term: charisma, intelligence gap and rank distance. */
export function socialCompat(a: CompatPersona, b: CompatPersona): number {
  const gap = Math.abs(a.intelligence - b.intelligence);
  const lvl = (r: string) => {
    const key = r.toLowerCase();
    return Object.hasOwn(RANKS, key) ? (RANKS[key] as number) : 1;
  };
  const diff = Math.abs(lvl(a.social_rank) - lvl(b.social_rank));
  const rank = diff === 0 ? 1 : diff === 1 ? 0.8 : diff === 2 ? 0.6 : 0.3;
  return 0.4 * Math.min(1, (a.charisma + b.charisma) / 40) + 0.4 * (gap <= 3 ? 1 : gap <= 6 ? 0.8 : 0.5) + 0.2 * rank;
}

/** Interests term over common topics. */
export function interestCompat(a: CompatPersona, b: CompatPersona): number {
  const ka = Object.keys(a.topic_preferences);
  const kb = Object.keys(b.topic_preferences);
  if (!ka.length || !kb.length) return 0.5;
  const common = ka.filter((k) => Object.hasOwn(b.topic_preferences, k));
  if (!common.length) return 0.3;
  let num = 0;
  let den = 0;
  for (const t of common) {
    const x = a.topic_preferences[t] as number;
    const y = b.topic_preferences[t] as number;
    if (x <= 20 || y <= 20) continue;
    const w = (x + y) / 200;
    num += (1 - Math.abs(x - y) / 100) * w;
    den += w;
  }
  if (den === 0) return 0.3;
  return clamp01(num / den + (0.2 * common.length) / Math.max(ka.length, kb.length));
}

/**
 * The full analysis returned by `relationship.compatibility` (values 3 dp; prediction on the raw overall).
 * `historyStrength` = relationship_strength of a's view of b, null when there is no relationship.
 */
export function compatibility(a: CompatPersona, b: CompatPersona, historyStrength: number | null) {
  const personality = personalityCompat(a, b);
  const social = socialCompat(a, b);
  const interests = interestCompat(a, b);
  const history = historyStrength === null ? 0.5 : clamp01((historyStrength + 1) / 2);
  const overall = 0.35 * personality + 0.25 * social + 0.25 * interests + 0.15 * history;
  const prediction = overall > 0.8 ? 'excellent' : overall > 0.65 ? 'very_good' : overall > 0.5 ? 'good' : overall > 0.35 ? 'challenging' : 'difficult';
  const [style, potential, frequency] = overall > 0.8 ? ['collaborative_enthusiastic', 'excellent_friends', 'frequent']
    : overall > 0.6 ? ['friendly_engaging', 'good_friends', 'regular']
      : overall > 0.4 ? ['respectful_cautious', 'cordial_acquaintances', 'occasional'] : ['formal_distant', 'professional_only', 'minimal'];
  const sum = (t: string) => (a.topic_preferences[t] as number) + (b.topic_preferences[t] as number);
  const recommended = Object.keys(a.topic_preferences)
    .filter((t) => Object.hasOwn(b.topic_preferences, t) && (a.topic_preferences[t] as number) > 30 && (b.topic_preferences[t] as number) > 30)
    .sort((x, y) => sum(y) - sum(x) || (x < y ? -1 : x > y ? 1 : 0))
    .slice(0, 5);
  const trait = (p: CompatPersona, k: string) => p.personality_traits[k] ?? 50;
  const challenges = [
    ...(personality < 0.4 ? ['personality_clash'] : []), ...(social < 0.4 ? ['social_mismatch'] : []),
    ...(interests < 0.3 ? ['few_shared_interests'] : []),
    ...(trait(a, 'neuroticism') > 70 || trait(b, 'neuroticism') > 70 ? ['high_stress_potential'] : []),
    ...(Math.abs(trait(a, 'extraversion') - trait(b, 'extraversion')) > 60 ? ['energy_level_mismatch'] : []),
  ];
  return {
    compatibility_analysis: { overall: roundTo(overall, 3), personality: roundTo(personality, 3), social: roundTo(social, 3), interests: roundTo(interests, 3), history: roundTo(history, 3), prediction },
    interaction_suggestions: { interaction_style: style, recommended_topics: recommended, potential_challenges: challenges, relationship_potential: potential, interaction_frequency: frequency },
    raw_overall: overall,
  };
}
