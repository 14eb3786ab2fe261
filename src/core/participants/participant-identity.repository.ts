import type { EntityManager } from 'typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import { decodeRow, sqliteOf, type RelationshipRow } from '../db/index.ts';

// Where a participant key is written, table by table (docs/memory.md "Who is who"): linking re-keys
// all of it, forgetting deletes or scrubs all of it. One file so the two stay in step: memories and
// the archive (participant_key, source_key, subject_key, fact_key prefix, witnessed_by, metadata),
// memory embeddings, sessions and their messages, relationships and their events, conversation
// observers and the avatar's gaze target.

/** Rows a re-key moved, per table. */
export interface RekeyCounts {
  memories: number;
  archived_memories: number;
  sessions: number;
  sessions_closed: number;
  messages: number;
  relationship_events: number;
  conversations: number;
}

/** Rows a forget removed (or scrubbed of the key), per kind. */
export interface ForgetCounts {
  memories: number;
  archived_memories: number;
  facts: number;
  embeddings: number;
  witnessed_by_scrubbed: number;
  metadata_scrubbed: number;
  sessions: number;
  messages: number;
  relationships: number;
  relationship_events: number;
  conversations_scrubbed: number;
}

/** The cross-table reads and writes of linking and forgetting participants. */
export interface ParticipantIdentityRepository {
  /** Moves every reference of `from` to `to` except relationships (merged by the service); open sessions that would collide are closed first. */
  rekey(from: string, to: string, at: string): RekeyCounts;
  /** Relationships whose counterpart is the key. */
  relationshipsWith(key: string): RelationshipRow[];
  /** Removes one relationship row (its events stay unless re-keyed or forgotten). */
  deleteRelationship(subjectId: string, counterpartKey: string): void;
  /** Active facts of slots holding more than one active fact, newest first within each slot. */
  duplicateFactSlots(subjectKey: string): { id: string; persona_id: string; fact_key: string; created_at: string }[];
  /** Facts about the subject in every persona, active and archived, newest first. */
  factsAbout(subjectKey: string): FactRow[];
  /** Hard-deletes everything naming the keys and scrubs them from lists and metadata that name others too. */
  forget(keys: readonly string[]): ForgetCounts;
}

/** A fact as `participant.get` lists it: active, or archived with its reason. */
export interface FactRow {
  id: string;
  persona_id: string;
  content: string;
  fact_key: string | null;
  source_key: string | null;
  importance: number;
  created_at: string;
  metadata: Record<string, unknown>;
  archived_at: string | null;
  archive_reason: string | null;
}

const WITNESS_TABLES = ['memories', 'memory_archive'] as const;

/** `witnessed_by` with `from` replaced by `to` (order kept, duplicates dropped). */
const REPLACE_WITNESS = (table: string) => `UPDATE ${table} SET witnessed_by = (
  SELECT json_group_array(v) FROM (SELECT v FROM (SELECT CASE WHEN value = @from THEN @to ELSE value END AS v, key AS k FROM json_each(${table}.witnessed_by)) GROUP BY v ORDER BY min(k)))
  WHERE EXISTS (SELECT 1 FROM json_each(${table}.witnessed_by) WHERE value = @from)`;

/** `witnessed_by` without the listed keys. */
const REMOVE_WITNESS = (table: string, list: string) => `UPDATE ${table} SET witnessed_by = (
  SELECT json_group_array(value) FROM (SELECT value FROM json_each(${table}.witnessed_by) WHERE value NOT IN (${list}) ORDER BY key))
  WHERE EXISTS (SELECT 1 FROM json_each(${table}.witnessed_by) WHERE value IN (${list}))`;

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Drops every string equal to one of the keys from a JSON value (arrays lose the item, objects the entry). */
function scrub(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.filter((v) => !(typeof v === 'string' && keys.has(v))).map((v) => scrub(v, keys));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!(typeof v === 'string' && keys.has(v))) out[k] = scrub(v, keys);
    return out;
  }
  return value;
}

function scrubMetadata(sqlite: BetterSqlite3.Database, table: string, keys: readonly string[]): number {
  const set = new Set(keys);
  const like = keys.map(() => 'instr(metadata, ?) > 0').join(' OR ');
  const rows = sqlite.prepare(`SELECT id, metadata FROM ${table} WHERE ${like}`).all(...keys.map((k) => JSON.stringify(k))) as { id: string; metadata: string }[];
  const update = sqlite.prepare(`UPDATE ${table} SET metadata = ? WHERE id = ?`);
  for (const r of rows) update.run(JSON.stringify(scrub(JSON.parse(r.metadata), set)), r.id);
  return rows.length;
}

/** Identity repository bound to an entity manager (use a transaction's manager: every method writes or must see writes). */
export function createParticipantIdentityRepository(em: EntityManager): ParticipantIdentityRepository {
  const sqlite = sqliteOf(em);
  const run = (sql: string, params: Record<string, unknown> | unknown[]) =>
    (Array.isArray(params) ? sqlite.prepare(sql).run(...params) : sqlite.prepare(sql).run(params)).changes;
  return {
    rekey(from, to, at) {
      const p = { from, to };
      /** Re-keys one memory table; returns how many rows named the key. */
      const memoryRows = (table: string) => {
        const { n } = sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE participant_key = @from OR source_key = @from OR subject_key = @from
          OR substr(fact_key, 1, length(@from) + 1) = @from || '|' OR EXISTS (SELECT 1 FROM json_each(${table}.witnessed_by) WHERE value = @from)`).get(p) as { n: number };
        run(`UPDATE ${table} SET participant_key = @to WHERE participant_key = @from`, p);
        run(`UPDATE ${table} SET source_key = @to WHERE source_key = @from`, p);
        run(`UPDATE ${table} SET subject_key = @to WHERE subject_key = @from`, p);
        run(`UPDATE ${table} SET fact_key = @to || substr(fact_key, length(@from) + 1) WHERE substr(fact_key, 1, length(@from) + 1) = @from || '|'`, p);
        run(REPLACE_WITNESS(table), p);
        return n;
      };
      const memories = memoryRows('memories');
      const archived_memories = memoryRows('memory_archive');
      const sessions_closed = run(`UPDATE sessions SET status = 'closed', closed_at = @at WHERE participant_key = @from AND status = 'open'
        AND EXISTS (SELECT 1 FROM sessions o WHERE o.persona_id = sessions.persona_id AND o.participant_key = @to AND o.channel = sessions.channel AND o.status = 'open')`, { ...p, at });
      const sessions = run('UPDATE sessions SET participant_key = @to WHERE participant_key = @from', p);
      const messages = run('UPDATE messages SET speaker_key = @to WHERE speaker_key = @from', p);
      const relationship_events = run('UPDATE relationship_events SET counterpart_key = @to WHERE counterpart_key = @from', p);
      const conversations = run(`UPDATE conversations SET observers = (
        SELECT json_group_array(v) FROM (SELECT v FROM (SELECT CASE WHEN value = @from THEN @to ELSE value END AS v, key AS k FROM json_each(conversations.observers)) GROUP BY v ORDER BY min(k)))
        WHERE EXISTS (SELECT 1 FROM json_each(conversations.observers) WHERE value = @from)`, p);
      run(`UPDATE visual_states SET record = json_set(record, '$.auto.gaze_target', @to) WHERE json_extract(record, '$.auto.gaze_target') = @from`, p);
      return { memories, archived_memories, sessions, sessions_closed, messages, relationship_events, conversations };
    },
    relationshipsWith(key) {
      return (sqlite.prepare('SELECT * FROM relationships WHERE counterpart_key = ? ORDER BY subject_id').all(key) as Record<string, unknown>[])
        .map((r) => decodeRow<RelationshipRow>('relationships', r));
    },
    deleteRelationship(subjectId, counterpartKey) {
      run('DELETE FROM relationships WHERE subject_id = ? AND counterpart_key = ?', [subjectId, counterpartKey]);
    },
    duplicateFactSlots(subjectKey) {
      return sqlite.prepare(`SELECT id, persona_id, fact_key, created_at FROM memories m WHERE memory_type = 'fact' AND subject_key = ?
        AND (SELECT count(*) FROM memories o WHERE o.persona_id = m.persona_id AND o.fact_key = m.fact_key AND o.memory_type = 'fact') > 1
        ORDER BY persona_id, fact_key, created_at DESC, rid DESC`).all(subjectKey) as { id: string; persona_id: string; fact_key: string; created_at: string }[];
    },
    factsAbout(subjectKey) {
      const cols = 'id, persona_id, content, fact_key, source_key, importance, created_at, metadata';
      const rows = sqlite.prepare(`SELECT ${cols}, NULL AS archived_at, NULL AS archive_reason FROM memories WHERE memory_type = 'fact' AND subject_key = @k
        UNION ALL SELECT ${cols}, archived_at, archive_reason FROM memory_archive WHERE memory_type = 'fact' AND subject_key = @k
        ORDER BY created_at DESC, id`).all({ k: subjectKey }) as (Omit<FactRow, 'metadata'> & { metadata: string })[];
      return rows.map((r) => ({ ...r, metadata: JSON.parse(r.metadata) as Record<string, unknown> }));
    },
    forget(keys) {
      const list = placeholders(keys.length);
      const about = `participant_key IN (${list}) OR source_key IN (${list}) OR subject_key IN (${list})`;
      const args = [...keys, ...keys, ...keys];
      const ids = (table: string) => (sqlite.prepare(`SELECT id, memory_type FROM ${table} WHERE ${about}`).all(...args) as { id: string; memory_type: string }[]);
      const active = ids('memories');
      const archived = ids('memory_archive');
      const all = [...active, ...archived].map((m) => m.id);
      let embeddings = 0;
      for (let i = 0; i < all.length; i += 500) {
        const chunk = all.slice(i, i + 500);
        embeddings += run(`DELETE FROM memory_embeddings WHERE memory_id IN (${placeholders(chunk.length)})`, chunk);
      }
      const memories = run(`DELETE FROM memories WHERE ${about}`, args);
      const archived_memories = run(`DELETE FROM memory_archive WHERE ${about}`, args);
      let witnessed_by_scrubbed = 0;
      let metadata_scrubbed = 0;
      for (const table of WITNESS_TABLES) {
        witnessed_by_scrubbed += run(REMOVE_WITNESS(table, list), [...keys, ...keys]);
        metadata_scrubbed += scrubMetadata(sqlite, table, keys);
      }
      const sessionIds = (sqlite.prepare(`SELECT id FROM sessions WHERE participant_key IN (${list})`).all(...keys) as { id: string }[]).map((s) => s.id);
      let messages = 0;
      for (const id of sessionIds) messages += run('DELETE FROM messages WHERE session_id = ?', [id]);
      messages += run(`DELETE FROM messages WHERE speaker_key IN (${list})`, [...keys]);
      const sessions = run(`DELETE FROM sessions WHERE participant_key IN (${list})`, [...keys]);
      const relationships = run(`DELETE FROM relationships WHERE counterpart_key IN (${list})`, [...keys]);
      const relationship_events = run(`DELETE FROM relationship_events WHERE counterpart_key IN (${list})`, [...keys]);
      const conversations_scrubbed = run(`UPDATE conversations SET observers = (
        SELECT json_group_array(value) FROM (SELECT value FROM json_each(conversations.observers) WHERE value NOT IN (${list}) ORDER BY key))
        WHERE EXISTS (SELECT 1 FROM json_each(conversations.observers) WHERE value IN (${list}))`, [...keys, ...keys]);
      run(`UPDATE visual_states SET record = json_set(record, '$.auto.gaze_target', json('null')) WHERE json_extract(record, '$.auto.gaze_target') IN (${list})`, [...keys]);
      const facts = [...active, ...archived].filter((m) => m.memory_type === 'fact').length;
      return {
        memories, archived_memories, facts, embeddings, witnessed_by_scrubbed, metadata_scrubbed, sessions, messages, relationships,
        relationship_events, conversations_scrubbed,
      };
    },
  };
}
