// Probes of the `memory.retrieval` keys for tests/support/config-key-effects.ts
// (docs/memory.md "How recall ranks"): real code reading the key from a parsed AppConfig exactly as
// the services pass it.
import type { AppConfig } from '../../src/shared/index.ts';
import { scoreCandidates } from '../../src/core/memory/retrieval.model.ts';
import { createTestCore } from './core-harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = new Date('2026-11-25T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const candidates = [
  { id: 'old-important', created_at: ago(2), last_accessed_at: null, importance: 0.9, bm25: 1, cosine: 0.2 },
  { id: 'new-relevant', created_at: ago(0.02), last_accessed_at: null, importance: 0.2, bm25: 8, cosine: 0.1 },
  { id: 'mid', created_at: ago(0.5), last_accessed_at: null, importance: 0.5, bm25: 4, cosine: 0.9 },
];

/** Scores as memory-search.service does: the effective `memory.retrieval` plus now and the query flag. */
export const retrieval = (c: AppConfig) => scoreCandidates(candidates, { ...c.memory.retrieval, now: NOW, hasQuery: true }).map((s) => [s.id, Number(s.score.toFixed(6))]);

/** Runs `probe` on a real core (offline) with the config's `memory` section. */
const withMemoryCore = (probe: (t: Awaited<ReturnType<typeof createTestCore>>) => Promise<unknown>) => async (c: AppConfig) => {
  const t = await createTestCore({ config: { llm: { provider: 'offline' }, memory: c.memory } });
  try {
    return await probe(t);
  } finally {
    await t.close();
  }
};

/** memory.search with a query of no words (browsing): order and scores follow `browse_weights`. */
export const browse = withMemoryCore(async (t) => {
  await t.call('memory.store', { persona_id: 'Kira', content: 'An old and weighty oath.', importance: 0.9 });
  t.clock.advance(20 * 86_400_000);
  await t.call('memory.store', { persona_id: 'Kira', content: 'A fresh trifle.', importance: 0.2 });
  const found = (await t.call<Json>('memory.search', { persona_id: 'Kira', query: '?!', n_results: 10 })).memories as Json[];
  return found.filter((m) => /oath|trifle/.test(m.content)).map((m) => [m.content, Number(m.score.toFixed(6))]);
});

/** A search over many memories, six matching: the candidate limit bounds what BM25 retrieves (unmatched ones are dropped). */
export const searchCandidates = withMemoryCore(async (t) => {
  for (let i = 0; i < 6; i += 1) await t.call('memory.store', { persona_id: 'Kira', content: `The orchard ${i} had apples.`, importance: 0.5 });
  for (let i = 0; i < 50; i += 1) await t.call('memory.store', { persona_id: 'Kira', content: `Filler note ${i} about the weather.`, importance: 0.5 });
  const found = (await t.call<Json>('memory.search', { persona_id: 'Kira', query: 'orchard apples', n_results: 20 })).memories as Json[];
  return found.filter((m) => m.content.includes('orchard')).length;
});
