// Results of the relationship.* operations (docs/protocol.md): the operations declare them as
// their output, and the dashboard infers its types from them.
import { z } from 'zod';
import { RelationshipEventSchema, RelationshipViewSchema } from './relationship.model.ts';

/** `relationship.get` result: one directed relationship, and the reverse for persona pairs. */
export const RelationshipGetResultSchema = z.object({
  relationship: RelationshipViewSchema.nullable(),
  reverse: RelationshipViewSchema.nullable(),
  exists: z.boolean(),
  events: z.array(RelationshipEventSchema).optional(),
  message: z.string().optional(),
});
/** `relationship.get` result. */
export type RelationshipGetResult = z.infer<typeof RelationshipGetResultSchema>;

/** `relationship.list` result: a persona's relationships, latest interaction first. */
export const RelationshipListResultSchema = z.object({
  persona_id: z.string(),
  relationships: z.array(RelationshipViewSchema.extend({ other_persona_id: z.string().nullable() })),
  total_relationships: z.number().int(),
});
/** `relationship.list` result. */
export type RelationshipListResult = z.infer<typeof RelationshipListResultSchema>;

/** One side of a relationship after `relationship.update`: axes, type, compatibility and strength. */
export const RelationshipSummarySchema = z.object({
  affinity: z.number(), trust: z.number(), respect: z.number(), familiarity: z.number(), relationship_type: z.string(),
  compatibility_score: z.number(), relationship_strength: z.number(),
});
/** One side of a relationship after `relationship.update`. */
export type RelationshipSummary = z.infer<typeof RelationshipSummarySchema>;

/** `relationship.update` result. */
export const RelationshipUpdateResultSchema = z.object({
  success: z.literal(true), message: z.string(), interaction_processed: z.object({ quality: z.number(), duration_minutes: z.number(), context: z.string() }),
  updated_relationship: RelationshipSummarySchema, reverse: RelationshipSummarySchema.optional(),
});
/** `relationship.update` result. */
export type RelationshipUpdateResult = z.infer<typeof RelationshipUpdateResultSchema>;

/** `relationship.compatibility` result. */
export const RelationshipCompatibilityResultSchema = z.object({
  persona1: z.object({ id: z.string(), name: z.string() }), persona2: z.object({ id: z.string(), name: z.string() }),
  compatibility_analysis: z.object({ overall: z.number(), personality: z.number(), social: z.number(), interests: z.number(), history: z.number(), prediction: z.string() }),
  interaction_suggestions: z.object({ interaction_style: z.string(), recommended_topics: z.array(z.string()), potential_challenges: z.array(z.string()), relationship_potential: z.string(), interaction_frequency: z.string() }),
  existing_relationship: z.boolean(),
});
/** `relationship.compatibility` result. */
export type RelationshipCompatibilityResult = z.infer<typeof RelationshipCompatibilityResultSchema>;

/** `relationship.stats` result. */
export const RelationshipStatsResultSchema = z.object({ relationship_statistics: z.object({
  total_relationships: z.number().int(), persona_relationships: z.number().int(), participant_relationships: z.number().int(),
  relationship_types: z.record(z.string(), z.number().int()), average_compatibility: z.number(), total_interactions: z.number().int(),
  most_active_personas: z.array(z.object({ persona_id: z.string(), name: z.string(), interactions: z.number().int() })),
}), timestamp: z.string() });
/** `relationship.stats` result. */
export type RelationshipStatsResult = z.infer<typeof RelationshipStatsResultSchema>;
