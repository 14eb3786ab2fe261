import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compatibility, type CompatPersona } from '../../../../src/core/intelligence/compatibility.model.ts';

const seed = (f: string) => JSON.parse(readFileSync(new URL(`../../../../resources/seed/${f}.json`, import.meta.url), 'utf8')) as CompatPersona;
const aria = seed('aria');
const kira = seed('kira');
const big = (o: number, c: number, e: number, a: number, n: number, topics: Record<string, number>): CompatPersona => ({
  personality_traits: { openness: o, conscientiousness: c, extraversion: e, agreeableness: a, neuroticism: n }, topic_preferences: topics,
  charisma: 10, intelligence: 10, social_rank: 'commoner',
});
const alice = big(80, 70, 60, 80, 30, { programming: 90, books: 80, hiking: 70 });
const bob = big(60, 90, 40, 70, 20, { data: 95, statistics: 90, chess: 60 });
const charlie = big(90, 40, 80, 60, 60, { art: 95, music: 85, travel: 80 });

describe('compatibility (§4.5, vectors §13.6)', () => {
  it.each([
    ['Aria ↔ Kira', aria, kira, null, [0.5, 0.82, 0.85, 0.5, 0.667], 0.6675, 'very_good', 'friendly_engaging', ['magic']],
    ['Alice ↔ Bob', alice, bob, null, [0.841, 0.8, 0.3, 0.5, 0.645], 0.644525, 'good', 'friendly_engaging', []],
    ['Alice ↔ Charlie', alice, charlie, null, [0.778, 0.8, 0.3, 0.5, 0.622], 0.6223, 'good', 'friendly_engaging', []],
    ['Bob ↔ Charlie', bob, charlie, null, [0.683, 0.8, 0.3, 0.5, 0.589], 0.58905, 'good', 'respectful_cautious', []],
    ['Aria ↔ Charlie', aria, charlie, null, [0.5, 0.8, 0.974, 0.5, 0.694], 0.69351, 'very_good', 'friendly_engaging', ['music', 'art', 'travel']],
    ['Aria ↔ Kira with history', aria, kira, 0.0316, [0.5, 0.82, 0.85, 0.516, 0.67], 0.66987, 'very_good', 'friendly_engaging', ['magic']],
  ] as const)('%s', (_n, a, b, hist, [p, s, i, h, o], raw, prediction, style, topics) => {
    const r = compatibility(a, b, hist);
    expect(r.compatibility_analysis).toMatchObject({ personality: p, social: s, interests: i, history: h, overall: o, prediction });
    expect(r.raw_overall).toBeCloseTo(raw, 5);
    expect(r.interaction_suggestions.interaction_style).toBe(style);
    expect(r.interaction_suggestions.recommended_topics).toEqual(topics);
    expect(r.interaction_suggestions.potential_challenges).toEqual([]);
  });
});
