import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRIEVAL_CONFIG, STOP_WORDS, ftsTokens, matchesFirst, normalize, rawRecency, scoreCandidates, validateWeights, type RetrievalCandidate,
} from '../../../../src/core/memory/retrieval.model.ts';

// Ranking test vectors: candidates A {1 h, .8, bm25 2}, B {24 h, .4, 5}, C {100 h, .6, 0}; recency is
// 0.5^(days/30) (docs/memory.md "How recall ranks"; it replaced 0.995 per hour).
const NOW = new Date('2026-11-25T12:00:00.000Z');
const ago = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const cands: RetrievalCandidate[] = [
  { id: 'A', created_at: ago(1), last_accessed_at: null, importance: 0.8, bm25: 2, cosine: null },
  { id: 'B', created_at: ago(24), last_accessed_at: null, importance: 0.4, bm25: 5, cosine: null },
  { id: 'C', created_at: ago(100), last_accessed_at: null, importance: 0.6, bm25: 0, cosine: null },
];
const params = (w: [number, number, number], hasQuery = true) => ({
  weights: { recency: w[0], importance: w[1], relevance: w[2] }, recency_half_life_days: 30, embedding_weight: 0.7, now: NOW, hasQuery,
});
const scores = (r: ReturnType<typeof scoreCandidates>) => Object.fromEntries(r.map((s) => [s.id, s.score]));

const byId = (r: ReturnType<typeof scoreCandidates>) => Object.fromEntries(r.map((s) => [s.id, s]));
const comps = (r: ReturnType<typeof scoreCandidates>, id: string) =>
  Object.values(byId(r)[id]!.score_components).map((x) => Number(x.toFixed(5)));

describe('retrieval scoring (ranking test vectors)', () => {
  it('raw recency 0.5^(days/30) = .99904 / .97716 / .90822 and the components of the 1,1,1 table', () => {
    const r = scoreCandidates(cands, params([1, 1, 1]));
    const raw = byId(r);
    expect(raw.A!.raw).toEqual({ hours_since_access: 1, importance: 0.8, bm25: 2, cosine: null });
    expect([1, 24, 100].map((h) => Number(rawRecency(h, 30).toFixed(5)))).toEqual([0.99904, 0.97716, 0.90822]);
    expect(rawRecency(30 * 24, 30)).toBe(0.5);
    expect(rawRecency(60 * 24, 30)).toBe(0.25);
    expect(raw.B!.raw.hours_since_access).toBe(24);
    expect(comps(r, 'A')).toEqual([1, 1, 0.4]);
    expect(comps(r, 'B')).toEqual([0.75911, 0, 1]);
    expect(comps(r, 'C')).toEqual([0, 0.5, 0]);
  });

  it('weights 1,1,1 → A 2.4, B 1.75911, C 0.5', () => {
    const r = scoreCandidates(cands, params([1, 1, 1]));
    expect(r.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    const s = scores(r);
    expect(s.A).toBeCloseTo(2.4, 5);
    expect(s.B).toBeCloseTo(1.75911, 5);
    expect(s.C).toBeCloseTo(0.5, 5);
    expect(r.find((x) => x.id === 'B')!.score_components.recency).toBeCloseTo(0.75911, 5);
  });

  it('weights 1,1,3 → B first', () => {
    const r = scoreCandidates(cands, params([1, 1, 3]));
    expect(r.map((s) => s.id)).toEqual(['B', 'A', 'C']);
    expect(scores(r).A).toBeCloseTo(3.2, 5);
    expect(scores(r).B).toBeCloseTo(3.75911, 5);
  });

  it('default query weights .15 / .15 / 1: relevance leads (B, the best match, first)', () => {
    const w = DEFAULT_RETRIEVAL_CONFIG.weights;
    const r = scoreCandidates(cands, params([w.recency, w.importance, w.relevance]));
    expect(r.map((s) => s.id)).toEqual(['B', 'A', 'C']);
    expect(scores(r).B).toBeCloseTo(0.15 * 0.75911 + 1, 5);
    expect(scores(r).A).toBeCloseTo(0.15 + 0.15 + 0.4, 5);
  });

  it('empty query drops the relevance term', () => {
    const s = scores(scoreCandidates(cands, params([1, 1, 1], false)));
    expect([s.A, s.B, s.C].map((x) => Number(x!.toFixed(5)))).toEqual([2, 0.75911, 0.5]);
  });

  it('matches first: raw-relevance-0 candidates go when any candidate matches, stay when none does or without a query', () => {
    expect(matchesFirst(cands, true).map((c) => c.id)).toEqual(['A', 'B']);
    expect(matchesFirst(cands, false).map((c) => c.id)).toEqual(['A', 'B', 'C']);
    const none = cands.map((c) => ({ ...c, bm25: 0 }));
    expect(matchesFirst(none, true).map((c) => c.id)).toEqual(['A', 'B', 'C']);
    // A positive raw cosine counts as a match; the normalised relevance never decides.
    const vec = none.map((c, i) => ({ ...c, cosine: [0, 0.3, 0][i]! }));
    expect(matchesFirst(vec, true).map((c) => c.id)).toEqual(['B']);
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
    // Before the final normalisation: e·norm(cosine) + (1−e)·norm(bm25) = .82 / .30 / .30.
    const cos = normalize([0.9, 0.2, 0.5]);
    const bm = normalize([2, 5, 0]);
    expect(cos.map((c, i) => Number((0.7 * c + 0.3 * bm[i]!).toFixed(9)))).toEqual([0.82, 0.3, 0.3]);
    expect(byId(r).A!.raw.cosine).toBe(0.9);
  });

  it('embedding_weight applies: e = 0 ranks by bm25 alone even with vectors', () => {
    const hybrid = cands.map((c, i) => ({ ...c, cosine: [0.9, 0.2, 0.5][i]! }));
    const r = scoreCandidates(hybrid, { ...params([0, 0, 1]), embedding_weight: 0 });
    expect(r.map((s) => s.id)).toEqual(['B', 'A', 'C']);
    expect(byId(r).A!.score).toBeCloseTo(0.4, 12);
  });

  it('no candidates → no results; recency_half_life_days applies', () => {
    expect(scoreCandidates([], params([1, 1, 1]))).toEqual([]);
    // An infinite half-life makes every raw recency 1: then equal scores order newest first.
    const flat = scoreCandidates(cands, { ...params([1, 0, 0]), recency_half_life_days: Number.POSITIVE_INFINITY });
    expect(flat.map((s) => s.score)).toEqual([0.5, 0.5, 0.5]);
    expect(flat.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    // A 1-hour half-life: B (24 h) is 2^-23 of A, C (100 h) 2^-99 → B normalises near 0.
    const steep = scoreCandidates(cands, { ...params([1, 0, 0]), recency_half_life_days: 1 / 24 });
    expect(byId(steep).B!.score_components.recency).toBeLessThan(1e-6);
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
    expect(ftsTokens('Where did both of them go on their trips?')).toEqual(['go', 'trips']);
    expect(ftsTokens('What is his job and whose hammer is hers?')).toEqual(['job', 'hammer']);
    expect(STOP_WORDS.size).toBeGreaterThanOrEqual(170);
    for (const w of ['his', 'her', 'their', 'both', 'what', 'when', 'where', 'who', 'why', 'how', 'which']) expect(STOP_WORDS.has(w)).toBe(true);
    expect(ftsTokens('?!')).toEqual([]);
    expect(ftsTokens('Café übersee')).toEqual(['café', 'übersee']);
  });
});

describe('FTS query and weights', () => {
  it('validateWeights: each ≥ 0 and finite, positive sum', () => {
    expect(validateWeights({ recency: 1, importance: 1, relevance: 1 })).toBeNull();
    expect(validateWeights({ recency: 0, importance: 0, relevance: 0.1 })).toBeNull();
    expect(validateWeights({ recency: -1, importance: 1, relevance: 1 })).toMatch(/weights\.recency/);
    expect(validateWeights({ recency: 1, importance: Number.NaN, relevance: 1 })).toMatch(/weights\.importance/);
    expect(validateWeights({ recency: 0, importance: 0, relevance: 0 })).toMatch(/positive sum/);
  });

  it('defaults (docs/memory.md "How recall ranks")', () => {
    expect(DEFAULT_RETRIEVAL_CONFIG).toMatchObject({
      weights: { recency: 0.15, importance: 0.15, relevance: 1 }, browse_weights: { recency: 1, importance: 1 },
      recency_half_life_days: 30, embedding_weight: 0.7, candidate_limit: 200, recall_k: 5,
    });
    expect('recency_decay' in DEFAULT_RETRIEVAL_CONFIG).toBe(false);
    // recall_scope is gone: discretion (memory.discretion) decides whom a persona tells.
    expect(DEFAULT_RETRIEVAL_CONFIG).not.toHaveProperty('recall_scope');
  });
});

describe('retrieval scoring: the best k of many candidates', () => {
  it('the top k equals the first k of the full order, ties broken by created_at desc then id asc', async () => {
    const { seededRandom } = await import('../../../support/seeded-random.ts');
    const rand = seededRandom(7);
    // Few distinct values, so equal scores (and equal created_at) are common and the tie-breaks decide.
    const many: RetrievalCandidate[] = Array.from({ length: 300 }, (_, i) => ({
      id: `m${String(Math.floor(rand() * 1000)).padStart(4, '0')}-${i}`, created_at: ago(Math.floor(rand() * 4) * 24), last_accessed_at: rand() < 0.3 ? ago(Math.floor(rand() * 3)) : null,
      importance: Math.floor(rand() * 3) / 2, bm25: Math.floor(rand() * 4), cosine: null,
    }));
    const full = scoreCandidates(many, params([0.15, 0.15, 1]));
    for (const k of [1, 5, 10, 50]) expect(scoreCandidates(many, params([0.15, 0.15, 1]), k)).toEqual(full.slice(0, k));
    expect(scoreCandidates(many, params([1, 1, 1]), 500)).toHaveLength(300);
  });

  it('reads stored ISO timestamps as Date.parse does, other forms through Date.parse', async () => {
    const { isoMillis } = await import('../../../../src/shared/index.ts');
    for (const s of ['2026-12-03T17:20:09.123Z', '2024-02-29T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '2026-12-03T17:20:09Z', '2026-12-03T17:20:09.123+01:00']) {
      expect(isoMillis(s)).toBe(Date.parse(s));
    }
    expect(isoMillis('not-a-time-at-all-xxxxxZ')).toBeNaN();
  });
});
