import { describe, expect, it } from 'vitest';
import { applyAppraisal, appraise, emotionLabel, regenerate, valence, type EmotionValues } from '../../../../src/core/intelligence/emotion.model.ts';

// intelligence.md §13.9: default baseline (mood .5, energy .7, stress .3, curiosity .6), Aria's topics.
const aria = { topic_preferences: { music: 95, stories: 90, travel: 85, gossip: 80, magic: 70, adventure: 85, art: 80, local_news: 75 } };
const base: EmotionValues = { mood: 0.5, energy_level: 0.7, stress_level: 0.3, curiosity: 0.6 };
const baseline = { mood: 0.5, energy_level: 0.7, stress_level: 0.3, curiosity: 0.6 };
const round = (s: EmotionValues) => [s.mood, s.stress_level, s.curiosity, s.energy_level].map((x) => Number(x.toFixed(4)));

describe('appraisal and update (§5.1, §5.2)', () => {
  const rows: [string, number, number, [number, number, number, number], string][] = [
    ['I hate you, you stupid liar', -0.8, 0.9, [0.3, 0.39, 0.58, 0.69], 'content'],
    ['Thank you so much, this is wonderful!', 0.75, 0.4, [0.6875, 0.25, 0.58, 0.69], 'excited'],
    ['Can you sing me a song about music and travel?', 0, 0, [0.5, 0.3, 0.7, 0.69], 'content'],
    ["EMERGENCY! There's a dragon attacking!", 0, 0.6, [0.5, 0.4, 0.58, 0.69], 'content'],
    ['I am not happy', -0.3, 0.6, [0.425, 0.36, 0.58, 0.69], 'content'],
    ['Hello!', 0, 0.4, [0.5, 0.3, 0.58, 0.69], 'content'],
  ];
  it.each(rows)('%s', (message, v, e, after, label) => {
    const a = appraise(message, aria);
    expect(a.valence).toBeCloseTo(v, 6);
    expect(a.intensity).toBeCloseTo(e, 6);
    const next = applyAppraisal(base, a);
    expect(round(next)).toEqual(after);
    expect(emotionLabel({ ...next, social_battery: 0.75 })).toBe(label);
  });

  it('five insults in a row make the persona angry', () => {
    let s = base;
    for (let i = 0; i < 5; i += 1) s = applyAppraisal(s, appraise('I hate you, you stupid liar', aria));
    expect(round(s)).toEqual([-0.5, 0.75, 0.5, 0.65]);
    expect(emotionLabel({ ...s, social_battery: 0.75 })).toBe('angry');
  });

  it('more valence vectors', () => {
    expect(valence('I do not hate you at all')).toBeCloseTo(0.45, 6);
    expect(valence("I'm so tired and bored")).toBeCloseTo(-0.3, 6);
    expect(valence('That is an interesting idea, thanks')).toBeCloseTo(0.55, 6);
    expect(valence("Shut up, you're useless")).toBeCloseTo(-0.65, 6);
    expect(valence('whatever you say')).toBe(0);
  });
});

describe('regeneration (§5.3) and labels (§5.4)', () => {
  it('after the insult row: +1 800 s and +7 200 s', () => {
    const insulted = applyAppraisal(base, appraise('I hate you, you stupid liar', aria));
    const r1 = regenerate(insulted, baseline, 1800);
    expect([r1.mood, r1.stress_level, r1.curiosity, r1.energy_level].map((x) => Number(x.toFixed(5)))).toEqual([0.4, 0.345, 0.59, 0.69293]);
    const r2 = regenerate(insulted, baseline, 7200);
    expect(Number(r2.mood.toFixed(4))).toBe(0.4875);
    expect(Math.abs(r2.stress_level - 0.30563)).toBeLessThan(1e-5);
  });

  it('label rules, first match', () => {
    const L = (mood: number, stress_level: number, o: Partial<EmotionValues & { social_battery: number }> = {}) =>
      emotionLabel({ mood, stress_level, energy_level: 0.7, curiosity: 0.6, social_battery: 0.75, ...o });
    expect(L(-0.5, 0.65)).toBe('angry');
    expect(L(-0.35, 0.2)).toBe('sad');
    expect(L(0.1, 0.75)).toBe('anxious');
    expect(L(0.5, 0.3, { energy_level: 0.2 })).toBe('tired');
    expect(L(0.5, 0.3, { social_battery: 0.1 })).toBe('tired');
    expect(L(0.7, 0.3, { energy_level: 0.7 })).toBe('excited');
    expect(L(0.1, 0.3, { curiosity: 0.8 })).toBe('curious');
    expect(L(0.1, 0.3, { curiosity: 0.6 })).toBe('neutral');
    expect(L(0.5, 0.3)).toBe('content');
  });
});
