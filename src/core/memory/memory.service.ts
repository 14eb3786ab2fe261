import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError, isoNow, type ArchivedMemory, type Memory, type MemoryView, type Persona } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { scoreImportance } from './importance.model.ts';

/** Fields a caller supplies when writing a memory (already validated). */
export interface NewMemoryInput {
  content: string;
  memory_type: string;
  importance?: number;
  emotional_valence: number;
  related_personas: string[];
  witnessed_by: string[];
  visibility: Memory['visibility'];
  pinned: boolean;
  metadata: Record<string, unknown>;
  created_at?: string;
  participant_key?: string | null;
  session_id?: string | null;
  conversation_id?: string | null;
  channel?: string | null;
  subject_key?: string | null;
  fact_key?: string | null;
  source_key?: string | null;
}

/**
 * Builds a memory owned by `persona`: importance given → `manual`, else scored with the owner as
 * speaker (as `memory.store` does). `created_at` may be in the past, never ahead.
 */
export function buildMemory(persona: Persona, input: NewMemoryInput, now: Date): Memory {
  const createdAt = input.created_at ?? isoNow(now);
  if (Date.parse(createdAt) > now.getTime()) {
    throw new AppError('INVALID_PARAMS', 'created_at must not be in the future', {
      issues: [{ path: ['created_at'], code: 'too_big', message: 'must be at or before now' }],
    });
  }
  const manual = input.importance !== undefined;
  const importance = manual ? (input.importance as number) : scoreImportance({ text: input.content, speaker: persona });
  return {
    id: randomUUID(),
    persona_id: persona.id,
    content: input.content,
    memory_type: input.memory_type,
    importance,
    base_importance: importance,
    importance_source: manual ? 'manual' : 'scored',
    emotional_valence: input.emotional_valence,
    visibility: input.visibility,
    witnessed_by: input.witnessed_by,
    related_personas: input.related_personas,
    participant_key: input.participant_key ?? null,
    session_id: input.session_id ?? null,
    conversation_id: input.conversation_id ?? null,
    channel: input.channel ?? null,
    pinned: input.pinned,
    metadata: input.metadata,
    created_at: new Date(createdAt).toISOString(),
    last_accessed_at: null,
    restored_at: null,
    accessed_count: 0,
    subject_key: input.subject_key ?? null,
    fact_key: input.fact_key ?? null,
    source_key: input.source_key ?? null,
  };
}

/** The wire view of an active or archived memory. */
export function memoryView(memory: Memory | ArchivedMemory, archived: boolean): MemoryView {
  return { ...memory, archived };
}

/** Finds a memory in the active set or the archive, or throws MEMORY_NOT_FOUND. */
export async function requireMemory(em: EntityManager, id: string): Promise<{ memory: Memory | ArchivedMemory; archived: boolean }> {
  const repos = createRepositories(em);
  const active = await repos.memories.get(id);
  if (active) return { memory: active, archived: false };
  const archived = await repos.memories.getArchived(id);
  if (archived) return { memory: archived, archived: true };
  throw new AppError('MEMORY_NOT_FOUND', `Memory not found: ${id}`, { details: { memory_id: id } });
}
