import { z } from 'zod';
import { IdSchema, TimestampSchema, VisibilitySchema } from './common.model.ts';

/** Where a memory's importance came from. */
export const ImportanceSourceSchema = z.enum(['scored', 'manual', 'imported']);

/** Memory types the system knows; any other short string is accepted too. */
export const KNOWN_MEMORY_TYPES = [
  'conversation', 'observation', 'reflection', 'relationship', 'goal', 'secret',
  'trauma', 'achievement', 'learning', 'routine', 'lore', 'user_input',
] as const;

/** A stored memory (docs/memory.md "What a persona remembers"). */
export const MemorySchema = z.object({
  id: IdSchema,
  persona_id: IdSchema,
  content: z.string(),
  memory_type: z.string(),
  importance: z.number(),
  base_importance: z.number(),
  importance_source: ImportanceSourceSchema,
  emotional_valence: z.number(),
  visibility: VisibilitySchema,
  witnessed_by: z.array(z.string()),
  related_personas: z.array(z.string()),
  participant_key: z.string().nullable(),
  session_id: z.string().nullable(),
  conversation_id: z.string().nullable(),
  channel: z.string().nullable(),
  pinned: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: TimestampSchema,
  last_accessed_at: TimestampSchema.nullable(),
  restored_at: TimestampSchema.nullable(),
  accessed_count: z.number().int(),
  /** Whom a fact is about: a participant key, `persona:{id}`, or null (the world). */
  subject_key: z.string().nullable().default(null),
  /** The slot a fact fills, `{subject_key}|{predicate}`; at most one active fact per slot. */
  fact_key: z.string().nullable().default(null),
  /** Who told the persona (participant key or `persona:{id}`); null = its own knowledge, the operator's, lore, imports. */
  source_key: z.string().nullable().default(null),
});
/** A stored memory. */
export type Memory = z.infer<typeof MemorySchema>;

/** Why a memory sits in the archive. */
export const ArchiveReasonSchema = z.enum(['pruned', 'deleted', 'superseded']);

/** A memory in the archive: every memory field plus the archive fields. */
export const ArchivedMemorySchema = MemorySchema.extend({
  archived_at: TimestampSchema,
  archive_reason: ArchiveReasonSchema,
  prune_score: z.number().nullable(),
  run_id: z.string().nullable(),
});
/** An archived memory. */
export type ArchivedMemory = z.infer<typeof ArchivedMemorySchema>;

/** `MemoryView`: a memory plus `archived`, with archive fields when archived. */
export const MemoryViewSchema = MemorySchema.extend({
  archived: z.boolean(),
  archived_at: TimestampSchema.optional(),
  archive_reason: ArchiveReasonSchema.optional(),
  prune_score: z.number().nullable().optional(),
  run_id: z.string().nullable().optional(),
});
/** Memory view. */
export type MemoryView = z.infer<typeof MemoryViewSchema>;

/** Normalised score components of a recalled memory. */
export const ScoreComponentsSchema = z.object({
  recency: z.number(),
  importance: z.number(),
  relevance: z.number(),
});

/** `ScoredMemory` = MemoryView + score, components and raw inputs. */
export const ScoredMemorySchema = MemoryViewSchema.extend({
  score: z.number(),
  score_components: ScoreComponentsSchema,
  raw: z.object({
    hours_since_access: z.number(),
    importance: z.number(),
    bm25: z.number(),
    cosine: z.number().nullable(),
  }),
});
/** Scored memory. */
export type ScoredMemory = z.infer<typeof ScoredMemorySchema>;
