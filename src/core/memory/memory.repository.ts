import type { EntityManager } from 'typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import type { ArchivedMemory, Memory, Visibility } from '../../shared/index.ts';
import { ArchivedMemoryEntity, MemoryEntity, asRowValues, decodeRow, findRow, insertRow, prepared, upsertRow } from '../db/index.ts';
import { CANDIDATE_COLUMNS, SCORE_COLUMNS, boundedMatches, createFtsCandidates, toCandidate, toScoreCandidate, type MemoryHit, type MemoryScoreHit } from './memory-fts.repository.ts';

/** Filters for listing memories. */
export interface MemoryListFilter {
  memory_type?: string;
  visibility?: string;
  participant_key?: string;
  /** Only memories filling this fact slot (`{subject_key}|{predicate}`), e.g. a fact's superseded history in the archive. */
  fact_key?: string;
  pinned?: boolean;
  order_by: 'created_at' | 'importance' | 'last_accessed_at' | 'prune_score';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** The fields decay and pruning read of a memory, with its rid (the keyset of paged passes). */
export type ScanRow = Pick<Memory, 'id' | 'importance' | 'base_importance' | 'accessed_count' | 'created_at' | 'last_accessed_at' | 'pinned' | 'restored_at'> & { rid: number };

/** The columns of a ScanRow, and the rows read with them (`pinned` stored as 0/1). */
const SCAN_COLUMNS = 'rid, id, importance, base_importance, accessed_count, created_at, last_accessed_at, pinned, restored_at';
const toScanRows = (rows: unknown[]): ScanRow[] => (rows as (Omit<ScanRow, 'pinned'> & { pinned: number })[]).map((r) => ({ ...r, pinned: r.pinned === 1 }));

/** Memories and their archive, including FTS5 search. */
export interface MemoryRepository {
  insert(memory: Memory): Promise<void>;
  get(id: string): Promise<Memory | null>;
  getArchived(id: string): Promise<ArchivedMemory | null>;
  save(memory: Memory): Promise<void>;
  /** Marks memories as recalled at `at` (last_accessed_at, accessed_count + 1) in one statement. */
  touch(ids: string[], at: string): number;
  /** Moves a memory into the archive with the archive fields; returns false when it was not active. */
  archive(id: string, fields: Pick<ArchivedMemory, 'archived_at' | 'archive_reason' | 'prune_score' | 'run_id'>): Promise<boolean>;
  /** Moves an archived memory back, setting `restored_at`; returns the restored memory or null. */
  restore(id: string, restoredAt: string): Promise<Memory | null>;
  /** Removes a memory permanently from the active set and the archive; returns true when anything was removed. */
  purge(id: string): Promise<boolean>;
  /**
   * FTS5 search of one persona's memories (or archive) for any of the word tokens: its best `limit` by BM25,
   * in no particular order.
   */
  search(personaId: string, tokens: string[], limit: number, archived: boolean): MemoryHit[];
  /** `search` reading only what scoring needs (no filter fields). */
  searchScores(personaId: string, tokens: string[], limit: number, archived: boolean): MemoryScoreHit[];
  /** Most recently created or accessed memories of a persona (retrieval candidates, BM25 0). */
  recent(personaId: string, limit: number): MemoryHit[];
  /**
   * FTS5 search across personas for what `readerId` may read: its own
   * shared/public memories, others' shared ones it witnessed, others' public ones.
   */
  searchVisible(tokens: string[], limit: number, readerId: string, scope: { own: boolean; shared: boolean; public: boolean; min_importance: number }): (MemoryHit & { persona_id: string })[];
  /** Full rows of the given ids, in that order (missing ids are skipped). */
  getMany(ids: string[], archived: boolean): Memory[];
  /** Pages through a persona's memories or archive. */
  list(personaId: string, archived: boolean, filter: MemoryListFilter): { rows: (Memory | ArchivedMemory)[]; total: number };
  count(personaId: string, archived?: boolean): number;
  /** Archives many memories at once with prepared statements (prune runs); returns how many moved. */
  archiveMany(items: { id: string; prune_score: number | null }[], fields: { archived_at: string; archive_reason: 'pruned' | 'deleted'; run_id: string | null }): number;
  /**
   * One page of a persona's active memories, oldest first (then rid), with the fields decay and pruning
   * read, after the keyset `after` (exclusive) and up to rid `maxRid`: whole-persona passes walk these pages
   * with the event loop free between them, where one read of every row would hold it.
   */
  byCreation(personaId: string, after: { created_at: string; rid: number } | null, limit: number, maxRid?: number): ScanRow[];
  /** The highest rid in use (a pass that should not reach memories stored after its start stops there). */
  maxRid(): number;
  /**
   * One page of a persona's active memories by ascending importance (then rid) from the importance index,
   * after the keyset `after` (exclusive); pruning walks it instead of scanning the persona.
   */
  lowestImportance(personaId: string, after: { importance: number; rid: number } | null, limit: number): ScanRow[];
  /** Σ importance of a persona's active memories (read from the importance index). */
  importanceTotal(personaId: string): number;
  /** How many of a persona's active memories come after the keyset `after` of the importance index, and how many of those are pinned. */
  protectedAbove(personaId: string, after: { importance: number; rid: number }): { n: number; pinned: number };
  /** Sets importance (and optionally base importance) of many memories. */
  setImportance(items: { id: string; importance: number; base_importance?: number }[]): number;
  /** Counts rows owned by a persona (for delete reports). */
  countAll(personaId: string): { memories: number; archived: number };
  /** Hard-deletes at most `limit` of a persona's memories (or archived memories); returns how many (persona.delete, in batches). */
  deleteSomeOf(personaId: string, archived: boolean, limit: number): number;
  /** Active memories of a persona with importance at or below `importance`. */
  countAtOrBelow(personaId: string, importance: number): number;
  /** Aggregates over a persona's active memories (`memory.stats`); `today` is the YYYY-MM-DD prefix counted as created today. */
  stats(personaId: string, today: string): MemoryStatsRow;
  /** Per persona with any: shared and public memories and memories referring to other personas. */
  sharing(): { persona_id: string; shared: number; public: number; cross_references: number }[];
  /** Every memory of a persona (or its archive), oldest first (state bundles). */
  allOf(personaId: string, archived: boolean): (Memory | ArchivedMemory)[];
  /** Inserts an archived memory as it is (state bundles). */
  insertArchived(memory: ArchivedMemory): void;
  /** Hard-deletes at most `limit` archived memories (any persona) archived before `cutoff` (retention); returns how many. */
  deleteArchivedBefore(cutoff: string, limit: number): number;
  /** The active facts of a persona filling slot `factKey`, newest first (one, unless a restore is being settled). */
  factsInSlot(personaId: string, factKey: string): Memory[];
  /** Active facts of a persona about `subjectKey`: importance desc, then created_at desc, then insertion order. */
  factsAbout(personaId: string, subjectKey: string, limit: number): Memory[];
  /** When the persona's newest reflection (active or archived) was created, or null. */
  lastReflectionAt(personaId: string): string | null;
  /** Σ base_importance of the persona's active memories created after `since` (all when null). */
  baseImportanceSince(personaId: string, since: string | null): number;
  /** The persona's newest active memories (full rows), newest first, excluding the given types. */
  newest(personaId: string, limit: number, excludeTypes: string[]): Memory[];
}


/** Aggregates over one persona's active memories. */
export interface MemoryStatsRow {
  total: number; avg_importance: number; high_importance: number; pinned: number; created_today: number;
  oldest_created_at: string | null; newest_created_at: string | null;
  by_type: Record<string, number>; by_visibility: Record<Visibility, number>;
}

/** Memory repository bound to an entity manager. */
export function createMemoryRepository(em: EntityManager): MemoryRepository {
  const active = em.getRepository(MemoryEntity);
  const archive = em.getRepository(ArchivedMemoryEntity);
  const sqlite = (em.connection.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  const stmt = (sql: string) => prepared(sqlite, sql);

  const ftsCandidates = createFtsCandidates(stmt);

  return {
    async insert(memory) {
      insertRow(sqlite, 'memories', { ...memory });
    },
    get: async (id) => findRow<Memory>(sqlite, 'memories', { id }),
    getArchived: async (id) => findRow<ArchivedMemory>(sqlite, 'memory_archive', { id }),
    async save(memory) {
      upsertRow(sqlite, 'memories', ['id'], { ...memory });
    },
    touch(ids, at) {
      if (ids.length === 0) return 0;
      return stmt('UPDATE memories SET last_accessed_at = ?, accessed_count = accessed_count + 1 WHERE id IN (SELECT value FROM json_each(?))').run(at, JSON.stringify(ids)).changes;
    },
    async archive(id, fields) {
      const row = await active.findOneBy({ id });
      if (!row) return false;
      await archive.insert(asRowValues({ ...strip(row), ...fields }));
      await active.delete({ id });
      return true;
    },
    async restore(id, restoredAt) {
      const row = await archive.findOneBy({ id });
      if (!row) return null;
      const { archived_at: _a, archive_reason: _r, prune_score: _p, run_id: _u, ...memory } = strip(row);
      const restored: Memory = { ...memory, restored_at: restoredAt };
      await active.insert(asRowValues({ ...restored }));
      await archive.delete({ id });
      return restored;
    },
    async purge(id) {
      const a = await active.delete({ id });
      const b = await archive.delete({ id });
      return (a.affected ?? 0) + (b.affected ?? 0) > 0;
    },
    search(personaId, tokens, limit, archived) {
      return ftsCandidates(personaId, tokens, limit, archived, CANDIDATE_COLUMNS).map(toCandidate);
    },
    searchScores(personaId, tokens, limit, archived) {
      return ftsCandidates(personaId, tokens, limit, archived, SCORE_COLUMNS).map(toScoreCandidate);
    },
    searchVisible(tokens, limit, readerId, scope) {
      if (tokens.length === 0) return [];
      // The same bounded match set as a persona's recall (docs/architecture.md "Recall at scale"), then the
      // visibility rules over it, best BM25 first.
      const { source, params } = boundedMatches(stmt, tokens, false);
      const rows = stmt(
        `SELECT ${CANDIDATE_COLUMNS}, m.persona_id, x.b AS bm25 FROM ${source} x CROSS JOIN memories m ON m.rid = x.r
         WHERE m.importance >= @min AND (
           (@own = 1 AND m.persona_id = @reader AND m.visibility IN ('shared', 'public'))
           OR (@shared = 1 AND m.persona_id <> @reader AND m.visibility = 'shared' AND EXISTS (SELECT 1 FROM json_each(m.witnessed_by) WHERE value = @witness))
           OR (@pub = 1 AND m.persona_id <> @reader AND m.visibility = 'public'))
         ORDER BY x.b DESC LIMIT @limit`,
      ).raw(true).all({ ...params, min: scope.min_importance, reader: readerId, witness: `persona:${readerId}`, own: scope.own ? 1 : 0, shared: scope.shared ? 1 : 0, pub: scope.public ? 1 : 0, limit }) as unknown[][];
      return rows.map((r) => ({ ...toCandidate(r), persona_id: String(r[10]) }));
    },
    getMany(ids, archived) {
      if (ids.length === 0) return [];
      const table = archived ? 'memory_archive' : 'memories';
      const rows = stmt(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Record<string, unknown>[];
      const byId = new Map(rows.map((r) => [String(r.id), decodeRow<Memory>(table, r)]));
      return ids.map((id) => byId.get(id)).filter((m): m is Memory => m !== undefined);
    },
    recent(personaId, limit) {
      // Newest by creation ∪ newest by access, each from its index, then the top `limit` by the later of the two.
      const rows = stmt(
        `SELECT *, 1 AS mine, 0 AS bm25 FROM (
           SELECT * FROM (SELECT ${CANDIDATE_COLUMNS} FROM memories m WHERE persona_id = @p ORDER BY created_at DESC LIMIT @n)
           UNION
           SELECT * FROM (SELECT ${CANDIDATE_COLUMNS} FROM memories m WHERE persona_id = @p AND last_accessed_at IS NOT NULL ORDER BY last_accessed_at DESC LIMIT @n)
         ) ORDER BY max(created_at, coalesce(last_accessed_at, '')) DESC LIMIT @n`,
      ).raw(true).all({ p: personaId, n: limit }) as unknown[][];
      return rows.map(toCandidate);
    },
    list(personaId, archived, f) {
      const table = archived ? 'memory_archive' : 'memories';
      const where = ['persona_id = @persona'];
      const params: Record<string, unknown> = { persona: personaId, limit: f.limit, offset: f.offset };
      if (f.memory_type !== undefined) { where.push('memory_type = @type'); params.type = f.memory_type; }
      if (f.visibility !== undefined) { where.push('visibility = @vis'); params.vis = f.visibility; }
      if (f.pinned !== undefined) { where.push('pinned = @pinned'); params.pinned = f.pinned ? 1 : 0; }
      if (f.fact_key !== undefined) { where.push('fact_key = @fkey'); params.fkey = f.fact_key; }
      if (f.participant_key !== undefined) {
        where.push('EXISTS (SELECT 1 FROM json_each(witnessed_by) WHERE value = @pkey)');
        params.pkey = f.participant_key;
      }
      const orderCol = f.order_by === 'prune_score' ? (archived ? 'prune_score' : 'importance') : f.order_by;
      const dir = f.order === 'asc' ? 'ASC' : 'DESC';
      const cond = where.join(' AND ');
      const total = (stmt(`SELECT count(*) AS n FROM ${table} WHERE ${cond}`).get(params) as { n: number }).n;
      const rows = stmt(
        `SELECT * FROM ${table} WHERE ${cond} ORDER BY ${orderCol} ${dir}, id ASC LIMIT @limit OFFSET @offset`,
      ).all(params) as Record<string, unknown>[];
      return { rows: rows.map((r) => decodeRow<Memory | ArchivedMemory>(table, r)), total };
    },
    count(personaId, archived = false) {
      const table = archived ? 'memory_archive' : 'memories';
      return (stmt(`SELECT count(*) AS n FROM ${table} WHERE persona_id = ?`).get(personaId) as { n: number }).n;
    },
    archiveMany(items, fields) {
      const cols = 'id, persona_id, content, memory_type, importance, base_importance, importance_source, emotional_valence, visibility, witnessed_by, related_personas, participant_key, session_id, conversation_id, channel, pinned, metadata, created_at, last_accessed_at, restored_at, accessed_count, subject_key, fact_key, source_key';
      // Pruning reads its selection before its batches commit: a memory pinned meanwhile stays active.
      const guard = fields.archive_reason === 'pruned' ? ' AND pinned = 0' : '';
      const copy = stmt(`INSERT INTO memory_archive (${cols}, archived_at, archive_reason, prune_score, run_id) SELECT ${cols}, ?, ?, ?, ? FROM memories WHERE id = ?${guard}`);
      const remove = stmt('DELETE FROM memories WHERE id = ?');
      let moved = 0;
      for (const item of items) {
        if (copy.run(fields.archived_at, fields.archive_reason, item.prune_score, fields.run_id, item.id).changes) moved += remove.run(item.id).changes;
      }
      return moved;
    },
    byCreation(personaId, after, limit, maxRid = Number.MAX_SAFE_INTEGER) {
      const rows = (after
        ? stmt(`SELECT ${SCAN_COLUMNS} FROM memories WHERE persona_id = ? AND (created_at, rid) > (?, ?) AND rid <= ? ORDER BY created_at, rid LIMIT ?`).all(personaId, after.created_at, after.rid, maxRid, limit)
        : stmt(`SELECT ${SCAN_COLUMNS} FROM memories WHERE persona_id = ? AND rid <= ? ORDER BY created_at, rid LIMIT ?`).all(personaId, maxRid, limit));
      return toScanRows(rows);
    },
    maxRid() {
      return Number((stmt('SELECT coalesce(max(rid), 0) AS m FROM memories').get() as { m: number }).m);
    },
    lowestImportance(personaId, after, limit) {
      const rows = (after
        ? stmt(`SELECT ${SCAN_COLUMNS} FROM memories WHERE persona_id = ? AND (importance, rid) > (?, ?) ORDER BY importance, rid LIMIT ?`).all(personaId, after.importance, after.rid, limit)
        : stmt(`SELECT ${SCAN_COLUMNS} FROM memories WHERE persona_id = ? ORDER BY importance, rid LIMIT ?`).all(personaId, limit));
      return toScanRows(rows);
    },
    importanceTotal(personaId) {
      return Number((stmt('SELECT total(importance) AS s FROM memories WHERE persona_id = ?').get(personaId) as { s: number }).s);
    },
    protectedAbove(personaId, after) {
      const r = stmt('SELECT count(*) AS n, total(pinned) AS pinned FROM memories WHERE persona_id = ? AND (importance, rid) > (?, ?)')
        .get(personaId, after.importance, after.rid) as { n: number; pinned: number };
      return { n: r.n, pinned: Number(r.pinned) };
    },
    setImportance(items) {
      const both = stmt('UPDATE memories SET importance = ?, base_importance = ? WHERE id = ?');
      const one = stmt('UPDATE memories SET importance = ? WHERE id = ?');
      let n = 0;
      for (const i of items) n += (i.base_importance === undefined ? one.run(i.importance, i.id) : both.run(i.importance, i.base_importance, i.id)).changes;
      return n;
    },
    deleteSomeOf(personaId, archived, limit) {
      const table = archived ? 'memory_archive' : 'memories';
      return stmt(`DELETE FROM ${table} WHERE rid IN (SELECT rid FROM ${table} WHERE persona_id = ? LIMIT ?)`).run(personaId, limit).changes;
    },
    countAll(personaId) {
      return {
        memories: (stmt('SELECT count(*) AS n FROM memories WHERE persona_id = ?').get(personaId) as { n: number }).n,
        archived: (stmt('SELECT count(*) AS n FROM memory_archive WHERE persona_id = ?').get(personaId) as { n: number }).n,
      };
    },
    countAtOrBelow(personaId, importance) {
      return (stmt('SELECT count(*) AS n FROM memories WHERE persona_id = ? AND importance <= ?').get(personaId, importance) as { n: number }).n;
    },
    stats(personaId, today) {
      // Read from the (persona_id, importance) and (persona_id, created_at) indexes, and one grouped pass
      // over the rows for type, visibility and pins (three passes over the rows before).
      const a = stmt('SELECT count(*) AS n, total(importance) AS sum, count(*) FILTER (WHERE importance >= 0.7) AS high FROM memories WHERE persona_id = ?')
        .get(personaId) as { n: number; sum: number; high: number };
      const when = (sql: string) => (stmt(sql).get(personaId) as { at: string | null }).at ?? null;
      const createdToday = stmt('SELECT count(*) AS n FROM memories WHERE persona_id = ? AND created_at >= ? AND created_at < ?').pluck().get(personaId, today, `${today}U`) as number;
      const groups = stmt('SELECT memory_type AS t, visibility AS v, count(*) AS n, total(pinned) AS p FROM memories WHERE persona_id = ? GROUP BY memory_type, visibility')
        .all(personaId) as { t: string; v: Visibility; n: number; p: number }[];
      const by_visibility: Record<Visibility, number> = { private: 0, shared: 0, public: 0 };
      const by_type: Record<string, number> = {};
      let pinned = 0;
      for (const g of groups) {
        by_visibility[g.v] += g.n;
        by_type[g.t] = (by_type[g.t] ?? 0) + g.n;
        pinned += g.p;
      }
      return {
        total: a.n, avg_importance: a.n ? a.sum / a.n : 0, high_importance: a.high, pinned, created_today: createdToday,
        oldest_created_at: when('SELECT min(created_at) AS at FROM memories WHERE persona_id = ?'),
        newest_created_at: when('SELECT max(created_at) AS at FROM memories WHERE persona_id = ?'),
        by_type, by_visibility,
      };
    },
    sharing() {
      return stmt(
        `SELECT persona_id, sum(visibility = 'shared') AS shared, sum(visibility = 'public') AS public, sum(related_personas <> '[]') AS cross_references
         FROM memories GROUP BY persona_id HAVING shared > 0 OR public > 0 OR cross_references > 0`,
      ).all() as { persona_id: string; shared: number; public: number; cross_references: number }[];
    },
    allOf(personaId, archived) {
      const table = archived ? 'memory_archive' : 'memories';
      const rows = stmt(`SELECT * FROM ${table} WHERE persona_id = ? ORDER BY created_at`).all(personaId) as Record<string, unknown>[];
      return rows.map((r) => decodeRow<Memory | ArchivedMemory>(table, r));
    },
    insertArchived(memory) {
      insertRow(sqlite, 'memory_archive', { ...memory });
    },
    deleteArchivedBefore(cutoff, limit) {
      return stmt('DELETE FROM memory_archive WHERE rid IN (SELECT rid FROM memory_archive WHERE archived_at < ? ORDER BY archived_at LIMIT ?)').run(cutoff, limit).changes;
    },
    factsInSlot(personaId, factKey) {
      return (stmt("SELECT * FROM memories WHERE persona_id = ? AND fact_key = ? AND memory_type = 'fact' ORDER BY created_at DESC, rid DESC").all(personaId, factKey) as Record<string, unknown>[])
        .map((r) => decodeRow<Memory>('memories', r));
    },
    factsAbout(personaId, subjectKey, limit) {
      const rows = stmt("SELECT * FROM memories WHERE persona_id = ? AND subject_key = ? AND memory_type = 'fact' ORDER BY importance DESC, created_at DESC, rid ASC LIMIT ?")
        .all(personaId, subjectKey, limit) as Record<string, unknown>[];
      return rows.map((r) => decodeRow<Memory>('memories', r));
    },
    lastReflectionAt(personaId) {
      const row = stmt(`SELECT max(c) AS at FROM (SELECT max(created_at) AS c FROM memories WHERE persona_id = @p AND memory_type = 'reflection'
        UNION ALL SELECT max(created_at) FROM memory_archive WHERE persona_id = @p AND memory_type = 'reflection')`).get({ p: personaId }) as { at: string | null };
      return row.at ?? null;
    },
    baseImportanceSince(personaId, since) {
      const row = stmt('SELECT coalesce(sum(base_importance), 0) AS s FROM memories WHERE persona_id = ? AND created_at > ?').get(personaId, since ?? '') as { s: number };
      return Number(row.s);
    },
    newest(personaId, limit, excludeTypes) {
      const rows = stmt('SELECT * FROM memories WHERE persona_id = ? AND memory_type NOT IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, rid DESC LIMIT ?')
        .all(personaId, JSON.stringify(excludeTypes), limit) as Record<string, unknown>[];
      return rows.map((r) => decodeRow<Memory>('memories', r));
    },
  };
}

function strip<T extends { rid?: number }>(row: T): Omit<T, 'rid'> {
  const { rid: _rid, ...rest } = row;
  return rest;
}
