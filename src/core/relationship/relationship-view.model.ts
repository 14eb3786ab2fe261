import type { EntityManager } from 'typeorm';
import type { RelationshipView } from '../../shared/index.ts';
import type { RelationshipRow } from '../db/index.ts';
import { createRepositories } from '../repositories.ts';
import { compatibilityScore, relationshipStrength } from './relationship.model.ts';

/** Display name of a counterpart key (`persona:{id}` → persona name; participant key → display name). */
export async function counterpartName(em: EntityManager, key: string): Promise<string> {
  const repos = createRepositories(em);
  if (key.startsWith('persona:')) return (await repos.personas.get(key.slice('persona:'.length)))?.name ?? key;
  return (await repos.participants.get(key))?.display_name ?? key;
}

/** `RelationshipView`: stored fields, derived values and the legacy keys. */
export async function relationshipView(em: EntityManager, row: RelationshipRow): Promise<RelationshipView> {
  const { counterpart_persona_id, ...stored } = row;
  const isPersona = counterpart_persona_id !== null;
  return {
    ...stored,
    relationship_strength: relationshipStrength(row),
    compatibility_score: compatibilityScore(row),
    persona1_id: row.subject_id,
    persona2_id: isPersona ? (counterpart_persona_id as string) : row.counterpart_key,
    intimacy: row.familiarity,
    counterpart: {
      kind: isPersona ? 'persona' : 'participant',
      id: isPersona ? (counterpart_persona_id as string) : row.counterpart_key,
      name: await counterpartName(em, row.counterpart_key),
    },
  };
}
