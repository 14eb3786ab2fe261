import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../../support/core-harness.ts';
import { rawRelevance } from '../../../../src/core/memory/retrieval.model.ts';

// docs/memory.md "How recall ranks": matches first, stemmed index, stop words, query and browse weights,
// through memory.search and chat recall on a real core (real SQLite file, migrations).
let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const store = (content: string, importance = 0.5, persona = 'Aria') => t.call<Json>('memory.store', { persona_id: persona, content, importance });
const search = async (query: string, extra: Json = {}) =>
  (await t.call<Json>('memory.search', { persona_id: 'Aria', query, n_results: 10, ...extra })).memories as Json[];

describe('recall ranking', () => {
  it('a matching memory is never outranked by ones that share no word: unmatched candidates are dropped', async () => {
    t.clock.set('2026-06-01T09:00:00.000Z');
    await store('Bob once forged a sword for the king.', 0.3);
    t.clock.set('2026-11-25T11:00:00.000Z');
    // Newer, more important, and sharing no word with the query.
    for (let i = 0; i < 5; i += 1) await store(`I love my family so much, it was amazing ${i}!`, 0.95);
    const found = await search('Who forged the sword?');
    expect(found.map((m) => m.content)).toEqual(['Bob once forged a sword for the king.']);
    expect(found[0]!.raw.bm25).toBeGreaterThan(0);
  });

  it('include_unmatched keeps them (and the newest) ranked below by the same weights', async () => {
    await store('Bob once forged a sword for the king.', 0.3);
    for (let i = 0; i < 3; i += 1) await store(`A quiet evening by the fire ${i}.`, 0.9);
    const found = await search('sword', { include_unmatched: true });
    expect(found).toHaveLength(4);
    expect(found[0]!.content).toContain('sword');
    expect(found.slice(1).every((m: Json) => m.raw.bm25 === 0)).toBe(true);
  });

  it('a query that matches nothing falls back to the newest memories, every one with raw relevance 0', async () => {
    for (let i = 0; i < 3; i += 1) await store(`A quiet evening by the fire ${i}.`);
    const found = await search('volcano');
    expect(found).toHaveLength(3);
    expect(found.every((m: Json) => rawRelevance(m.raw as { bm25: number; cosine: number | null }) === 0)).toBe(true);
    // The normalised component is not a match signal: it is .5 for every one of them.
    expect(found.every((m: Json) => m.score_components.relevance === 0.5)).toBe(true);
  });

  it('the Porter index finds other word forms: blacksmiths → blacksmith, trips → trip, hammering → hammered', async () => {
    await store('Bob is a blacksmith from Riverwood.');
    await store('Carol planned a trip to the coast.');
    await store('Dave hammered the old gate shut.');
    await store('Unrelated words about a quiet harbour.');
    expect((await search('Are there blacksmiths here?')).map((m) => m.content)).toEqual(['Bob is a blacksmith from Riverwood.']);
    expect((await search('her trips')).map((m) => m.content)).toEqual(['Carol planned a trip to the coast.']);
    expect((await search('hammering')).map((m) => m.content)).toEqual(['Dave hammered the old gate shut.']);
    // The archive index is stemmed too.
    const archived = await store('Eve keeps three horses.');
    await t.call('memory.delete', { memory_id: archived.memory_id });
    expect((await search('horse', { archived: true })).map((m) => m.content)).toEqual(['Eve keeps three horses.']);
  });

  it('stop words and question words do not match: "what did both of them say about her" finds only the content word', async () => {
    await store('What did she say? Both of them said it was hers.'); // all stop words but "say"/"said"
    await store('The ferryman will say nothing about the river.');
    await store('Them and their things, both of them, what a pair.');
    const found = await search('What did both of them say about her river?');
    expect(found.map((m) => m.content)).toEqual(['The ferryman will say nothing about the river.', 'What did she say? Both of them said it was hers.']);
  });

  it('an empty query browses with the browse weights: recency and importance, no relevance', async () => {
    t.clock.set('2026-10-01T09:00:00.000Z');
    await store('An old and weighty oath.', 0.9);
    t.clock.set('2026-11-10T09:00:00.000Z');
    await store('A middling errand.', 0.7);
    t.clock.set('2026-11-25T11:00:00.000Z');
    await store('A fresh trifle.', 0.2);
    const found = await search('?!');
    for (const m of found) {
      expect(m.score_components.relevance).toBe(0);
      expect(m.score).toBeCloseTo(m.score_components.importance + m.score_components.recency, 12);
    }
    // The errand: importance (.7 − .2)/(.9 − .2) = .714, recency ≈ (2^-15/30 − 2^-55/30)/(1 − 2^-55/30) = .59 → ≈ 1.306;
    // the oath 1 + 0 and the trifle 0 + 1 tie at 1, and ties go newest first.
    expect(found.map((m) => m.content)).toEqual(['A middling errand.', 'A fresh trifle.', 'An old and weighty oath.']);
    expect(found[0]!.score).toBeCloseTo(1.306, 2);
  });

  it('chat recall uses only matching memories when any match', async () => {
    await store('Bob once forged a sword for the king.', 0.3);
    for (let i = 0; i < 6; i += 1) await store(`I love my family so much, it was amazing ${i}!`, 0.95);
    const r = await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'Tell me about the sword', participant: { id: 'bob', platform: 'api' } });
    expect(r.memories_used.map((m: Json) => m.content)).toEqual(['Bob once forged a sword for the king.']);
  });
});
