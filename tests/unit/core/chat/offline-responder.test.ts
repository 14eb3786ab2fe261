import { describe, expect, it } from 'vitest';
import {
  OFFLINE_FALLBACK_LINES, fallbackIndex, favouriteTopicIn, firstSentence, isGreeting, joinList, offlineReply, type OfflineInput,
} from '../../../../src/core/chat/offline-responder.model.ts';
import { ARIA, KIRA } from '../fixtures.ts';

const calm = (p: typeof ARIA) => ({ current_priority: p.current_priority, social_energy: p.social_energy });
const run = (persona: OfflineInput['persona'], n: number, message: string, state = calm(ARIA), memories: OfflineInput['memories'] = [], facts: Pick<OfflineInput, 'facts' | 'new_facts'> = { facts: [], new_facts: [] }) =>
  offlineReply({ persona, state, user: 'Bob', message, n, memories, ...facts });
const recalled = (content: string, raw_relevance: number, memory_type = 'fact', about_speaker = false, second = ''): OfflineInput['memories'][number] =>
  ({ content, raw_relevance, memory_type, about_speaker, second });
const fact = (text: string, second: string) => ({ text, second });

// Offline-voice test vectors: participant "Bob", no memories — the replies still hold under the rule order
// O1–O11 (docs/memory.md "The offline voice"; the rule numbers are the new ones).
describe('offline responder (O1–O11, test vectors)', () => {
  it.each([
    ['Aria', 0, 'Hello!', "Well met, Bob! I'm Aria. Pull up a chair — have you heard the newest song from the coast?", 3],
    ['Aria', 1, 'Hi again', 'Hello again, Bob.', 6],
    ['Aria', 1, 'Who are you?', "I'm Aria. An elven bard who wanders from town to town collecting songs, stories and gossip.", 7],
    ['Aria', 1, 'Tell me about music', 'Ah, music — one of my favourite subjects, Bob.', 8],
    ['Aria', 0, "Let's start", 'Give me a moment to think it over.', 11],
    ['Kira', 1, 'Do you like small talk?', 'Good question, Bob. Let me think about that.', 10],
  ] as const)('%s, n %i: %s', (who, n, message, text, rule) => {
    const persona = who === 'Aria' ? ARIA : KIRA;
    expect(run(persona, n, message, calm(persona))).toEqual({ text, rule });
  });

  it('Aria, current_priority urgent → O1', () => {
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'urgent', social_energy: 150 }))
      .toEqual({ text: 'Forgive me, something urgent needs my attention right now.', rule: 1 });
  });

  it('Aria, social_energy 20 → O2', () => {
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'social', social_energy: 20 }))
      .toEqual({ text: "I'm worn out from talking — can we continue a little later?", rule: 2 });
  });

  it('O11 index: "Nice weather." n 0 / n 1 → 1 / 2; "ok" n 0 → 2', () => {
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
    expect(run(ARIA, 3, 'Good morning!').rule).toBe(6);
  });

  it('O3 without first_mes, and macros with the nickname, case-insensitive, <BOT>/<USER>', () => {
    const bare = { ...ARIA, first_mes: '' };
    expect(run(bare, 0, 'hey').text).toBe("Hello Bob, I'm Aria.");
    const nick = { ...ARIA, nickname: 'Ari', first_mes: '{{CHAR}} greets {{User}}; <bot> and <USER>.' };
    expect(run(nick, 0, 'hi').text).toBe('Ari greets Bob; Ari and Bob.');
  });

  it('O7: "what are you" too; first sentence of the description', () => {
    expect(run(KIRA, 2, 'So what are you, exactly').text).toBe("I'm Kira. A human scholar who studies old magic and keeps careful notes on everything she finds.");
    expect(firstSentence('One. Two! Three?')).toBe('One.');
    expect(firstSentence('v1.2 is out. Yes.')).toBe('v1.2 is out.');
    expect(firstSentence('No stop at all')).toBe('No stop at all');
    expect(run({ ...ARIA, description: '' }, 1, 'who are you').text).toBe("I'm Aria.");
  });

  it('O8: whole words, "_" as a space, highest preference then name, ≥ 70 only', () => {
    expect(favouriteTopicIn('any local news today', ARIA.topic_preferences)).toBe('local_news');
    expect(run(ARIA, 1, 'Any local news today').text).toBe('Ah, local news — one of my favourite subjects, Bob.');
    expect(favouriteTopicIn('music and stories', ARIA.topic_preferences)).toBe('music');
    expect(favouriteTopicIn('art or gossip', ARIA.topic_preferences)).toBe('art');
    expect(favouriteTopicIn('travel and adventure', ARIA.topic_preferences)).toBe('adventure');
    expect(favouriteTopicIn('musical', ARIA.topic_preferences)).toBeNull();
    expect(favouriteTopicIn('small talk', KIRA.topic_preferences)).toBeNull();
  });

  it('O4: asked about themselves, the first three facts in second person, joined; none known → an invitation', () => {
    const facts = [fact('Bob is a blacksmith.', 'you are a blacksmith'), fact('Bob lives in Riverwood.', 'you live in Riverwood'), fact('Bob likes rain.', 'you like rain'), fact('Bob has a dog.', 'you have a dog')];
    expect(run(ARIA, 1, 'Do you remember me?', calm(ARIA), [], { facts: facts.slice(0, 2), new_facts: [] }))
      .toEqual({ text: 'Of course, Bob: you are a blacksmith and you live in Riverwood.', rule: 4 });
    expect(run(ARIA, 1, 'What do you know about me?', calm(ARIA), [], { facts, new_facts: [] }).text)
      .toBe('Of course, Bob: you are a blacksmith, you live in Riverwood and you like rain.');
    expect(run(ARIA, 1, 'who am I', calm(ARIA), [], { facts: facts.slice(0, 1), new_facts: [] }).text).toBe('Of course, Bob: you are a blacksmith.');
    for (const q of ["What's my name?", 'what is my name', 'Do you know me?', 'Who am I?']) expect(run(ARIA, 1, q).rule).toBe(4);
    expect(run(ARIA, 1, 'Do you remember me?').text).toBe("I don't think I know much about you yet, Bob. Tell me about yourself!");
    expect(joinList(['a'])).toBe('a');
    expect(joinList(['a', 'b', 'c'])).toBe('a, b and c');
  });

  it('O5: a new fact is said back (first letter upper-cased) before the greeting-again, who-are-you and topic rules', () => {
    const fresh = { facts: [], new_facts: [fact('Bob likes dragon stories.', 'you like dragon stories'), fact('Bob dislikes rain.', 'you dislike rain')] };
    expect(run(ARIA, 1, 'I love dragon stories. I hate rain.', calm(ARIA), [], fresh)).toEqual({ text: 'You like dragon stories — I\'ll remember that, Bob.', rule: 5 });
    expect(run(ARIA, 1, 'Hi, I love dragon stories', calm(ARIA), [], fresh).rule).toBe(5);
    expect(run(ARIA, 0, 'Hello! I love dragon stories', calm(ARIA), [], fresh).rule).toBe(3);
    expect(run(ARIA, 1, 'What do you know about me? I love dragon stories', calm(ARIA), [], fresh).rule).toBe(4);
  });

  it('O9: an eligible fact or lore with raw relevance > 0, never an episode or a reflection; about the speaker "You told me …"', () => {
    const episode = recalled('Bob said: the mill burned', 3.2, 'conversation');
    const reflection = recalled('Bob worries about the mill', 2, 'reflection');
    expect(run(ARIA, 2, 'what about the mill', calm(ARIA), [episode, reflection]).rule).toBe(11);
    expect(run(ARIA, 2, 'the mill?', calm(ARIA), [episode, recalled('The mill burned down in spring.', 0, 'lore')]).rule).toBe(10);
    expect(run(ARIA, 2, 'what about the mill', calm(ARIA), [episode, recalled('The mill burned down in spring.', 1.5, 'lore')]))
      .toEqual({ text: 'I recall that The mill burned down in spring.', rule: 9 });
    expect(run(ARIA, 2, 'where do I live', calm(ARIA), [recalled('Bob lives in Oakvale.', 0.9, 'fact', true, 'you live in Oakvale')]))
      .toEqual({ text: 'You told me you live in Oakvale.', rule: 9 });
    expect(run(ARIA, 2, 'Dave?', calm(ARIA), [recalled('Dave is a baker.', 0.4)])).toEqual({ text: 'I recall that Dave is a baker.', rule: 9 });
  });

  it('rule order: urgent before tired before greeting', () => {
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'urgent', social_energy: 5 }).rule).toBe(1);
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'social', social_energy: 29.9 }).rule).toBe(2);
    expect(run(ARIA, 0, 'Hello!', { current_priority: 'social', social_energy: 30 }).rule).toBe(3);
  });
});
