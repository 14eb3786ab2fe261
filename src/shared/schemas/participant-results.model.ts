// Results of the participant.* operations (docs/memory.md "Who is who"): the operations declare them
// as their output, and the dashboard's People page infers its types from them.
import { z } from 'zod';
import { ParticipantSchema } from './participant.model.ts';
import { RelationshipTypeSchema } from './relationship.model.ts';

/** One alias of a participant: a key folded into it by `participant.link`. */
export const ParticipantAliasSchema = z.object({ key: z.string(), linked_at: z.string() });
/** One alias of a participant. */
export type ParticipantAlias = z.infer<typeof ParticipantAliasSchema>;

/** A participant as listed: the stored row and its alias keys. */
export const ParticipantSummarySchema = ParticipantSchema.extend({ aliases: z.array(z.string()) });
/** A participant as listed. */
export type ParticipantSummary = z.infer<typeof ParticipantSummarySchema>;

/** `participant.list` result: most recently seen first; `next_cursor` continues the list (null at the end). */
export const ParticipantListResultSchema = z.object({
  participants: z.array(ParticipantSummarySchema),
  total: z.number().int(),
  next_cursor: z.string().nullable(),
});
/** `participant.list` result. */
export type ParticipantListResult = z.infer<typeof ParticipantListResultSchema>;

/** A fact a persona holds about a participant: active, superseded (with its successor) or otherwise archived. */
export const ParticipantFactSchema = z.object({
  id: z.string(),
  content: z.string(),
  fact_key: z.string().nullable(),
  source_key: z.string().nullable(),
  importance: z.number(),
  created_at: z.string(),
  status: z.enum(['active', 'superseded', 'archived']),
  archived_at: z.string().nullable(),
  superseded_by: z.string().nullable(),
});
/** A fact a persona holds about a participant. */
export type ParticipantFact = z.infer<typeof ParticipantFactSchema>;

/** A persona's relationship with a participant, in short. */
export const ParticipantRelationshipSchema = z.object({
  relationship_type: RelationshipTypeSchema,
  affinity: z.number(), trust: z.number(), respect: z.number(), familiarity: z.number(),
  interaction_count: z.number().int(), first_meeting: z.string(), last_interaction: z.string(),
});
/** A persona's relationship with a participant, in short. */
export type ParticipantRelationship = z.infer<typeof ParticipantRelationshipSchema>;

/** What one persona holds about a participant: the relationship (null when none) and the facts. */
export const ParticipantPersonaViewSchema = z.object({
  persona_id: z.string(),
  persona_name: z.string(),
  relationship: ParticipantRelationshipSchema.nullable(),
  facts: z.array(ParticipantFactSchema),
});
/** What one persona holds about a participant. */
export type ParticipantPersonaView = z.infer<typeof ParticipantPersonaViewSchema>;

/** One `participant.link` audit row. */
export const ParticipantLinkRecordSchema = z.object({
  id: z.string(), primary_key: z.string(), secondary_key: z.string(), linked_at: z.string(), counts: z.record(z.string(), z.number()),
});
/** One `participant.link` audit row. */
export type ParticipantLinkRecord = z.infer<typeof ParticipantLinkRecordSchema>;

/** `participant.get` result: the participant, its aliases, and per persona the relationship and facts. */
export const ParticipantGetResultSchema = z.object({
  participant: ParticipantSchema,
  /** The key asked for, when it was an alias resolved to `participant.key`. */
  resolved_from: z.string().nullable(),
  aliases: z.array(ParticipantAliasSchema),
  personas: z.array(ParticipantPersonaViewSchema),
  links: z.array(ParticipantLinkRecordSchema),
});
/** `participant.get` result. */
export type ParticipantGetResult = z.infer<typeof ParticipantGetResultSchema>;

/** `participant.link` result: what was re-keyed, merged and consolidated. */
export const ParticipantLinkResultSchema = z.object({
  success: z.literal(true),
  primary: z.string(),
  secondary: z.string(),
  aliases: z.array(z.string()),
  moved: z.record(z.string(), z.number().int()),
  relationships_moved: z.number().int(),
  relationships_merged: z.number().int(),
  facts_superseded: z.number().int(),
  link_id: z.string(),
});
/** `participant.link` result. */
export type ParticipantLinkResult = z.infer<typeof ParticipantLinkResultSchema>;

/** `participant.forget` result: the keys forgotten and how many rows went, per kind. */
export const ParticipantForgetResultSchema = z.object({
  success: z.literal(true),
  key: z.string(),
  keys: z.array(z.string()),
  participant_found: z.boolean(),
  deleted: z.record(z.string(), z.number().int()),
});
/** `participant.forget` result. */
export type ParticipantForgetResult = z.infer<typeof ParticipantForgetResultSchema>;
