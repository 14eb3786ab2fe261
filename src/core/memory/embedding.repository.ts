import type { EntityManager } from 'typeorm';
import { prepared, sqliteOf } from '../db/index.ts';

/** A query vector: its float32 blob and the model that made it. */
export interface QueryVector { blob: Buffer; model: string }

/** Memory vectors (`memory_embeddings`, sqlite-vec): nearest neighbours, similarities, fills. */
export interface EmbeddingRepository {
  /** Cosine similarity by memory id of a persona's memories nearest to the query, best first. */
  nearest(personaId: string, q: QueryVector, limit: number): { memory_id: string; cosine: number }[];
  /** Cosine similarity by memory id of the given memories (those without a vector of the model are left out). */
  cosineOf(ids: string[], q: QueryVector): { memory_id: string; cosine: number }[];
  /** Active memories without a vector of `model`, newest first. */
  missing(model: string, limit: number): { id: string; persona_id: string; content: string }[];
  /** Stores (or replaces) the vector of a memory. */
  put(row: { memory_id: string; persona_id: string; model: string; vector: Buffer; dims: number; created_at: string }): void;
}

/** Embedding repository bound to an entity manager. */
export function createEmbeddingRepository(em: EntityManager): EmbeddingRepository {
  const sqlite = sqliteOf(em);
  const stmt = (sql: string) => prepared(sqlite, sql);
  return {
    nearest(personaId, q, limit) {
      return stmt(
        `SELECT memory_id, 1 - vec_distance_cosine(embedding, @v) AS cosine FROM memory_embeddings
         WHERE persona_id = @p AND model = @m ORDER BY vec_distance_cosine(embedding, @v) LIMIT @n`,
      ).all({ v: q.blob, p: personaId, m: q.model, n: limit }) as { memory_id: string; cosine: number }[];
    },
    cosineOf(ids, q) {
      if (ids.length === 0) return [];
      return stmt(
        `SELECT memory_id, 1 - vec_distance_cosine(embedding, @v) AS cosine FROM memory_embeddings
         WHERE model = @m AND memory_id IN (SELECT value FROM json_each(@ids))`,
      ).all({ v: q.blob, m: q.model, ids: JSON.stringify(ids) }) as { memory_id: string; cosine: number }[];
    },
    missing(model, limit) {
      return stmt(
        `SELECT m.id, m.persona_id, m.content FROM memories m LEFT JOIN memory_embeddings x ON x.memory_id = m.id AND x.model = @m
         WHERE x.memory_id IS NULL ORDER BY m.created_at DESC LIMIT @n`,
      ).all({ m: model, n: limit }) as { id: string; persona_id: string; content: string }[];
    },
    put(r) {
      stmt('INSERT OR REPLACE INTO memory_embeddings (memory_id, persona_id, model, dims, embedding, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(r.memory_id, r.persona_id, r.model, r.dims, r.vector, r.created_at);
    },
  };
}
