import { EntitySchema } from 'typeorm';
import type { Relationship, RelationshipEvent } from '../../../shared/index.ts';
import { bool, int, json, real, rowKey, text, textKey, textNull } from './columns.ts';

/** Row of `relationships`: the directed relationship plus the counterpart persona id (for cascades). */
export type RelationshipRow = Relationship & { counterpart_persona_id: string | null };

/** `relationships` (primary key subject_id + counterpart_key). */
export const RelationshipEntity = new EntitySchema<RelationshipRow>({
  name: 'Relationship',
  tableName: 'relationships',
  columns: {
    subject_id: textKey(), counterpart_key: textKey(), counterpart_persona_id: textNull(), affinity: real(),
    trust: real(), respect: real(), familiarity: real(), relationship_type: text(), type_locked: bool(),
    interaction_count: int(), total_interaction_time: real(), recent_interaction_quality: real(),
    first_meeting: text(), last_interaction: text(), memorable_moments: json(),
  },
});

/** Row of `relationship_events`. */
export type RelationshipEventRow = RelationshipEvent & { id?: number; counterpart_persona_id: string | null };

/** `relationship_events`: the inspectable history of every update. */
export const RelationshipEventEntity = new EntitySchema<RelationshipEventRow>({
  name: 'RelationshipEvent',
  tableName: 'relationship_events',
  columns: {
    id: rowKey(), subject_id: text(), counterpart_key: text(), counterpart_persona_id: textNull(), quality: real(),
    minutes: real(), context: text(), source: text(), deltas: json(), at: text(),
  },
});
