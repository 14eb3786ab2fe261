import { describe, expect, it } from 'vitest';
import { importanceTerms, scoreImportance, type ImportanceInput } from '../../../../src/core/intelligence/importance.model.ts';

// intelligence.md §13.1, with the personas of §11.
const wizard = { topic_preferences: { magic: 95, knowledge: 90 }, personality_traits: {} };
const aria = {
  topic_preferences: { music: 95, stories: 90, travel: 85, gossip: 80, magic: 70, adventure: 85, art: 80, local_news: 75 },
  personality_traits: { extroverted: 90, creative: 85, empathetic: 80, curious: 75, optimistic: 85 },
};
const kira = {
  topic_preferences: { research: 95, magic: 90, history: 85, philosophy: 80, books: 85, discovery: 90, gossip: 20, small_talk: 25 },
  personality_traits: { introverted: 70, analytical: 95, focused: 90, methodical: 85, reserved: 75 },
};
const chat = { continue_score: 50, topic: 'user_conversation' };

const vectors: [string, ImportanceInput, [number, number, number, number, number, number], number][] = [
  ['I1', { text: 'I love reading about magical theories and ancient spells', speaker: wizard }, [0.9, 0, 0.95, 0, 0, 0], 0.67],
  ['I2', { text: "EMERGENCY! There's a dragon attacking!", speaker: wizard }, [0.6, 0.9, 0.5, 0, 0.1, 0], 0.74],
  ['I3', { text: 'The weather is nice today', speaker: wizard }, [0, 0, 0.5, 0, 0, 0], 0.4],
  ['I4', { text: 'The weather is nice today' }, [0, 0, 0, 0, 0, 0], 0.35],
  ['I5', { text: 'User said: Hello!. I responded: Hi there, traveler!', speaker: aria, context: chat }, [0.6, 0, 0.85, 0, 0.1, 0], 0.595],
  ['I6', { text: 'hello', speaker: aria, context: chat }, [0, 0, 0.6, 0, 0, 0], 0.41],
  ['I7', {
    text: 'I promise to keep your secret forever!!!', speaker: wizard, listener: aria, relationship: { affinity: 0.9, trust: 0.9 },
    context: { continue_score: 85, topic: 'secret' }, turn: { continue_score: 75, response_type: 'creative' },
  }, [0.8, 0.85, 0.5, 0.6, 0.5, 0.9], 0.94],
  ['I8', { text: 'whatever you say', speaker: wizard }, [0, 0, 0.5, 0, 0, 0], 0.4],
  ['I9', { text: 'Can you tell me why the magic library is closed? I think it matters.', speaker: kira }, [0, 0.6, 0.9, 0, 0.6, 0], 0.62],
  ['I10', { text: 'Tell me about your research into ancient history, Kira.', speaker: kira, context: chat }, [0, 0, 0.95, 0, 0.15, 0], 0.46],
];

describe('importance scoring (§3.1, vectors §13.1)', () => {
  it.each(vectors)('%s', (_id, input, [E, C, Is, Il, G, R], expected) => {
    const t = importanceTerms(input);
    expect([t.E, t.C, t.Is, t.Il, t.G, t.R].map((x) => Number(x.toFixed(6)))).toEqual([E, C, Is, Il, G, R]);
    expect(scoreImportance(input)).toBeCloseTo(expected, 6);
  });

  it('keywords match at word starts only ("whatever" is not "hate", "ambassador" is not "sad")', () => {
    expect(importanceTerms({ text: 'the ambassador says whatever' }).E).toBe(0);
    expect(importanceTerms({ text: 'hateful words' }).E).toBe(0.9);
  });

  it('is clamped to 0.1..1', () => {
    const huge = { text: `EMERGENCY!!! I LOVE this secret ${'why how what '.repeat(20)}`, speaker: wizard, listener: aria,
      relationship: { affinity: 1, trust: 1 }, context: { continue_score: 90, topic: 'crisis' }, turn: { continue_score: 90, response_type: 'creative' } };
    expect(scoreImportance(huge)).toBeLessThanOrEqual(1);
    expect(scoreImportance({ text: '' })).toBeCloseTo(0.35, 9);
  });
});
