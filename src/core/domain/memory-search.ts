import type { Memory, Persona, ScoredMemory, Visibility } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories, type MemoryHit } from '../repositories/index.ts';
import { buildFtsQuery, scoreCandidates } from '../intelligence/retrieval.model.ts';
import { memoryView } from './memory.service.ts';

/** A recall request over one persona's memories (protocol.md §10.1). */
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
}

/**
 * Ranked recall (intelligence.md §3.2): candidates = FTS top N by BM25 ∪ the most recent memories,
 * filtered, then scored with min-max normalised recency, importance and relevance.
 */
export async function searchMemories(core: CoreContext, persona: Persona, req: MemorySearchRequest): Promise<ScoredMemory[]> {
  const cfg = core.memory.effective(persona).retrieval;
  const repos = createRepositories(core.db.manager);
  const fts = buildFtsQuery(req.query);
  const hits: MemoryHit[] = fts ? repos.memories.search(persona.id, fts, cfg.candidate_limit, req.archived) : [];
  const byId = new Map<string, MemoryHit>(hits.map((h) => [h.id, h]));
  if (!req.archived) for (const m of repos.memories.recent(persona.id, 50)) if (!byId.has(m.id)) byId.set(m.id, { ...m, bm25: 0 });
  const candidates = [...byId.values()].filter((m) => matches(m, req));
  const weights = { ...cfg.weights, ...req.weights };
  const now = core.now();
  const scored = scoreCandidates(
    candidates.map((m) => ({ id: m.id, created_at: m.created_at, last_accessed_at: m.last_accessed_at, importance: m.importance, bm25: m.bm25, cosine: null })),
    { weights, recency_decay: cfg.recency_decay, embedding_weight: cfg.embedding_weight, now, hasQuery: fts !== null },
  ).slice(0, req.limit);
  if (req.touch && !req.archived && scored.length) {
    const at = now.toISOString();
    await core.db.transaction(async (em) => {
      const r = createRepositories(em);
      for (const s of scored) {
        const m = byId.get(s.id) as Memory;
        const touched = { ...stripHit(m), last_accessed_at: at, accessed_count: m.accessed_count + 1 };
        await r.memories.save(touched);
        byId.set(s.id, { ...touched, bm25: (m as MemoryHit).bm25 });
      }
    });
  }
  return scored.map((s) => ({
    ...memoryView(stripHit(byId.get(s.id) as MemoryHit), req.archived),
    score: s.score,
    score_components: s.score_components,
    raw: s.raw,
  }));
}

function matches(m: Memory, req: MemorySearchRequest): boolean {
  if (req.memory_type !== undefined && m.memory_type !== req.memory_type) return false;
  if (m.importance < req.min_importance) return false;
  if (req.visibility !== undefined && m.visibility !== req.visibility) return false;
  if (req.participant_key !== undefined && !m.witnessed_by.includes(req.participant_key)) return false;
  return true;
}

function stripHit(m: Memory | MemoryHit): Memory {
  const { bm25: _b, ...rest } = m as MemoryHit;
  return rest;
}
