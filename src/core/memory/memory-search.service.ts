import type { Memory, Persona, ScoredMemory, Visibility } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories, type MemoryHit, type MemoryScoreHit } from '../repositories.ts';
import { ftsTokens, matchesFirst, scoreCandidates, type RetrievalCandidate } from './retrieval.model.ts';
import { memoryView } from './memory.service.ts';
import { cosineOf, queryVector, vectorCandidates } from './embedding.service.ts';

/** A recall request over one persona's memories. */
export interface MemorySearchRequest {
  query: string;
  limit: number;
  memory_type?: string;
  min_importance: number;
  visibility?: Visibility;
  participant_key?: string;
  archived: boolean;
  weights?: { recency?: number; importance?: number; relevance?: number };
  touch: boolean;
  /** Keeps candidates that share nothing with the query (and always adds the newest); default false. */
  include_unmatched?: boolean;
  /** Drops candidates before scoring (chat recall excludes what the prompt window already holds). */
  exclude?: (m: MemoryHit) => boolean;
}

/** How many of the newest memories join the candidates when the query is empty or matches nothing. */
export const NEWEST_CANDIDATES = 50;

/**
 * Ranked recall (docs/memory.md "How recall ranks"): candidates = FTS top N by BM25 ∪ vector top N, and
 * the newest memories only when the query is empty or matches nothing; filtered; with a query, only
 * matching candidates stay when any match; then scored with min-max normalised recency, importance
 * and relevance (query or browse weights). Only the winners' full rows are loaded.
 */
export async function searchMemories(core: CoreContext, persona: Persona, req: MemorySearchRequest): Promise<ScoredMemory[]> {
  const cfg = core.memory.effective(persona).retrieval;
  const repos = createRepositories(core.db.manager);
  const tokens = ftsTokens(req.query);
  const hasQuery = tokens.length > 0;
  // Without filters or an exclude callback, candidates carry only what scoring reads (one narrow join).
  const lean = req.exclude === undefined && req.memory_type === undefined && req.visibility === undefined && req.participant_key === undefined;
  const hits: Candidate[] = lean
    ? repos.memories.searchScores(persona.id, tokens, cfg.candidate_limit, req.archived)
    : repos.memories.search(persona.id, tokens, cfg.candidate_limit, req.archived);
  const byId = new Map<string, Candidate>(hits.map((h) => [h.id, h]));
  // With embeddings: vector top N joins the candidates and every candidate gets its cosine.
  const qv = !req.archived && hasQuery ? await queryVector(core, req.query) : null;
  let near = new Map<string, number>();
  if (qv) {
    near = vectorCandidates(core, persona.id, qv, cfg.candidate_limit);
    const missing = [...near.keys()].filter((id) => !byId.has(id));
    for (const m of repos.memories.getMany(missing, false)) byId.set(m.id, { ...m, bm25: 0 });
  }
  const keep = (m: Candidate) => m.importance >= req.min_importance && (lean || (matches(m as MemoryHit, req) && !(req.exclude?.(m as MemoryHit) ?? false)));
  const pool = [...byId.values()].filter(keep);
  // The newest memories join only when there is nothing to match (or the caller asks for unmatched ones).
  if (!req.archived && (req.include_unmatched || !pool.some((m) => m.bm25 > 0 || near.has(m.id)))) {
    for (const m of repos.memories.recent(persona.id, NEWEST_CANDIDATES)) if (!byId.has(m.id) && keep(m)) { byId.set(m.id, m); pool.push(m); }
  }
  const cosine = qv ? new Map([...cosineOf(core, pool.map((m) => m.id).filter((id) => !near.has(id)), qv), ...near]) : null;
  // Lean hits already have the scoring shape (cosine null) and stay as they are without embeddings.
  let candidates: RetrievalCandidate[] = pool.map((m) => (!cosine && 'cosine' in m ? m : {
    id: m.id, created_at: m.created_at, last_accessed_at: m.last_accessed_at, importance: m.importance, bm25: m.bm25, cosine: cosine ? cosine.get(m.id) ?? 0 : null,
  }));
  if (!req.include_unmatched) candidates = matchesFirst(candidates, hasQuery);
  const weights = { ...(hasQuery ? cfg.weights : { ...cfg.browse_weights, relevance: 0 }), ...req.weights };
  const scored = scoreCandidates(candidates, {
    weights, recency_half_life_days: cfg.recency_half_life_days, embedding_weight: cfg.embedding_weight, now: core.now(), hasQuery,
  }, req.limit);
  let rows = repos.memories.getMany(scored.map((s) => s.id), req.archived);
  if (req.touch && !req.archived && rows.length) {
    const at = core.now().toISOString();
    rows = rows.map((m) => ({ ...m, last_accessed_at: at, accessed_count: m.accessed_count + 1 }));
    await core.db.transaction(async (em) => {
      const r = createRepositories(em);
      for (const m of rows) await r.memories.save(m);
    });
  }
  const full = new Map(rows.map((m) => [m.id, m]));
  return scored.filter((s) => full.has(s.id)).map((s) => ({
    ...memoryView(full.get(s.id) as Memory, req.archived),
    score: s.score, score_components: s.score_components, raw: s.raw,
  }));
}

/** A candidate: the scoring fields, and the filter fields too unless the search is lean. */
type Candidate = MemoryScoreHit | MemoryHit;

function matches(m: MemoryHit, req: MemorySearchRequest): boolean {
  if (req.memory_type !== undefined && m.memory_type !== req.memory_type) return false;
  if (req.visibility !== undefined && m.visibility !== req.visibility) return false;
  if (req.participant_key !== undefined && !m.witnessed_by.includes(req.participant_key)) return false;
  return true;
}
