import { describe, expect, it } from 'vitest';
import { ftsTokens, scoreCandidates, type RetrievalCandidate } from '../../../../src/core/intelligence/retrieval.model.ts';

// intelligence.md §13.4: candidates A {1 h, .8, bm25 2}, B {24 h, .4, 5}, C {100 h, .6, 0}.
const NOW = new Date('2026-11-25T12:00:00.000Z');
const ago = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const cands: RetrievalCandidate[] = [
  { id: 'A', created_at: ago(1), last_accessed_at: null, importance: 0.8, bm25: 2, cosine: null },
  { id: 'B', created_at: ago(24), last_accessed_at: null, importance: 0.4, bm25: 5, cosine: null },
  { id: 'C', created_at: ago(100), last_accessed_at: null, importance: 0.6, bm25: 0, cosine: null },
];
const params = (w: [number, number, number], hasQuery = true) => ({
  weights: { recency: w[0], importance: w[1], relevance: w[2] }, recency_decay: 0.995, embedding_weight: 0.7, now: NOW, hasQuery,
});
const scores = (r: ReturnType<typeof scoreCandidates>) => Object.fromEntries(r.map((s) => [s.id, s.score]));

describe('retrieval scoring (§3.2, vectors §13.4)', () => {
  it('weights 1,1,1 → A 2.4, B 1.72164, C 0.5', () => {
    const r = scoreCandidates(cands, params([1, 1, 1]));
    expect(r.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    const s = scores(r);
    expect(s.A).toBeCloseTo(2.4, 5);
    expect(s.B).toBeCloseTo(1.72164, 5);
    expect(s.C).toBeCloseTo(0.5, 5);
    expect(r.find((x) => x.id === 'B')!.score_components.recency).toBeCloseTo(0.72164, 5);
  });

  it('weights 1,1,3 → B first', () => {
    const r = scoreCandidates(cands, params([1, 1, 3]));
    expect(r.map((s) => s.id)).toEqual(['B', 'A', 'C']);
    expect(scores(r).A).toBeCloseTo(3.2, 5);
    expect(scores(r).B).toBeCloseTo(3.72164, 5);
  });

  it('empty query drops the relevance term', () => {
    const s = scores(scoreCandidates(cands, params([1, 1, 1], false)));
    expect([s.A, s.B, s.C].map((x) => Number(x!.toFixed(5)))).toEqual([2, 0.72164, 0.5]);
  });

  it('a single candidate scores .5 on every component', () => {
    const [x] = scoreCandidates([cands[0]!], params([1, 1, 1]));
    expect(x!.score_components).toEqual({ recency: 0.5, importance: 0.5, relevance: 0.5 });
    expect(x!.score).toBe(1.5);
  });

  it('hybrid relevance with cosine A .9, B .2, C .5 normalises to 1 / 0 / 0', () => {
    const hybrid = cands.map((c, i) => ({ ...c, cosine: [0.9, 0.2, 0.5][i]! }));
    const r = scoreCandidates(hybrid, params([1, 1, 1]));
    const rel = Object.fromEntries(r.map((s) => [s.id, Number(s.score_components.relevance.toFixed(9))]));
    expect(rel).toEqual({ A: 1, B: 0, C: 0 });
  });

  it('recency counts from the later of created_at and last_accessed_at; ties order by created_at desc then id', () => {
    const a = { id: 'b', created_at: ago(50), last_accessed_at: ago(0), importance: 0.5, bm25: 1, cosine: null };
    const b = { id: 'a', created_at: ago(50), last_accessed_at: ago(0), importance: 0.5, bm25: 1, cosine: null };
    const r = scoreCandidates([a, b], params([1, 1, 1]));
    expect(r.map((s) => s.id)).toEqual(['a', 'b']);
    expect(r[0]!.raw.hours_since_access).toBe(0);
  });

  it('splits any text into safe FTS tokens', () => {
    expect(ftsTokens('Dragon MILL dragon')).toEqual(['dragon', 'mill']);
    expect(ftsTokens('"NEAR(x* OR')).toEqual(['near', 'x']);
    expect(ftsTokens('Tell me about the dragon')).toEqual(['dragon']);
    expect(ftsTokens('what is it')).toEqual(['what', 'is', 'it']);
    expect(ftsTokens('?!')).toEqual([]);
    expect(ftsTokens('Café übersee')).toEqual(['café', 'übersee']);
  });
});
