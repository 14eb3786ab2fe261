import { describe, expect, it } from 'vitest';
import {
  contextSignificance, emotionalIntensity, engagement, importanceTerms, interestAlignment, relationshipSignificance, scoreImportance,
  type ImportanceInput,
} from '../../../../src/core/memory/importance.model.ts';

// Importance test vectors, with the seed personas.
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

describe('importance scoring (test vectors)', () => {
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

describe('importance terms (tables)', () => {
  it('E: exclamation marks, upper-case ratio and the strongest keyword win', () => {
    expect(emotionalIntensity('ok!')).toBe(0.4);
    expect(emotionalIntensity('ok!!')).toBe(0.6);
    expect(emotionalIntensity('ok!!!!')).toBe(0.8);
    expect(emotionalIntensity('ABCD efgh')).toBe(0.7); // 4/9 upper-case > .3
    expect(emotionalIntensity('ABCdefghij')).toBe(0.4); // exactly .3 is not > .3
    expect(emotionalIntensity('Abcdefghij')).toBe(0); // .1 is not > .1
    expect(emotionalIntensity('so sad!!!')).toBe(0.8);
    expect(emotionalIntensity('Furiously sad')).toBe(0.95);
    expect(emotionalIntensity('')).toBe(0);
  });

  it('C: context continue_score 60/80 and topic, only when a context is given', () => {
    expect(contextSignificance('hello')).toBe(0);
    expect(contextSignificance('hello', {})).toBe(0);
    expect(contextSignificance('hello', { continue_score: 60 })).toBe(0.5);
    expect(contextSignificance('hello', { continue_score: 80 })).toBe(0.7);
    expect(contextSignificance('hello', { topic: 'Crisis' })).toBe(0.8);
    expect(contextSignificance('hello', { topic: 'family' })).toBe(0.6);
    expect(contextSignificance('a spell and a secret')).toBe(0.85);
    expect(contextSignificance('spells')).toBe(0); // whole words only
    expect(contextSignificance('for the first time')).toBe(0.8);
  });

  it('I(p): no topics .5; no topic hit → curious .6, social .5, other traits .4, no traits .5', () => {
    const p = (topics: Record<string, number>, traits: Record<string, number>) => ({ topic_preferences: topics, personality_traits: traits });
    expect(interestAlignment('music', p({}, { curious: 10 }))).toBe(0.5);
    expect(interestAlignment('rain', p({ music: 80 }, { curious: 10 }))).toBe(0.6);
    expect(interestAlignment('rain', p({ music: 80 }, { social: 10 }))).toBe(0.5);
    expect(interestAlignment('rain', p({ music: 80 }, { calm: 10 }))).toBe(0.4);
    expect(interestAlignment('rain', p({ music: 80 }, {}))).toBe(0.5);
    expect(interestAlignment('rain', p({ music: 80 }, { constructor: 10 }))).toBe(0.4); // prototype names are plain keys
    expect(interestAlignment('MUSICAL night', p({ Music: 80, night: 30 }, {}))).toBe(0.8);
    expect(interestAlignment('rain', p({ rain: 150 }, {}))).toBe(1);
  });

  it('G: occurrences add up, length tiers, turn bonuses, capped at 1', () => {
    expect(engagement('why? why?')).toBeCloseTo(0.5, 9);
    expect(engagement(Array(10).fill('w').join(' '))).toBeCloseTo(0.1, 9);
    expect(engagement(Array(20).fill('w').join(' '))).toBeCloseTo(0.2, 9);
    expect(engagement(Array(50).fill('w').join(' '))).toBeCloseTo(0.3, 9);
    expect(engagement('w', { continue_score: 50, response_type: 'detailed' })).toBeCloseTo(0.2, 9);
    expect(engagement('w', { continue_score: 49 })).toBe(0);
    expect(engagement('why '.repeat(30))).toBe(1);
  });

  it('R: affinity/trust mapped from −1..1 (a neutral relationship is .5, not extreme)', () => {
    expect(relationshipSignificance({ affinity: 0, trust: 0 })).toBe(0.5);
    expect(relationshipSignificance({ affinity: 0.2, trust: 0.2 })).toBe(0.7);
    expect(relationshipSignificance({ affinity: -0.2, trust: -0.2 })).toBe(0.7);
    expect(relationshipSignificance({ affinity: -0.6, trust: -0.6 })).toBe(0.9);
    expect(relationshipSignificance({ affinity: 5, trust: 5 })).toBe(0.9);
  });

  it('R counts only with a listener; I(listener) only with a listener', () => {
    const t = importanceTerms({ text: 'hello', speaker: wizard, relationship: { affinity: 0.9, trust: 0.9 } });
    expect(t.R).toBe(0);
    expect(t.Il).toBe(0);
    expect(scoreImportance({ text: 'hello', speaker: wizard, relationship: { affinity: 0.9, trust: 0.9 } })).toBeCloseTo(0.4, 9);
  });
});