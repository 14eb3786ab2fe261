import { describe, expect, it } from 'vitest';
import { fallbackIndex, offlineReply, type OfflineInput } from '../../../../src/core/intelligence/offline-responder.model.ts';
import { fnv1a32 } from '../../../../src/core/intelligence/text.ts';
import { readFileSync } from 'node:fs';

const seed = (f: string) => JSON.parse(readFileSync(new URL(`../../../../resources/seed/${f}.json`, import.meta.url), 'utf8'));
const aria = { nickname: null, ...seed('aria') };
const kira = { nickname: null, ...seed('kira') };
const reply = (persona: OfflineInput['persona'], n: number, message: string, state = { current_priority: 'social', social_energy: 150 }) =>
  offlineReply({ persona, state, user: 'Bob', message, n, memories: [] }).text;

describe('offline responder (§7.6, vectors §13.11)', () => {
  it('replies per rule', () => {
    expect(reply(aria, 0, 'Hello!')).toBe("Well met, Bob! I'm Aria. Pull up a chair — have you heard the newest song from the coast?");
    expect(reply(aria, 1, 'Hi again')).toBe('Hello again, Bob.');
    expect(reply(aria, 1, 'Who are you?')).toBe("I'm Aria. An elven bard who wanders from town to town collecting songs, stories and gossip.");
    expect(reply(aria, 1, 'Tell me about music')).toBe('Ah, music — one of my favourite subjects, Bob.');
    expect(reply(aria, 0, "Let's start")).toBe('Give me a moment to think it over.');
    expect(reply(kira, 1, 'Do you like small talk?')).toBe('Good question, Bob. Let me think about that.');
    expect(reply(aria, 0, 'Hello!', { current_priority: 'urgent', social_energy: 150 })).toBe('Forgive me, something urgent needs my attention right now.');
    expect(reply(aria, 0, 'Hello!', { current_priority: 'social', social_energy: 20 })).toBe("I'm worn out from talking — can we continue a little later?");
  });

  it('a recalled memory with relevance answers rule 7, cut to 140 characters', () => {
    const long = `The mill burned ${'x'.repeat(200)}`;
    const r = offlineReply({ persona: aria, state: { current_priority: 'social', social_energy: 150 }, user: 'Bob', message: 'what about the mill', n: 2,
      memories: [{ content: 'unrelated', relevance: 0 }, { content: long, relevance: 0.8 }] });
    expect(r).toEqual({ text: `That reminds me: ${long.slice(0, 140)}`, rule: 7 });
  });

  it('determinism helpers (§13.10)', () => {
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect([fallbackIndex('Nice weather.', 0), fallbackIndex('Nice weather.', 1), fallbackIndex('ok', 0)]).toEqual([1, 2, 2]);
  });
});
