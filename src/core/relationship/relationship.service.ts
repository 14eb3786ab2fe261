import type { EntityManager } from 'typeorm';
import { isoNow, personaKey, type DomainEvent, type RelationshipType } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { applyInteraction, compatibilityScore, newRelationship, relationshipStrength, type RelationshipAxes } from './relationship.model.ts';
import type { RelationshipRow } from '../db/index.ts';
import { relationshipView } from './relationship-view.model.ts';

/** One recorded interaction between a subject persona and a counterpart (persona or participant key). */
export interface RecordInteraction {
  subject_id: string;
  counterpart_key: string;
  counterpart_persona_id: string | null;
  quality: number;
  minutes: number;
  context: string;
  source: 'chat' | 'conversation' | 'manual';
  note?: string;
  set_type?: RelationshipType;
  unlock_type?: boolean;
  now: Date;
}

/**
 * Applies the relationship update rule to one direction inside the caller's transaction and appends the
 * event row; returns the new row, deltas and the `relationship.changed` event to emit after commit.
 */
export async function recordInteraction(em: EntityManager, i: RecordInteraction): Promise<{ row: RelationshipRow; deltas: RelationshipAxes; event: DomainEvent }> {
  const at = isoNow(i.now);
  const repos = createRepositories(em).relationships;
  const prev: RelationshipRow = (await repos.get(i.subject_id, i.counterpart_key))
    ?? { ...newRelationship(at), subject_id: i.subject_id, counterpart_key: i.counterpart_key, counterpart_persona_id: i.counterpart_persona_id, first_meeting: at };
  const unlocked = i.unlock_type ? { ...prev, type_locked: false } : prev;
  const { next, deltas } = applyInteraction(unlocked, { quality: i.quality, minutes: i.minutes, context: i.context, at, ...(i.note ? { note: i.note } : {}) });
  const row: RelationshipRow = { ...unlocked, ...next, ...(i.set_type ? { relationship_type: i.set_type, type_locked: true } : {}) };
  await repos.save(row);
  await repos.addEvent({ subject_id: i.subject_id, counterpart_key: i.counterpart_key, counterpart_persona_id: i.counterpart_persona_id, quality: i.quality, minutes: i.minutes, context: i.context, source: i.source, deltas, at });
  const relationship = await relationshipView(em, row);
  return { row, deltas, event: { name: 'relationship.changed', persona_id: i.subject_id, at, data: { counterpart_key: i.counterpart_key, relationship } } };
}

/** The short summary `relationship.update` returns for one direction. */
export function updatedSummary(row: RelationshipRow) {
  return {
    affinity: row.affinity, trust: row.trust, respect: row.respect, familiarity: row.familiarity,
    relationship_type: row.relationship_type, compatibility_score: compatibilityScore(row), relationship_strength: relationshipStrength(row),
  };
}

/** Key of a persona counterpart. */
export const counterpartOf = (personaId: string) => ({ key: personaKey(personaId), persona_id: personaId });
