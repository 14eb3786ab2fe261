import { describe, expect, it } from 'vitest';
import {
  OFFLINE_FALLBACK_LINES, fallbackIndex, favouriteTopicIn, firstSentence, isGreeting, offlineReply, type OfflineInput,
} from '../../../../src/core/chat/offline-responder.model.ts';
import { ARIA, KIRA } from '../fixtures.ts';

const calm = (p: typeof ARIA) => ({ current_priority: p.current_priority, social_energy: p.social_energy });
const run = (persona: OfflineInput['persona'], n: number, message: string, state = calm(ARIA), memories: OfflineInput['memories'] = []) =>
  offlineReply({ persona, state, user: 'Bob', message, n, memories });

// intelligence.md §13.11: participant "Bob", no memories.
describe('offline responder (§7.6, vectors §13.11)', () => {
  it.each([
    ['Aria', 0, 'Hello!', "Well met, Bob! I'm Aria. Pull up a chair — have you heard the newest song from the coast?", 3],
    ['Aria', 1, 'Hi again', 'Hello again, Bob.', 4],
    ['Aria', 1, 'Who are you?', "I'm Aria. An elven bard who wanders from town to town collecting songs, stories and gossip.", 5],
    ['Aria', 1, 'Tell me about music', 'Ah, music — one of my favourite subjects, Bob.', 6],
    ['Aria', 0, "Let's start", 'Give me a moment to think it over.', 9],
    ['Kira', 1, 'Do you like small talk?', 'Good question, Bob. Let me think about that.', 8],
  ] as const)('%s, n %i: %s', (who, n, message, text, rule) => {
    const persona = who === 'Aria' ? ARIA : KIRA;
    expect(run(persona, n, message, calm(persona))).toEqual({ text, rule });
  });

  it('Aria, current_priority urgent → rule 1', () => {
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'urgent', social_energy: 150 }))
      .toEqual({ text: 'Forgive me, something urgent needs my attention right now.', rule: 1 });
  });

  it('Aria, social_energy 20 → rule 2', () => {
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'social', social_energy: 20 }))
      .toEqual({ text: "I'm worn out from talking — can we continue a little later?", rule: 2 });
  });

  it('rule 9 index (§13.10): "Nice weather." n 0 / n 1 → 1 / 2; "ok" n 0 → 2', () => {
    expect([fallbackIndex('Nice weather.', 0), fallbackIndex('Nice weather.', 1), fallbackIndex('ok', 0)]).toEqual([1, 2, 2]);
    expect(run(ARIA, 0, 'Nice weather.').text).toBe(OFFLINE_FALLBACK_LINES[1]);
    expect(run(ARIA, 1, 'Nice weather.').text).toBe("That's worth thinking about.");
    expect(run(ARIA, 0, 'ok').text).toBe("That's worth thinking about.");
    expect(run(ARIA, 2, 'ok').text).toBe("I'm not sure what to say to that.");
  });
});

describe('offline responder rules in detail', () => {
  it('greetings: first word hello/hi/hey/greetings, or good morning/afternoon/evening at the start', () => {
    expect(['Hello!', 'hi, you', 'HEY', 'Greetings traveller', 'Good evening, Aria', '  hey there'].every(isGreeting)).toBe(true);
    expect(['Say hello', 'history', 'good day', 'Hiya'].some(isGreeting)).toBe(false);
    expect(run(ARIA, 3, 'Good morning!').rule).toBe(4);
  });

  it('rule 3 without first_mes, and macros with the nickname, case-insensitive, <BOT>/<USER>', () => {
    const bare = { ...ARIA, first_mes: '' };
    expect(run(bare, 0, 'hey').text).toBe("Hello Bob, I'm Aria.");
    const nick = { ...ARIA, nickname: 'Ari', first_mes: '{{CHAR}} greets {{User}}; <bot> and <USER>.' };
    expect(run(nick, 0, 'hi').text).toBe('Ari greets Bob; Ari and Bob.');
  });

  it('rule 5: "what are you" too; first sentence of the description', () => {
    expect(run(KIRA, 2, 'So what are you, exactly').text).toBe("I'm Kira. A human scholar who studies old magic and keeps careful notes on everything she finds.");
    expect(firstSentence('One. Two! Three?')).toBe('One.');
    expect(firstSentence('v1.2 is out. Yes.')).toBe('v1.2 is out.');
    expect(firstSentence('No stop at all')).toBe('No stop at all');
    expect(run({ ...ARIA, description: '' }, 1, 'who are you').text).toBe("I'm Aria.");
  });

  it('rule 6: whole words, "_" as a space, highest preference then name, ≥ 70 only', () => {
    expect(favouriteTopicIn('any local news today', ARIA.topic_preferences)).toBe('local_news');
    expect(run(ARIA, 1, 'Any local news today').text).toBe('Ah, local news — one of my favourite subjects, Bob.');
    expect(favouriteTopicIn('music and stories', ARIA.topic_preferences)).toBe('music');
    expect(favouriteTopicIn('art or gossip', ARIA.topic_preferences)).toBe('art');
    expect(favouriteTopicIn('travel and adventure', ARIA.topic_preferences)).toBe('adventure');
    expect(favouriteTopicIn('musical', ARIA.topic_preferences)).toBeNull();
    expect(favouriteTopicIn('small talk', KIRA.topic_preferences)).toBeNull();
  });

  it('rule 7: the best recalled memory with relevance > 0, first 140 characters', () => {
    const long = `The mill burned ${'x'.repeat(200)}`;
    const r = run(ARIA, 2, 'what about the mill', calm(ARIA), [{ content: 'unrelated', relevance: 0 }, { content: long, relevance: 0.8 }, { content: 'later', relevance: 1 }]);
    expect(r).toEqual({ text: `That reminds me: ${long.slice(0, 140)}`, rule: 7 });
    const emoji = '🎵'.repeat(150);
    expect(run(ARIA, 2, 'sing', calm(ARIA), [{ content: emoji, relevance: 0.5 }]).text).toBe(`That reminds me: ${'🎵'.repeat(140)}`);
    expect(run(ARIA, 2, 'what about the mill?', calm(ARIA), [{ content: 'nothing', relevance: 0 }]).rule).toBe(8);
  });

  it('rule order: urgent before tired before greeting', () => {
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'urgent', social_energy: 5 }).rule).toBe(1);
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'social', social_energy: 29.9 }).rule).toBe(2);
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'social', social_energy: 30 }).rule).toBe(3);
  });
});
