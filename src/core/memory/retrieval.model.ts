import { RetrievalConfigSchema, type MemoryConfig } from '../../shared/index.ts';

// Retrieval scoring (intelligence.md §3.2): recency × importance × relevance over a candidate set,
// each component min-max normalised over the candidates.

/** `memory.retrieval` defaults of §12 (taken from the config schema, so there is one source of defaults). */
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
  recency_decay: number;
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
export function normalize(xs: number[]): number[] {
  if (xs.length === 0) return [];
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return max === min ? xs.map(() => 0.5) : xs.map((x) => (x - min) / (max - min));
}

/** Scores and orders candidates: score desc, then created_at desc, then id asc. */
export function scoreCandidates(candidates: RetrievalCandidate[], p: RetrievalParams): ScoredCandidate[] {
  const hours = candidates.map((c) => {
    const anchor = Math.max(Date.parse(c.created_at), c.last_accessed_at ? Date.parse(c.last_accessed_at) : 0);
    return Math.max(0, (p.now.getTime() - anchor) / 3_600_000);
  });
  const recency = normalize(hours.map((h) => p.recency_decay ** h));
  const importance = normalize(candidates.map((c) => c.importance));
  const bm25 = normalize(candidates.map((c) => c.bm25));
  const hasVectors = candidates.some((c) => c.cosine !== null);
  let relevance: number[];
  if (!p.hasQuery) relevance = candidates.map(() => 0);
  else if (hasVectors) {
    const cos = normalize(candidates.map((c) => c.cosine ?? 0));
    relevance = normalize(cos.map((c, i) => p.embedding_weight * c + (1 - p.embedding_weight) * (bm25[i] as number)));
  } else relevance = bm25;
  const out = candidates.map((c, i) => {
    const comp = { recency: recency[i] as number, importance: importance[i] as number, relevance: relevance[i] as number };
    return {
      id: c.id,
      created_at: c.created_at,
      score: p.weights.recency * comp.recency + p.weights.importance * comp.importance + p.weights.relevance * comp.relevance,
      score_components: comp,
      raw: { hours_since_access: hours[i] as number, importance: c.importance, bm25: c.bm25, cosine: c.cosine },
    };
  });
  return out.sort((a, b) => b.score - a.score || (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Word tokens of a free-text query for FTS5: lower-cased, unique, function words dropped unless the
 * query has nothing else. Each token is later quoted, so no user FTS syntax reaches SQLite.
 */
export function ftsTokens(text: string): string[] {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu);
  if (!tokens || tokens.length === 0) return [];
  const unique = [...new Set(tokens)];
  const content = unique.filter((t) => !STOP_WORDS.has(t));
  return content.length ? content : unique;
}

/** English function words left out of full-text queries. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'about', 'from', 'into', 'as',
  'is', 'are', 'was', 'were', 'be', 'been', 'am', 'do', 'does', 'did', 'have', 'has', 'had', 'i', 'me', 'my', 'you', 'your',
  'he', 'she', 'it', 'its', 'we', 'our', 'they', 'them', 'their', 'this', 'that', 'these', 'those', 'there', 'so', 'than',
  'then', 'too', 'very', 'can', 'will', 'just', 'not', 'no', 'yes', 'what', 'which', 'who', 'how', 'when', 'where', 'why',
  'all', 'any', 'some', 'again', 'tell', 'please', 's', 't', 'd', 'll', 're', 've', 'm',
]);

/** One FTS5 phrase: the token in double quotes, inner quotes doubled, so it is never read as FTS syntax. */
export function quoteFtsToken(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/**
 * Checks retrieval weights (§12 validation: each a finite number ≥ 0, positive sum). Returns null when
 * valid, else a message naming the offending key for an INVALID_PARAMS error.
 */
export function validateWeights(w: RetrievalParams['weights']): string | null {
  for (const key of ['recency', 'importance', 'relevance'] as const) {
    const v = w[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `weights.${key} must be a finite number ≥ 0`;
  }
  return w.recency + w.importance + w.relevance > 0 ? null : 'weights must have a positive sum';
}
