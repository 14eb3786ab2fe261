import { RetrievalConfigSchema, isoMillis, type MemoryConfig } from '../../shared/index.ts';

// Retrieval scoring (docs/memory.md "How recall ranks"): recency, importance and relevance over a
// candidate set, each component min-max normalised over the candidates; matching memories first.

/** `memory.retrieval` defaults (taken from the config schema, so there is one source of defaults). */
export const DEFAULT_RETRIEVAL_CONFIG: Readonly<MemoryConfig['retrieval']> = Object.freeze(RetrievalConfigSchema.parse({}));

/** One retrieval candidate: what scoring needs of a memory. */
export interface RetrievalCandidate {
  id: string;
  created_at: string;
  last_accessed_at: string | null;
  importance: number;
  /** −bm25() of FTS5: higher is better, 0 when the memory has no lexical match. */
  bm25: number;
  /** Cosine similarity with the query embedding, null without embeddings. */
  cosine: number | null;
}

/** Scoring parameters (weights ≥ 0 with a positive sum). */
export interface RetrievalParams {
  weights: { recency: number; importance: number; relevance: number };
  /** Days after which the raw recency of a memory halves. */
  recency_half_life_days: number;
  embedding_weight: number;
  now: Date;
  /** False for an empty query: the relevance term is then 0. */
  hasQuery: boolean;
}

/** A scored candidate: normalised components, the total, and the raw inputs. */
export interface ScoredCandidate {
  id: string;
  created_at: string;
  score: number;
  score_components: { recency: number; importance: number; relevance: number };
  raw: { hours_since_access: number; importance: number; bm25: number; cosine: number | null };
}

/** min-max normalisation over `xs`; 0.5 for every value when max = min. */
export function normalize(xs: ArrayLike<number>): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < xs.length; i += 1) { const x = xs[i] as number; if (x < min) min = x; if (x > max) max = x; }
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i += 1) out[i] = max === min ? 0.5 : ((xs[i] as number) - min) / (max - min);
  return out;
}

/**
 * Scores candidates and returns the best `top` (all by default) in order: score desc, then created_at desc,
 * then id asc. Every candidate takes part in the normalisation; only the returned ones are built as objects,
 * so the cost of a small `top` over many candidates is one pass plus a bounded selection.
 */
export function scoreCandidates(candidates: readonly RetrievalCandidate[], p: RetrievalParams, top = candidates.length): ScoredCandidate[] {
  const n = candidates.length;
  const now = p.now.getTime();
  const hours = new Float64Array(n);
  const rawRec = new Float64Array(n);
  const imp = new Float64Array(n);
  const bm = new Float64Array(n);
  let hasVectors = false;
  for (let i = 0; i < n; i += 1) {
    const c = candidates[i] as RetrievalCandidate;
    const anchor = Math.max(isoMillis(c.created_at), c.last_accessed_at ? isoMillis(c.last_accessed_at) : 0);
    hours[i] = Math.max(0, (now - anchor) / 3_600_000);
    rawRec[i] = rawRecency(hours[i] as number, p.recency_half_life_days);
    imp[i] = c.importance;
    bm[i] = c.bm25;
    if (c.cosine !== null) hasVectors = true;
  }
  const recency = normalize(rawRec);
  const importance = normalize(imp);
  const bm25 = normalize(bm);
  let relevance: number[];
  if (!p.hasQuery) relevance = new Array<number>(n).fill(0);
  else if (hasVectors) {
    const cos = normalize(candidates.map((c) => c.cosine ?? 0));
    relevance = normalize(cos.map((c, i) => p.embedding_weight * c + (1 - p.embedding_weight) * (bm25[i] as number)));
  } else relevance = bm25;
  const w = p.weights;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i += 1) score[i] = w.recency * (recency[i] as number) + w.importance * (importance[i] as number) + w.relevance * (relevance[i] as number);
  const before = (i: number, j: number): number => {
    const a = candidates[i] as RetrievalCandidate;
    const b = candidates[j] as RetrievalCandidate;
    return (score[j] as number) - (score[i] as number) || (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
  const order = selectTop(n, Math.min(top, n), before);
  return order.map((i) => {
    const c = candidates[i] as RetrievalCandidate;
    return {
      id: c.id,
      created_at: c.created_at,
      score: score[i] as number,
      score_components: { recency: recency[i] as number, importance: importance[i] as number, relevance: relevance[i] as number },
      raw: { hours_since_access: hours[i] as number, importance: c.importance, bm25: c.bm25, cosine: c.cosine },
    };
  });
}

/** Indices 0..n−1 of the best `k` by `cmp` (negative = first argument ranks first), in order. */
function selectTop(n: number, k: number, cmp: (i: number, j: number) => number): number[] {
  if (k >= n || k > 32) return Array.from({ length: n }, (_, i) => i).sort(cmp).slice(0, k);
  const best: number[] = [];
  for (let i = 0; i < n; i += 1) {
    if (best.length === k && cmp(i, best[k - 1] as number) >= 0) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && cmp(i, best[at - 1] as number) < 0) { best[at] = best[at - 1] as number; at -= 1; }
    best[at] = i;
  }
  return best;
}

/** Raw recency 0.5^(days / half-life) of a memory last created or accessed `hours` ago. */
export function rawRecency(hours: number, halfLifeDays: number): number {
  return 0.5 ** (hours / 24 / halfLifeDays);
}

/**
 * Raw relevance of a recalled memory: the larger of its bm25 and cosine, never the normalised component.
 * > 0 when it shares a word with the query or is near it; thresholds ("relevance > 0") read this.
 */
export function rawRelevance(raw: { bm25: number; cosine: number | null }): number {
  return Math.max(raw.bm25, raw.cosine ?? 0, 0);
}

/** True when a candidate has raw relevance (shares a word with the query, or a positive cosine). */
export function hasRawRelevance(raw: { bm25: number; cosine: number | null }): boolean {
  return rawRelevance(raw) > 0;
}

/**
 * Matches first: with a query, candidates without raw relevance are dropped whenever at least one
 * candidate has some; otherwise (no query, or nothing matches) all are kept.
 */
export function matchesFirst<T extends { bm25: number; cosine: number | null }>(candidates: T[], hasQuery: boolean): T[] {
  if (!hasQuery) return candidates;
  const matching = candidates.filter(hasRawRelevance);
  return matching.length ? matching : candidates;
}

/**
 * Word tokens of a free-text query for FTS5: lower-cased, unique, stop words and question words dropped
 * unless the query has nothing else. Each token is later quoted, so no user FTS syntax reaches SQLite;
 * the index's Porter tokenizer stems it as it stems the memories.
 */
export function ftsTokens(text: string): string[] {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu);
  if (!tokens || tokens.length === 0) return [];
  const unique = [...new Set(tokens)];
  const content = unique.filter((t) => !STOP_WORDS.has(t));
  return content.length ? content : unique;
}

/**
 * English stop words left out of full-text queries: the common ~180-word list (pronouns such as his,
 * her, their; both; auxiliaries; the split halves of contractions), question words, and a few request words.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // pronouns
  'i', 'me', 'my', 'myself', 'we', 'us', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself', 'yourselves',
  'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its', 'itself', 'they', 'them', 'their',
  'theirs', 'themselves', 'this', 'that', 'these', 'those',
  // question words
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how',
  // auxiliaries and modals
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'having', 'do', 'does', 'did', 'doing',
  'can', 'could', 'will', 'would', 'shall', 'should', 'might', 'must', 'ought',
  // articles, conjunctions, prepositions
  'a', 'an', 'the', 'and', 'but', 'if', 'or', 'nor', 'because', 'as', 'until', 'while', 'of', 'at', 'by', 'for', 'with',
  'about', 'against', 'between', 'into', 'through', 'during', 'before', 'after', 'above', 'below', 'to', 'from', 'up',
  'down', 'in', 'out', 'on', 'off', 'over', 'under', 'again', 'further', 'then', 'once', 'here', 'there', 'than',
  'whether', 'within', 'without', 'upon', 'onto', 'among', 'across', 'around', 'via', 'per', 'yet',
  // quantifiers and adverbs
  'all', 'any', 'both', 'each', 'few', 'more', 'most', 'other', 'some', 'such', 'no', 'not', 'only', 'own', 'same',
  'so', 'too', 'very', 'just', 'now', 'also', 'yes', 'ever', 'either', 'neither', 'every',
  // halves of contractions (the tokenizer splits at apostrophes): don't → don t, you're → you re
  's', 't', 'd', 'll', 'm', 'o', 're', 've', 'y', 'ain', 'aren', 'couldn', 'didn', 'doesn', 'don', 'hadn', 'hasn',
  'haven', 'isn', 'ma', 'mightn', 'mustn', 'needn', 'shan', 'shouldn', 'wasn', 'weren', 'won', 'wouldn',
  // request words of questions put to a persona
  'tell', 'please',
]);

/** One FTS5 phrase: the token in double quotes, inner quotes doubled, so it is never read as FTS syntax. */
export function quoteFtsToken(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/**
 * Checks retrieval weights (each a finite number ≥ 0, positive sum). Returns null when
 * valid, else a message naming the offending key for an INVALID_PARAMS error.
 */
export function validateWeights(w: RetrievalParams['weights']): string | null {
  for (const key of ['recency', 'importance', 'relevance'] as const) {
    const v = w[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `weights.${key} must be a finite number ≥ 0`;
  }
  return w.recency + w.importance + w.relevance > 0 ? null : 'weights must have a positive sum';
}
