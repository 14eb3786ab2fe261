import { randomUUID } from 'node:crypto';
import type { Memory } from '../../src/shared/index.ts';

/** A complete memory row for repository tests; override any field. */
export function memoryFixture(personaId: string, overrides: Partial<Memory> = {}): Memory {
  return {
    id: randomUUID(), persona_id: personaId, content: 'The mill by the river burned down.', memory_type: 'observation',
    importance: 0.5, base_importance: 0.5, importance_source: 'manual', emotional_valence: 0, visibility: 'private',
    witnessed_by: [], related_personas: [], participant_key: null, session_id: null, conversation_id: null,
    channel: null, pinned: false, metadata: {}, created_at: '2026-11-01T10:00:00.000Z', last_accessed_at: null,
    restored_at: null, accessed_count: 0, subject_key: null, fact_key: null, source_key: null, ...overrides,
  };
}
