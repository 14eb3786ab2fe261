import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestCore, databaseDigest, type TestCore } from '../../../support/core-harness.ts';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('memory operations', () => {
  it('store scores importance when none is given (I10 of the spec) and marks manual importance', async () => {
    const scored = await t.call<Json>('memory.store', { persona_id: 'Kira', content: 'Tell me about your research into ancient history, Kira.' });
    expect(scored.stored).toBe(true);
    expect(scored.importance_source).toBe('scored');
    expect(scored.importance).toBeCloseTo(0.46, 6);
    const manual = await t.call<Json>('memory.store', { persona_id: 'Kira', content: 'A note', importance: 0.9 });
    expect(manual).toMatchObject({ importance: 0.9, importance_source: 'manual' });
    const got = (await t.call<Json>('memory.get', { memory_id: manual.memory_id })).memory;
    expect(got).toMatchObject({ content: 'A note', importance: 0.9, base_importance: 0.9, archived: false, memory_type: 'user_input', visibility: 'private' });
  });

  it('store resolves related personas by name and accepts a past created_at', async () => {
    const m = await t.call<Json>('memory.store', {
      persona_id: 'Aria', content: 'Kira lent me a book', related_personas: ['kira'], created_at: '2026-10-01T08:00:00.000Z',
    });
    const got = (await t.call<Json>('memory.get', { memory_id: m.memory_id })).memory;
    expect(got.related_personas).toEqual(['b2b2b2b2-0000-4000-8000-000000000002']);
    expect(got.created_at).toBe('2026-10-01T08:00:00.000Z');
  });

  it('search ranks by relevance, importance and recency, and explains each score', async () => {
    t.clock.set('2026-11-20T09:00:00.000Z');
    await t.call('memory.store', { persona_id: 'Aria', content: 'A dragon attacked the mill!', importance: 0.64 });
    t.clock.set('2026-11-24T09:00:00.000Z');
    await t.call('memory.store', { persona_id: 'Aria', content: 'The baker sold bread at the mill', importance: 0.3 });
    await t.call('memory.store', { persona_id: 'Kira', content: 'A dragon over the tower', importance: 0.9 });
    t.clock.set('2026-11-25T09:00:00.000Z');
    const res = await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'dragon mill', n_results: 5 });
    expect(res.result_count).toBe(2);
    expect(res.memories.map((m: Json) => m.content)).toEqual(['A dragon attacked the mill!', 'The baker sold bread at the mill']);
    const top = res.memories[0];
    expect(top.score_components).toEqual({ recency: 0, importance: 1, relevance: 1 });
    // Default query weights: recency .15, importance .15, relevance 1 (docs/memory.md "How recall ranks").
    expect(top.score).toBeCloseTo(1.15, 9);
    expect(top.raw.hours_since_access).toBeCloseTo(120, 9);
    expect(top.raw.bm25).toBeGreaterThan(res.memories[1].raw.bm25);
    expect(top.raw.cosine).toBeNull();
  });

  it('search survives a restart of the process (a new core on the same data dir)', async () => {
    await t.call('memory.store', { persona_id: 'Kira', content: 'The east tower library holds a rune primer.' });
    const { createCore } = await import('../../../../src/core/index.ts');
    const again = await createCore({ config: t.core.config, migrate: true, clock: () => t.clock.now() });
    try {
      const { OPERATION_TABLE, invokeOperation } = await import('../../../../src/core/index.ts');
      const res = (await invokeOperation(OPERATION_TABLE, 'memory.search', { persona_id: 'Kira', query: 'rune' }, { core: again, connection: t.connection })) as Json;
      expect(res.memories.map((m: Json) => m.content)).toEqual(['The east tower library holds a rune primer.']);
    } finally {
      await again.close();
    }
  });

  it('filters combine: type, minimum importance and visibility', async () => {
    await t.call('memory.store', { persona_id: 'Aria', content: 'song of the sea', memory_type: 'lore', importance: 0.8, visibility: 'public' });
    await t.call('memory.store', { persona_id: 'Aria', content: 'song for the baker', memory_type: 'lore', importance: 0.2, visibility: 'public' });
    await t.call('memory.store', { persona_id: 'Aria', content: 'song in secret', memory_type: 'secret', importance: 0.9 });
    const res = await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'song', memory_type: 'lore', min_importance: 0.5, visibility: 'public' });
    expect(res.memories.map((m: Json) => m.content)).toEqual(['song of the sea']);
  });

  it('search with touch counts the results as accessed; plain search does not', async () => {
    const m = await t.call<Json>('memory.store', { persona_id: 'Aria', content: 'The lute has a cracked neck' });
    await t.call('memory.search', { persona_id: 'Aria', query: 'lute' });
    expect((await t.call<Json>('memory.get', { memory_id: m.memory_id })).memory.accessed_count).toBe(0);
    await t.call('memory.search', { persona_id: 'Aria', query: 'lute', touch: true });
    const got = (await t.call<Json>('memory.get', { memory_id: m.memory_id })).memory;
    expect(got.accessed_count).toBe(1);
    expect(got.last_accessed_at).toBe(t.clock.now().toISOString());
  });

  it('delete archives (restorable shape) by default; hard delete purges; the archive is searchable with archived:true', async () => {
    const m = await t.call<Json>('memory.store', { persona_id: 'Aria', content: 'The ferry sank near the cliffs' });
    expect(await t.call('memory.delete', { memory_id: m.memory_id })).toEqual({ memory_id: m.memory_id, deleted: true, archived: true });
    const archived = (await t.call<Json>('memory.get', { memory_id: m.memory_id })).memory;
    expect(archived).toMatchObject({ archived: true, archive_reason: 'deleted', prune_score: null });
    expect((await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'ferry' })).result_count).toBe(0);
    expect((await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'ferry', archived: true })).memories[0].archived).toBe(true);
    expect((await t.fail('memory.delete', { memory_id: m.memory_id })).code).toBe('CONFLICT');
    expect(await t.call('memory.delete', { memory_id: m.memory_id, hard: true })).toEqual({ memory_id: m.memory_id, deleted: true, archived: false });
    expect((await t.fail('memory.get', { memory_id: m.memory_id })).code).toBe('MEMORY_NOT_FOUND');
  });

  it('query text is never FTS syntax: quotes, operators and stars are matched as words', async () => {
    await t.call('memory.store', { persona_id: 'Aria', content: 'NEAR the OR gate and the AND tavern' });
    for (const q of ['"unbalanced', 'a OR', 'NEAR(x', '*', 'tavern"*']) {
      const res = await t.call<Json>('memory.search', { persona_id: 'Aria', query: q });
      expect(Array.isArray(res.memories)).toBe(true);
    }
    expect((await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'tavern"*' })).memories[0].content).toContain('tavern');
  });

  describe('bad input changes nothing and gets a typed error', () => {
    const cases: [string, Record<string, unknown>, string, string[]?][] = [
      ['memory.store', { persona_id: 'ghost', content: 'x' }, 'PERSONA_NOT_FOUND'],
      ['memory.store', { persona_id: 'Aria', content: '' }, 'INVALID_PARAMS', ['content']],
      ['memory.store', { persona_id: 'Aria', content: 'x'.repeat(8001) }, 'INVALID_PARAMS', ['content']],
      ['memory.store', { persona_id: 'Aria', content: 'x', importance: 1.5, visibility: 'everyone' }, 'INVALID_PARAMS', ['importance', 'visibility']],
      ['memory.store', { persona_id: 'Aria', content: 'x', metadata: { blob: 'y'.repeat(17 * 1024) } }, 'INVALID_PARAMS', ['metadata']],
      ['memory.store', { persona_id: 'Aria', content: 'x', created_at: '2099-01-01T00:00:00.000Z' }, 'INVALID_PARAMS', ['created_at']],
      ['memory.store', { persona_id: 'Aria', content: 'x', related_personas: ['ghost'] }, 'PERSONA_NOT_FOUND'],
      ['memory.store', { content: 'no persona' }, 'NO_ACTIVE_PERSONA'],
      ['memory.get', { memory_id: randomUUID() }, 'MEMORY_NOT_FOUND'],
      ['memory.get', { memory_id: 'not-a-uuid' }, 'INVALID_PARAMS', ['memory_id']],
      ['memory.delete', { memory_id: randomUUID() }, 'MEMORY_NOT_FOUND'],
      ['memory.search', { persona_id: 'Aria', query: '' }, 'INVALID_PARAMS', ['query']],
      ['memory.search', { persona_id: 'Aria', query: 'x', n_results: 51 }, 'INVALID_PARAMS', ['n_results']],
    ];
    it.each(cases)('%s %j → %s', async (method, params, code, paths) => {
      await t.call('memory.store', { persona_id: 'Aria', content: 'existing memory' });
      const before = databaseDigest(t.core);
      const err = await t.fail(method, params);
      expect(err.code).toBe(code);
      if (paths) expect(err.issues?.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(paths));
      expect(databaseDigest(t.core)).toBe(before);
    });
  });
});
