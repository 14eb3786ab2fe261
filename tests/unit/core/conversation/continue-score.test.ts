import { describe, expect, it } from 'vitest';
import {
  DEFAULT_END_CONFIG, OPENERS, changeTopic, chooseSpeaker, continueScore, continueScoreComponents, conversationCooldown, endReason,
  estimateTurnTokens, maxTokensForWords, openerFor, openerIndex, otherFor, rankLevel, rawContinueScore, routeTurn, shouldContinue,
  statusPoints, templateLine, turnSeconds, turnTokens, type ContinueScoreInput, type ScoreSpeakerState,
} from '../../../../src/core/conversation/continue-score.model.ts';
import { DEFAULT_COOLDOWN_CONFIG, cooldownSeconds } from '../../../../src/core/state/interaction.model.ts';
import { applyInteraction, compatibilityScore, newRelationship } from '../../../../src/core/relationship/relationship.model.ts';
import { ARIA, KIRA, type PersonaFixture } from '../fixtures.ts';

type Seed = PersonaFixture;
const aria = ARIA;
const kira = KIRA;
const near = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-6);
const fresh = (p: Seed): ScoreSpeakerState => ({ current_priority: p.current_priority, interaction_fatigue: 0, available_time: p.available_time, social_energy: p.social_energy });
const input = (s: Seed, o: Seed, topic: string, duration: number, extra: Partial<ContinueScoreInput> = {}): ContinueScoreInput => ({
  speaker: s, state: fresh(s), other: o, topic, duration, topic_drift_count: 0, tokens_remaining: 1000, relationship: null, ...extra,
});

// Turn-taking test vectors.
describe('continue score, Aria vs Kira, fresh, budget 1000', () => {
  it.each([
    ['magic', [68, 66, 58], [68, 62, 38]],
    ['gossip', [59, 57, 49], [59, 53, 29]],
    ['general', [61, 59, 51], [61, 55, 31]],
  ] as const)('%s', (topic, ariaScores, kiraScores) => {
    expect([0, 60, 300].map((d) => continueScore(input(aria, kira, topic, d)))).toEqual(ariaScores);
    expect([0, 60, 300].map((d) => continueScore(input(kira, aria, topic, d)))).toEqual(kiraScores);
  });

  it.each([
    ['magic', [65, 63, 55], [65, 59, 35]],
    ['gossip', [56, 54, 46], [56, 50, 26]],
    ['general', [58, 56, 48], [58, 52, 28]],
  ] as const)('earlier values (%s) are the same scores with the auto-created history term of −2.5', (topic, ariaScores, kiraScores) => {
    const withHistory = (s: Seed, o: Seed, d: number) => Math.trunc(rawContinueScore(continueScoreComponents(input(s, o, topic, d))) - 2.5);
    expect([0, 60, 300].map((d) => withHistory(aria, kira, d))).toEqual(ariaScores);
    expect([0, 60, 300].map((d) => withHistory(kira, aria, d))).toEqual(kiraScores);
  });

  it('components for Aria, magic, 0 s: 30 / 19.25 / 8.8 / 0 / 0 / 10 → 68.05 → 68', () => {
    const c = continueScoreComponents(input(aria, kira, 'magic', 0));
    expect(c.time).toBe(30);
    near(c.topic, 19.25);
    near(c.social, 8.8);
    expect(c.fatigue).toBe(0);
    expect(c.history).toBe(0);
    expect(c.resource).toBe(10);
    near(rawContinueScore(c), 68.05);
    expect(continueScore(input(aria, kira, 'magic', 0))).toBe(68);
  });

  it('More: tired Aria, drift 3, 940 of 1000 tokens used, history .4 → 26 / 11.55 / 8.8 / 6 / 2.5 / 3 → 45', () => {
    const i = input(aria, kira, 'magic', 120, {
      state: { current_priority: 'social', interaction_fatigue: 12, available_time: 45, social_energy: 20 },
      topic_drift_count: 3, tokens_remaining: 1000 - 940, relationship: { interaction_count: 5, compatibility_score: 0.4 },
    });
    const c = continueScoreComponents(i);
    near(c.time, 26);
    near(c.topic, 11.55);
    near(c.social, 8.8);
    expect(c.fatigue).toBe(6);
    near(c.history, 2.5);
    near(c.resource, 3);
    near(rawContinueScore(c), 45.85);
    expect(continueScore(i)).toBe(45);
  });

  it('More: urgent Kira vs Aria on research, 30 s, R2 history (compatibility .10771392) → 15 / 16.4375 / 8.8 / −1.153576 / 10 → 49', () => {
    let rel = newRelationship('2026-11-25T12:00:00.000Z');
    for (let k = 0; k < 3; k += 1) rel = applyInteraction(rel, { quality: 0.8, minutes: 30, context: 'conversation', at: rel.last_interaction }).next;
    near(compatibilityScore(rel), 0.10771392);
    const i = input(kira, aria, 'research', 30, {
      state: { ...fresh(kira), current_priority: 'urgent' },
      relationship: { interaction_count: rel.interaction_count, compatibility_score: compatibilityScore(rel) },
    });
    const c = continueScoreComponents(i);
    expect(c.time).toBe(15);
    near(c.topic, 16.4375);
    near(c.social, 8.8);
    expect(c.fatigue).toBe(0);
    near(c.history, -1.153576);
    expect(c.resource).toBe(10);
    near(rawContinueScore(c), 49.083924);
    expect(continueScore(i)).toBe(49);
    const literal = { ...i, relationship: { interaction_count: 3, compatibility_score: 0.10771392 } };
    near(continueScoreComponents(literal).history, -1.153576);
    expect(continueScore(literal)).toBe(49);
  });

  it('no relationship history contributes 0; a known relationship with count 0 too', () => {
    expect(continueScoreComponents(input(aria, kira, 'magic', 0, { relationship: { interaction_count: 0, compatibility_score: 0.9 } })).history).toBe(0);
  });

  it('clamps to 0..100 and caps the terms', () => {
    const bored: Seed = { ...kira, topic_preferences: { magic: 0 } };
    const exhausted = input(bored, bored, 'magic', 10_000, {
      state: { current_priority: 'urgent', interaction_fatigue: 100, available_time: 0, social_energy: 0 }, tokens_remaining: 0,
      relationship: { interaction_count: 9, compatibility_score: 0 },
    });
    expect(rawContinueScore(continueScoreComponents(exhausted))).toBeLessThan(0);
    expect(continueScoreComponents(exhausted).fatigue).toBe(15);
    expect(continueScore(exhausted)).toBe(0);
    const star: Seed = { ...aria, charisma: 60, topic_preferences: { x: 200 } };
    const c = continueScoreComponents(input(star, star, 'x', 0));
    expect([c.topic, c.social]).toEqual([25, 20]);
  });

  it('status levels and priority rates', () => {
    expect([rankLevel('Royalty'), rankLevel('nobility'), rankLevel('merchant'), rankLevel('commoner'), rankLevel('peasant'), rankLevel('bard')]).toEqual([5, 4, 3, 2, 1, 2]);
    expect([statusPoints('royalty', 'royalty'), statusPoints('royalty', 'nobility'), statusPoints('royalty', 'merchant'), statusPoints('royalty', 'commoner')]).toEqual([8, 6, 4, 2]);
    expect(continueScoreComponents(input(aria, kira, 'magic', 60, { state: { ...fresh(aria), current_priority: 'important' } })).time).toBe(24);
    expect(continueScoreComponents(input(aria, kira, 'magic', 60, { state: { ...fresh(aria), current_priority: 'constructor' } })).time).toBe(24);
  });
});

describe('turn taking', () => {
  it('opener indices: general 6, magic 1, gossip 5', () => {
    expect([openerIndex('general'), openerIndex('magic'), openerIndex('gossip')]).toEqual([6, 1, 5]);
    expect(openerFor('magic')).toBe('Something odd happened to me today.');
    expect(openerFor('general')).toBe('What do you make of recent events?');
    expect(openerFor('gossip')).toBe('Let me tell you a story.');
    expect(OPENERS).toHaveLength(8);
  });

  it('speaker: highest score, then fewer turns, then participant order', () => {
    expect(chooseSpeaker([{ id: 'a', score: 60, turns_spoken: 0 }, { id: 'b', score: 61, turns_spoken: 3 }])).toBe('b');
    expect(chooseSpeaker([{ id: 'a', score: 61, turns_spoken: 2 }, { id: 'b', score: 61, turns_spoken: 1 }])).toBe('b');
    expect(chooseSpeaker([{ id: 'a', score: 61, turns_spoken: 1 }, { id: 'b', score: 61, turns_spoken: 1 }])).toBe('a');
    expect(chooseSpeaker([])).toBeNull();
  });

  it('the other: the last speaker, else the next participant in order', () => {
    expect(otherFor(['a', 'b', 'c'], 'a', null)).toBe('b');
    expect(otherFor(['a', 'b', 'c'], 'c', null)).toBe('a');
    expect(otherFor(['a', 'b', 'c'], 'a', 'c')).toBe('c');
    expect(otherFor(['a', 'b', 'c'], 'b', 'b')).toBe('c');
  });

  it('routing by score', () => {
    expect(routeTurn(80)).toMatchObject({ response_type: 'full_llm', temperature: 0.8, max_words: 100, max_tokens: 130, guidelines: ['- Keep your reply under 100 words.'] });
    expect(routeTurn(79)).toMatchObject({ response_type: 'full_llm', temperature: 0.6, max_words: null, max_tokens: 300, guidelines: [] });
    expect(routeTurn(60).response_type).toBe('full_llm');
    expect(routeTurn(59)).toMatchObject({
      response_type: 'constrained', temperature: 0.5, max_words: 50, max_tokens: 50, concise: true, wrap_up: true,
      guidelines: ['- Keep your reply under 50 words.', '- Be brief and concise.', '- Start wrapping up the conversation politely.'],
    });
    expect(routeTurn(40).response_type).toBe('constrained');
    expect(routeTurn(39)).toMatchObject({ response_type: 'template', temperature: null, max_tokens: null });
    expect([maxTokensForWords(100), maxTokensForWords(50), maxTokensForWords(1000)]).toEqual([130, 65, 300]);
  });

  it('template lines by state, index (turn − 1) mod 3', () => {
    const calm = { current_priority: 'social', social_energy: 100, interaction_fatigue: 0, available_time: 300 };
    expect([1, 2, 3, 4].map((n) => templateLine(calm, n))).toEqual(['I see.', 'Good to know.', 'Hmm.', 'I see.']);
    expect(templateLine({ ...calm, current_priority: 'urgent', social_energy: 5 }, 2)).toBe('Something urgent needs me.');
    expect(templateLine({ ...calm, social_energy: 29.9, interaction_fatigue: 80 }, 3)).toBe('Talking has worn me out today.');
    expect(templateLine({ ...calm, interaction_fatigue: 50.5 }, 1)).toBe('Hmm, I should be on my way.');
    expect(templateLine({ ...calm, interaction_fatigue: 50 }, 1)).toBe('I see.');
  });

  it('token estimates per response type', () => {
    const ten = 'one two three four five six seven eight nine ten';
    expect(estimateTurnTokens(ten, 'full_llm')).toBe(19);
    expect(estimateTurnTokens(ten, 'constrained')).toBe(13);
    expect(estimateTurnTokens(ten, 'offline')).toBe(13);
    expect(estimateTurnTokens(ten, 'template')).toBe(1);
    expect(estimateTurnTokens('I see.', 'template')).toBe(0);
  });

  it('end check: low score, budget, time (first match), else active', () => {
    expect(endReason({ score: 39, tokens_remaining: 10, duration: 700, max_duration: 600 })).toBe('natural_conclusion');
    expect(endReason({ score: 40, tokens_remaining: 50, duration: 700, max_duration: 600 })).toBe('budget_exhausted');
    expect(endReason({ score: 40, tokens_remaining: 51, duration: 600, max_duration: 600 })).toBe('time_limit');
    expect(endReason({ score: 40, tokens_remaining: 51, duration: 599, max_duration: 600 })).toBeNull();
    expect([shouldContinue(40, 51), shouldContinue(39, 1000), shouldContinue(90, 50)]).toEqual([true, false, false]);
  });

  it('cooldowns with the default config equal the interaction test vectors', () => {
    const cfg = DEFAULT_COOLDOWN_CONFIG;
    for (const [score, fatigue, expected] of [[75, 12, 168], [25, 0, 600], [50, 30, 390], [70, 0, 300], [30, 0, 300]] as const) {
      near(conversationCooldown(score, fatigue, cfg), expected);
      expect(conversationCooldown(score, fatigue, cfg)).toBe(cooldownSeconds(score, fatigue));
    }
    expect(conversationCooldown(75, 12)).toBe(cooldownSeconds(75, 12));
  });

  it('turn seconds: max(30, round(processing)); listeners pay half, floored', () => {
    expect(turnSeconds(2.4)).toEqual({ speaker: 30, listener: 15 });
    expect(turnSeconds(45.5)).toEqual({ speaker: 46, listener: 23 });
    expect(turnSeconds(61)).toEqual({ speaker: 61, listener: 30 });
  });

  it('tokens: the provider count, else the estimate', () => {
    expect(turnTokens(42, 'one two', 'full_llm')).toBe(42);
    expect(turnTokens(null, 'one two three four five six seven eight nine ten', 'full_llm')).toBe(19);
    expect(turnTokens(undefined, 'one two', 'constrained')).toBe(2);
  });

  it('drift: a different topic changes it and counts; the same or none does not', () => {
    const c = { topic: 'general', topic_drift_count: 2 };
    expect(changeTopic(c, 'magic')).toEqual({ topic: 'magic', topic_drift_count: 3 });
    expect(changeTopic(c, 'general')).toEqual(c);
    expect(changeTopic(c)).toEqual(c);
    const drifted = continueScoreComponents(input(aria, kira, 'magic', 0, { topic_drift_count: changeTopic({ topic: 'x', topic_drift_count: 2 }, 'magic').topic_drift_count }));
    near(drifted.topic, 19.25 * 0.6);
  });

  it('end thresholds come from the config', () => {
    expect(DEFAULT_END_CONFIG).toEqual({ continue_threshold: 40, min_tokens_remaining: 50 });
    expect(endReason({ score: 45, tokens_remaining: 500, duration: 0, max_duration: 600 }, { continue_threshold: 50, min_tokens_remaining: 50 })).toBe('natural_conclusion');
    expect(shouldContinue(45, 80, { continue_threshold: 40, min_tokens_remaining: 100 })).toBe(false);
  });
});
