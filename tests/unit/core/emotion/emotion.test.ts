import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMOTION_CONFIG, applyAppraisal, appraise, emotionAt, emotionLabel, hearMessage, initialEmotionState, regenerate, socialBattery,
  speakerPays, updateEmotionState, valence, valenceTokens, type EmotionState, type EmotionValues,
} from '../../../../src/core/emotion/emotion.model.ts';
import { contextSignificance, emotionalIntensity } from '../../../../src/core/memory/importance.model.ts';
import { ARIA, DEFAULT_BASELINE, KIRA, NOW, at } from '../fixtures.ts';

const base: EmotionValues = { ...DEFAULT_BASELINE };
/** |x − shown| within half a unit of the shown figure's last decimal (the spec's rounded figures). */
const shown = (x: number, figure: number, decimals: number) => expect(Math.abs(x - figure)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
const near = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-6);
const after = (s: EmotionValues) => [s.mood, s.stress_level, s.curiosity, s.energy_level];
const INSULT = 'I hate you, you stupid liar';

// Emotion test vectors: default baseline, Aria's topics, battery .75.
describe('appraisal and update (test vectors)', () => {
  const rows: [string, number, number, [number, number, number, number], string][] = [
    [INSULT, -0.8, 0.9, [0.3, 0.39, 0.58, 0.69], 'content'],
    ['Thank you so much, this is wonderful!', 0.75, 0.4, [0.6875, 0.25, 0.58, 0.69], 'excited'],
    ['Can you sing me a song about music and travel?', 0, 0, [0.5, 0.3, 0.7, 0.69], 'content'],
    ["EMERGENCY! There's a dragon attacking!", 0, 0.6, [0.5, 0.4, 0.58, 0.69], 'content'],
    ['I am not happy', -0.3, 0.6, [0.425, 0.36, 0.58, 0.69], 'content'],
    ['Hello!', 0, 0.4, [0.5, 0.3, 0.58, 0.69], 'content'],
  ];
  it.each(rows)('%s', (message, v, e, expected, label) => {
    const a = appraise(message, ARIA);
    near(a.valence, v);
    near(a.intensity, e);
    expect(a.intensity).toBe(emotionalIntensity(message));
    expect(a.significance).toBe(contextSignificance(message));
    const next = applyAppraisal(base, a);
    after(next).forEach((x, i) => near(x, expected[i] as number));
    expect(emotionLabel({ ...next, social_battery: 0.75 })).toBe(label);
  });

  it('appraisal parts: significance ≥ .85 raises stress, a favourite topic and "?" raise curiosity', () => {
    expect(appraise("EMERGENCY! There's a dragon attacking!", ARIA)).toMatchObject({ significance: 0.9, topic_hit: false, has_question: false });
    expect(appraise('Can you sing me a song about music and travel?', ARIA)).toMatchObject({ topic_hit: true, has_question: true });
    expect(appraise('Tell me some gossip', KIRA).topic_hit).toBe(false);
    expect(appraise('Tell me some gossip', ARIA).topic_hit).toBe(true);
  });

  it('five insults in a row: −.5 / .75 / .5 / .65, angry', () => {
    let s = base;
    for (let i = 0; i < 5; i += 1) s = applyAppraisal(s, appraise(INSULT, ARIA));
    after(s).forEach((x, i) => near(x, [-0.5, 0.75, 0.5, 0.65][i] as number));
    expect(emotionLabel({ ...s, social_battery: 0.75 })).toBe('angry');
  });

  it('more valence vectors', () => {
    near(valence('I do not hate you at all'), 0.45);
    near(valence("I'm so tired and bored"), -0.3);
    near(valence('That is an interesting idea, thanks'), 0.55);
    near(valence("Shut up, you're useless"), -0.65);
    expect(valence('whatever you say')).toBe(0);
  });

  it('stems: longest per token, word prefix only, negators within 3 tokens, clamped mean', () => {
    near(valence('happiness'), 0.6);
    near(valence('excitement'), 0.7);
    expect(valence('ambassador')).toBe(0);
    near(valence('not really very happy'), -0.3);
    near(valence('not one two three happy'), 0.6);
    near(valence('I don’t love it'), -0.45);
    near(valence('shut up'), -0.7);
    near(valence('never shut up'), 0.35);
    expect(valence('')).toBe(0);
    expect(valenceTokens('“Don’t!” she said.')).toEqual(["don't", 'she', 'said']);
  });
});

describe('regeneration and labels', () => {
  const insulted = applyAppraisal(base, appraise(INSULT, ARIA));

  it('after the insult row: +1 800 s → .4 / .345 / .59 / .69293; +7 200 s → mood .4875, stress .30563', () => {
    const r1 = regenerate(insulted, DEFAULT_BASELINE, 1800);
    shown(r1.mood, 0.4, 3);
    shown(r1.stress_level, 0.345, 3);
    shown(r1.curiosity, 0.59, 2);
    shown(r1.energy_level, 0.69293, 5);
    const r2 = regenerate(insulted, DEFAULT_BASELINE, 7200);
    shown(r2.mood, 0.4875, 4);
    shown(r2.stress_level, 0.30563, 5);
  });

  it('a negative Δt regenerates nothing; half-lives come from the config', () => {
    expect(regenerate(insulted, DEFAULT_BASELINE, -50)).toEqual(insulted);
    const fast = regenerate(insulted, DEFAULT_BASELINE, 900, { ...DEFAULT_EMOTION_CONFIG, half_life_s: 900 });
    near(fast.mood, 0.4);
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
    expect(emotionLabel({ ...DEFAULT_BASELINE, social_battery: 0.75 })).toBe('content');
  });

  it('seed baselines: Aria content, Kira curious', () => {
    expect(emotionLabel({ ...ARIA.emotional_baseline, social_battery: socialBattery(ARIA.social_energy) })).toBe('content');
    expect(emotionLabel({ ...KIRA.emotional_baseline, social_battery: socialBattery(KIRA.social_energy) })).toBe('curious');
    expect([socialBattery(150), socialBattery(80), socialBattery(-5), socialBattery(400)]).toEqual([0.75, 0.4, 0, 1]);
  });
});

describe('emotion state with timestamps', () => {
  const fresh = (): EmotionState => initialEmotionState(DEFAULT_BASELINE, NOW);

  it('regenerates lazily from updated_at and re-anchors', () => {
    const s = { ...fresh(), ...applyAppraisal(base, appraise(INSULT, ARIA)) };
    const later = emotionAt(s, at(1800));
    shown(later.mood, 0.4, 3);
    expect(later.updated_at).toBe(at(1800).toISOString());
    expect(emotionAt(s, at(-60)).mood).toBe(s.mood);
  });

  it('the hearer regenerates before the update; the speaker only pays energy', () => {
    const s = { ...fresh(), ...applyAppraisal(base, appraise(INSULT, ARIA)) };
    const heard = hearMessage(s, appraise(INSULT, ARIA), at(1800));
    near(heard.mood, 0.4 - 0.2);
    const spoke = speakerPays(fresh(), NOW);
    after(spoke).forEach((x, i) => near(x, [0.5, 0.3, 0.6, 0.69][i] as number));
  });

  it('emotional.update_state: delta (protocol example), set, clamping, baseline, social battery', () => {
    const aria = initialEmotionState(ARIA.emotional_baseline, NOW);
    const d = updateEmotionState(aria, { mode: 'delta', mood: -0.2, stress_level: 0.1 }, 150, at(60));
    near(d.state.mood, 0.35);
    near(d.state.stress_level, 0.3);
    expect(d.state.updated_at).toBe(at(60).toISOString());
    expect(emotionLabel({ ...d.state, social_battery: 0.75 })).toBe('content');
    expect(d.social_energy).toBe(150);

    const set = updateEmotionState(aria, { mood: -3, energy_level: 2, curiosity: 0.9, social_battery: 0.1, baseline: { mood: 0.1, stress_level: 7 } }, 150, NOW);
    expect([set.state.mood, set.state.energy_level, set.state.curiosity, set.state.stress_level]).toEqual([-1, 1, 0.9, 0.2]);
    expect(set.state.baseline).toEqual({ mood: 0.1, energy_level: 0.8, stress_level: 1, curiosity: 0.7 });
    near(set.social_energy, 20);

    const battery = updateEmotionState(aria, { mode: 'delta', social_battery: 0.5 }, 150, NOW);
    expect(battery.social_energy).toBe(200);
    expect(updateEmotionState(aria, { mode: 'delta', stress_level: -1 }, 150, NOW).state.stress_level).toBe(0);
  });
});
