import { z } from 'zod';
import { TimestampSchema } from './common.model.ts';

/** Relationship types: computed ones and the manual-only ones. */
export const RelationshipTypeSchema = z.enum([
  'stranger', 'acquaintance', 'friend', 'close_friend', 'rival', 'enemy',
  'mentor', 'student', 'romantic', 'family',
]);
/** Relationship type. */
export type RelationshipType = z.infer<typeof RelationshipTypeSchema>;

/** A moment kept when |quality| > 0.7. */
export const MemorableMomentSchema = z.object({
  at: TimestampSchema,
  quality: z.number(),
  context: z.string(),
  minutes: z.number(),
  note: z.string().optional(),
});

/** A stored directed relationship: subject persona → counterpart key. */
export const RelationshipSchema = z.object({
  subject_id: z.string(),
  counterpart_key: z.string(),
  affinity: z.number(),
  trust: z.number(),
  respect: z.number(),
  familiarity: z.number(),
  relationship_type: RelationshipTypeSchema,
  type_locked: z.boolean(),
  interaction_count: z.number().int(),
  total_interaction_time: z.number(),
  recent_interaction_quality: z.number(),
  first_meeting: TimestampSchema,
  last_interaction: TimestampSchema,
  memorable_moments: z.array(MemorableMomentSchema),
});
/** A stored relationship. */
export type Relationship = z.infer<typeof RelationshipSchema>;

/** `RelationshipView`: stored fields, derived values and the legacy keys. */
export const RelationshipViewSchema = RelationshipSchema.extend({
  relationship_strength: z.number(),
  compatibility_score: z.number(),
  persona1_id: z.string(),
  persona2_id: z.string(),
  intimacy: z.number(),
  counterpart: z.object({ kind: z.enum(['persona', 'participant']), id: z.string(), name: z.string() }),
});
/** Relationship view. */
export type RelationshipView = z.infer<typeof RelationshipViewSchema>;

/** One row of a relationship's inspectable history. */
export const RelationshipEventSchema = z.object({
  subject_id: z.string(),
  counterpart_key: z.string(),
  quality: z.number(),
  minutes: z.number(),
  context: z.string(),
  source: z.enum(['chat', 'conversation', 'manual']),
  deltas: z.object({ affinity: z.number(), trust: z.number(), respect: z.number(), familiarity: z.number() }),
  at: TimestampSchema,
});
/** Relationship event. */
export type RelationshipEvent = z.infer<typeof RelationshipEventSchema>;
