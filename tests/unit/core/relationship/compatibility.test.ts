import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compatibility, interestCompat, personalityCompat, socialCompat, type CompatPersona } from '../../../../src/core/relationship/compatibility.model.ts';
import { applyInteraction, newRelationship, relationshipStrength } from '../../../../src/core/relationship/relationship.model.ts';
import { roundTo } from '../../../../src/core/text/text.model.ts';

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

describe('compatibility (test vectors)', () => {
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

describe('compatibility details', () => {
  it('rounds with toFixed: raw .6675 is stored as 0.66749999… and gives .667 (Math.round would give .668)', () => {
    const raw = compatibility(aria, kira, null).raw_overall;
    expect(raw).toBe(0.35 * 0.5 + 0.25 * 0.82 + 0.25 * 0.85 + 0.15 * 0.5);
    expect(roundTo(raw, 3)).toBe(0.667);
    expect(Math.round(0.6675 * 1000) / 1000).toBe(0.668);
    expect(compatibility(aria, kira, null).compatibility_analysis.overall).toBe(0.667);
  });

  it('history is persona1’s view of persona2: the R1 relationship (strength .0316) gives .516', () => {
    const r1 = applyInteraction(newRelationship('2026-11-25T12:00:00.000Z'), { quality: 0.8, minutes: 30, context: 'conversation', at: '2026-11-25T12:00:00.000Z' }).next;
    const r = compatibility(aria, kira, relationshipStrength(r1));
    expect(r.compatibility_analysis.history).toBe(0.516);
    expect(r.raw_overall).toBeCloseTo(0.66987, 6);
    expect(compatibility(aria, kira, -5).compatibility_analysis.history).toBe(0);
  });

  it('unrounded terms behind the table', () => {
    expect(personalityCompat(alice, bob)).toBeCloseTo(0.8415, 9);
    expect(interestCompat(aria, charlie)).toBeCloseTo(2.3375 / 2.6 + 0.075, 9);
    expect(socialCompat(aria, kira)).toBeCloseTo(0.82, 9);
  });

  it('a poor match: low terms, every challenge, difficult / formal_distant', () => {
    const dan: CompatPersona = { ...big(10, 10, 10, 10, 90, { x: 100 }), charisma: 1, intelligence: 1, social_rank: 'Noble' };
    const eve: CompatPersona = { ...big(90, 90, 90, 90, 10, { x: 21, a: 50, b: 50, c: 50, d: 50 }), charisma: 1, intelligence: 20, social_rank: 'peasant' };
    const r = compatibility(dan, eve, null);
    expect(r.compatibility_analysis).toEqual({ overall: 0.267, personality: 0.17, social: 0.28, interests: 0.25, history: 0.5, prediction: 'difficult' });
    expect(r.interaction_suggestions).toEqual({
      interaction_style: 'formal_distant', recommended_topics: [], relationship_potential: 'professional_only', interaction_frequency: 'minimal',
      potential_challenges: ['personality_clash', 'social_mismatch', 'few_shared_interests', 'high_stress_potential', 'energy_level_mismatch'],
    });
  });

  it('empty maps → .5; common topics none qualifying (both > 20) → .3', () => {
    const blank: CompatPersona = { personality_traits: {}, topic_preferences: {}, charisma: 10, intelligence: 10, social_rank: 'commoner' };
    expect(personalityCompat(blank, alice)).toBe(0.5);
    expect(interestCompat(blank, alice)).toBe(0.5);
    expect(interestCompat({ ...blank, topic_preferences: { gossip: 80 } }, { ...blank, topic_preferences: { gossip: 20 } })).toBe(0.3);
  });

  it('missing traits count as 50 for the challenges; prototype names are ordinary keys', () => {
    const hi: CompatPersona = { ...alice, personality_traits: { neuroticism: 71, extraversion: 100 } };
    const none: CompatPersona = { ...alice, personality_traits: {} };
    expect(compatibility(hi, none, null).interaction_suggestions.potential_challenges).toEqual(['high_stress_potential']);
    const odd: CompatPersona = { ...alice, topic_preferences: { constructor: 50, music: 80 }, social_rank: 'toString' };
    const plain: CompatPersona = { ...alice, topic_preferences: { music: 80 } };
    expect(interestCompat(odd, plain)).toBe(1);
    expect(socialCompat(odd, plain)).toBe(socialCompat(alice, alice));
    expect(compatibility(odd, plain, null).interaction_suggestions.recommended_topics).toEqual(['music']);
  });

  it('recommended topics: both > 30, top 5 by sum, ties by name', () => {
    const t = { e: 50, d: 50, c: 60, b: 90, a: 40, f: 31, g: 30 };
    const r = compatibility({ ...alice, topic_preferences: t }, { ...bob, topic_preferences: t }, null);
    expect(r.interaction_suggestions.recommended_topics).toEqual(['b', 'c', 'd', 'e', 'a']);
  });
});
