import type { RelationshipRow } from '../db/index.ts';
import { classifyRelationship } from '../relationship/relationship.model.ts';

// Two relationships of one persona, to two keys of the same person, become one (docs/memory.md
// "Who is who"): counts and time summed, the axes averaged weighted by interaction count, earliest
// first meeting, latest interaction, memorable moments of both in time order.

const MAX_MOMENTS = 20;

/** The weighted mean of a field by interaction count (a plain mean when neither has interactions). */
function weighted(a: RelationshipRow, b: RelationshipRow, field: 'affinity' | 'trust' | 'respect' | 'familiarity'): number {
  const wa = a.interaction_count;
  const wb = b.interaction_count;
  if (wa + wb === 0) return (a[field] + b[field]) / 2;
  return (a[field] * wa + b[field] * wb) / (wa + wb);
}

/** `primary` and `secondary` (same subject) merged into one row keyed by the primary's counterpart. */
export function mergeRelationships(primary: RelationshipRow, secondary: RelationshipRow): RelationshipRow {
  const latest = primary.last_interaction >= secondary.last_interaction ? primary : secondary;
  const axes = {
    affinity: weighted(primary, secondary, 'affinity'), trust: weighted(primary, secondary, 'trust'),
    respect: weighted(primary, secondary, 'respect'), familiarity: weighted(primary, secondary, 'familiarity'),
  };
  const interaction_count = primary.interaction_count + secondary.interaction_count;
  const locked = primary.type_locked ? primary : secondary.type_locked ? secondary : null;
  return {
    ...primary,
    ...axes,
    interaction_count,
    total_interaction_time: primary.total_interaction_time + secondary.total_interaction_time,
    recent_interaction_quality: latest.recent_interaction_quality,
    first_meeting: primary.first_meeting <= secondary.first_meeting ? primary.first_meeting : secondary.first_meeting,
    last_interaction: latest.last_interaction,
    relationship_type: locked ? locked.relationship_type : classifyRelationship({ ...axes, interaction_count }),
    type_locked: locked !== null,
    memorable_moments: [...primary.memorable_moments, ...secondary.memorable_moments].sort((x, y) => x.at.localeCompare(y.at)).slice(-MAX_MOMENTS),
  };
}
