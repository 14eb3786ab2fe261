import type BetterSqlite3 from 'better-sqlite3';
import type { Memory } from '../../shared/index.ts';
import { quoteFtsToken } from './retrieval.model.ts';

// Full-text recall candidates (docs/architecture.md "Recall at scale"): the best BM25 matches of a persona's
// memories, with every statement bounded by SCAN_CAP or UBIQUITY_CAP rows, never by the persona's size.

/**
 * A retrieval candidate: the fields recall scores and filters on, with its BM25 relevance (higher =
 * better; 0 = no lexical match). Full rows of the winners come from `getMany`.
 */
export type MemoryHit = Pick<Memory, 'id' | 'created_at' | 'last_accessed_at' | 'importance' | 'memory_type' | 'visibility' | 'witnessed_by' | 'session_id' | 'accessed_count' | 'source_key'> & { bm25: number };

/** What scoring alone reads of a candidate (`searchScores`): a retrieval candidate, its cosine still null. */
export type MemoryScoreHit = Pick<MemoryHit, 'id' | 'created_at' | 'last_accessed_at' | 'importance' | 'bm25'> & { cosine: null };

/** Largest number of full-text matches ranked by BM25 in one search. */
export const SCAN_CAP = 1000;

/** Matches above which a term counts as ubiquitous: BM25's IDF would cost a walk over all of them. */
export const UBIQUITY_CAP = 20_000;

/** The candidate columns scoring reads. */
export const SCORE_COLUMNS = 'm.id, m.created_at, m.last_accessed_at, m.importance';
/** The candidate columns scoring and recall's filters read. */
export const CANDIDATE_COLUMNS = 'm.id, m.created_at, m.last_accessed_at, m.importance, m.memory_type, m.visibility, m.witnessed_by, m.session_id, m.accessed_count, m.source_key';

/** A candidate row of CANDIDATE_COLUMNS (then mine, bm25) as a `MemoryHit`. */
export function toCandidate(r: unknown[]): MemoryHit {
  return {
    id: String(r[0]), created_at: String(r[1]), last_accessed_at: (r[2] as string | null) ?? null,
    importance: Number(r[3]), memory_type: String(r[4]), visibility: r[5] as Memory['visibility'],
    witnessed_by: JSON.parse(String(r[6])) as string[], session_id: (r[7] as string | null) ?? null,
    accessed_count: Number(r[8]), source_key: (r[9] as string | null) ?? null, bm25: Number(r[11]),
  };
}

/** A candidate row of SCORE_COLUMNS (then mine, bm25) as a retrieval candidate (cosine null: no embeddings yet). */
export function toScoreCandidate(r: unknown[]): MemoryScoreHit {
  return { id: r[0] as string, created_at: r[1] as string, last_accessed_at: r[2] as string | null, importance: r[3] as number, bm25: r[5] as number, cosine: null };
}

/** A prepared statement by SQL text (cached per connection). */
type Prepare = (sql: string) => BetterSqlite3.Statement;

/** A bounded match set: SQL for `(r, b)` rows (rowid, −bm25) and the parameter it reads (`q` or `held`). */
export interface BoundedMatches { source: string; params: { q: string } | { held: string } }

/**
 * The matches of any of the tokens in the active memories' index (or the archive's), every statement
 * bounded by SCAN_CAP or UBIQUITY_CAP rows, never by a persona's size: capped counts classify the query
 * and its terms, then BM25 runs over a bounded match set (docs/architecture.md "Recall at scale").
 */
export function boundedMatches(stmt: Prepare, tokens: string[], archived: boolean): BoundedMatches {
  const fts = archived ? 'memory_archive_fts' : 'memories_fts';
  const countUpTo = (cap: number, q: string) => (stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM ${fts} WHERE ${fts} MATCH ? LIMIT ${cap + 1})`).get(q) as { n: number }).n;
  // Rows in the index (trigger-kept per persona; the archive is not counted): below a cap no term can pass it.
  const rows = archived ? Infinity : Number((stmt('SELECT total(memory_count) AS n FROM prune_state').get() as { n: number }).n);
  const quoted = tokens.map(quoteFtsToken);
  let query = quoted.join(' OR ');
  let source = `(SELECT rowid AS r, -bm25(${fts}) AS b FROM ${fts} WHERE ${fts} MATCH @q)`;
  // BM25 over the newest SCAN_CAP matches of `q`: every match when there are at most SCAN_CAP.
  const newest = (q: string) => {
    query = q;
    source = `(SELECT rowid AS r, -bm25(${fts}) AS b FROM ${fts} WHERE ${fts} MATCH @q ORDER BY rowid DESC LIMIT ${SCAN_CAP})`;
  };
  // Below UBIQUITY_CAP rows no term can be ubiquitous, so one term's newest matches need no count first.
  if (tokens.length === 1 && rows <= UBIQUITY_CAP) newest(query);
  else if (rows > SCAN_CAP && countUpTo(SCAN_CAP, query) > SCAN_CAP) {
    // More than SCAN_CAP matches. Terms matching more than SCAN_CAP memories carry little weight (low IDF)
    // and are left out when rarer terms exist.
    const rare = tokens.length === 1 ? [] : quoted.filter((t) => countUpTo(SCAN_CAP, t) <= SCAN_CAP);
    if (rare.length) query = rare.join(' OR ');
    else {
      // Every term is that common: BM25 over the newest SCAN_CAP matches. Its IDF counts every match of
      // every term, so terms in more than UBIQUITY_CAP memories are left out when others remain; when none
      // remains, the newest matches are ranked by how many of the query's terms they hold.
      const usual = rows <= UBIQUITY_CAP ? quoted : quoted.filter((t) => countUpTo(UBIQUITY_CAP, t) <= UBIQUITY_CAP);
      if (usual.length) newest(usual.join(' OR '));
      else {
        // Each term's matches are walked newest first down to the oldest of the window, never further.
        const window = stmt(`SELECT rowid AS r FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC LIMIT ${SCAN_CAP}`).all(query) as { r: number }[];
        const oldest = window.length ? (window[window.length - 1] as { r: number }).r : 0;
        const held = new Map<number, number>(window.map((w) => [w.r, 0]));
        const walk = stmt(`SELECT rowid AS r FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC`);
        for (const t of quoted) {
          for (const { r } of walk.iterate(t) as IterableIterator<{ r: number }>) {
            if (r < oldest) break;
            if (held.has(r)) held.set(r, (held.get(r) as number) + 1);
          }
        }
        source = '(SELECT json_extract(value, \'$[0]\') AS r, json_extract(value, \'$[1]\') AS b FROM json_each(@held))';
        query = JSON.stringify([...held]);
      }
    }
  }
  return { source, params: source.includes('@held') ? { held: query } : { q: query } };
}

/**
 * The candidate query over `stmt`'s connection: the best `limit` matches of a persona's memories (or
 * archive) for any of the tokens, in no particular order: arrays of the given columns (`m.`-prefixed), then
 * 1 (the persona's), then `bm25`.
 */
export function createFtsCandidates(stmt: Prepare): (personaId: string, tokens: string[], limit: number, archived: boolean, cols: string) => unknown[][] {
  return function ftsCandidates(personaId: string, tokens: string[], limit: number, archived: boolean, cols: string): unknown[][] {
    if (tokens.length === 0) return [];
    const table = archived ? 'memory_archive' : 'memories';
    const { source, params: match } = boundedMatches(stmt, tokens, archived);
    // CROSS JOIN keeps the bounded match set as the outer loop (each row then found by its rowid). The
    // best `limit` matches are joined first; only when other personas' memories are among them does the
    // join go over the whole match set. Rows come as arrays (no per-row objects) with `mine` and `bm25` last.
    const params = { limit, persona: personaId, ...match };
    const mine = cols.split(',').length;
    const best = stmt(`SELECT ${cols}, m.persona_id = @persona AS mine, x.b AS bm25 FROM (SELECT r, b FROM ${source} ORDER BY b DESC LIMIT @limit) x CROSS JOIN ${table} m ON m.rid = x.r`)
      .raw(true).all(params) as unknown[][];
    const found = best.length < limit || best.every((r) => r[mine] === 1)
      ? best.filter((r) => r[mine] === 1)
      : stmt(`SELECT ${cols}, 1 AS mine, x.b AS bm25 FROM ${source} x CROSS JOIN ${table} m ON m.rid = x.r WHERE m.persona_id = @persona ORDER BY x.b DESC LIMIT @limit`)
        .raw(true).all(params) as unknown[][];
    return found;
  };
}
