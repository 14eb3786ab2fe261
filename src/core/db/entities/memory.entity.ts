import { EntitySchema } from 'typeorm';
import type { ArchivedMemory, Memory } from '../../../shared/index.ts';
import { bool, int, json, real, realNull, rowKey, text, textNull } from './columns.ts';

/** Row of `memories`: the memory plus its FTS rowid. */
export type MemoryRow = Memory & { rid?: number };
/** Row of `memory_archive`. */
export type ArchivedMemoryRow = ArchivedMemory & { rid?: number };

const memoryColumns = {
  rid: rowKey(), id: text(), persona_id: text(), content: text(), memory_type: text(), importance: real(),
  base_importance: real(), importance_source: text(), emotional_valence: real(), visibility: text(),
  witnessed_by: json(), related_personas: json(), participant_key: textNull(), session_id: textNull(),
  conversation_id: textNull(), channel: textNull(), pinned: bool(), metadata: json(), created_at: text(),
  last_accessed_at: textNull(), restored_at: textNull(), accessed_count: int(),
  subject_key: textNull(), fact_key: textNull(), source_key: textNull(),
};

/** `memories`. */
export const MemoryEntity = new EntitySchema<MemoryRow>({
  name: 'Memory',
  tableName: 'memories',
  columns: memoryColumns,
  indices: [
    { name: 'IDX_memories_id', columns: ['id'], unique: true },
    { name: 'IDX_memories_persona_created', columns: ['persona_id', 'created_at'] },
    { name: 'IDX_memories_persona_importance', columns: ['persona_id', 'importance'] },
    { name: 'IDX_memories_persona_accessed', columns: ['persona_id', 'last_accessed_at'] },
  ],
});

/** `memory_archive`. */
export const ArchivedMemoryEntity = new EntitySchema<ArchivedMemoryRow>({
  name: 'ArchivedMemory',
  tableName: 'memory_archive',
  columns: { ...memoryColumns, archived_at: text(), archive_reason: text(), prune_score: realNull(), run_id: textNull() },
  indices: [
    { name: 'IDX_memory_archive_id', columns: ['id'], unique: true },
    { name: 'IDX_memory_archive_persona_archived', columns: ['persona_id', 'archived_at'] },
    { name: 'IDX_memory_archive_archived', columns: ['archived_at'] },
  ],
});

/** Row of `memory_embeddings`: one float32 vector per memory and embedding model. */
export interface MemoryEmbeddingRow {
  memory_id: string;
  persona_id: string;
  model: string;
  dims: number;
  embedding: Buffer;
  created_at: string;
}

/** `memory_embeddings`. */
export const MemoryEmbeddingEntity = new EntitySchema<MemoryEmbeddingRow>({
  name: 'MemoryEmbedding',
  tableName: 'memory_embeddings',
  columns: { memory_id: { type: 'text', primary: true }, persona_id: text(), model: text(), dims: int(), embedding: { type: 'blob', nullable: false }, created_at: text() },
  indices: [{ name: 'IDX_memory_embeddings_persona_model', columns: ['persona_id', 'model'] }],
});
