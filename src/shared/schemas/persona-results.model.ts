// Results of the persona.* operations (docs/protocol.md): the operations declare them as their
// output, and the dashboard infers its types from them.
import { z } from 'zod';
import { PersonaSummarySchema, PersonaViewSchema, PrioritySchema, InteractionStateViewSchema } from './persona.model.ts';
import { EmotionViewSchema } from './emotion.model.ts';
import { RelationshipViewSchema } from './relationship.model.ts';
import { MemoryStatsResultSchema } from './memory-results.model.ts';

/** `persona.list` result. */
export const PersonaListResultSchema = z.object({ personas: z.array(PersonaSummarySchema), total_count: z.number().int(), available_count: z.number().int() });
/** `persona.list` result. */
export type PersonaListResult = z.infer<typeof PersonaListResultSchema>;

/** `persona.get` result. */
export const PersonaGetResultSchema = z.object({ persona: PersonaViewSchema });
/** `persona.get` result. */
export type PersonaGetResult = z.infer<typeof PersonaGetResultSchema>;

/** `persona.create` result. */
export const PersonaCreateResultSchema = z.object({ persona_id: z.string(), name: z.string(), created: z.literal(true), persona: PersonaViewSchema });
/** `persona.create` result. */
export type PersonaCreateResult = z.infer<typeof PersonaCreateResultSchema>;

/** `persona.update` result. */
export const PersonaUpdateResultSchema = z.object({
  persona_id: z.string(), updated: z.literal(true), version: z.number().int(),
  changed_fields: z.array(z.string()), persona: PersonaViewSchema,
});
/** `persona.update` result. */
export type PersonaUpdateResult = z.infer<typeof PersonaUpdateResultSchema>;

/** `persona.delete` result: what was removed with the persona. */
export const PersonaDeleteResultSchema = z.object({
  persona_id: z.string(), name: z.string(), deleted: z.literal(true), message: z.string(),
  deleted_counts: z.object({
    memories: z.number().int(), archived_memories: z.number().int(), relationships: z.number().int(),
    sessions: z.number().int(), messages: z.number().int(), conversations: z.number().int(),
  }),
  /**
   * The persona's Matrix bot, handled before the persona went: `stopped` — a running bot process was
   * stopped by the host; `config_removed` — a bot configuration existed and was removed with its
   * secrets; `host_attached` — false when no host was reachable (CLI `call`, a service run alone), so
   * no supervised bot could be asked to stop.
   */
  bot: z.object({ stopped: z.boolean(), config_removed: z.boolean(), host_attached: z.boolean() }),
});
/** `persona.delete` result. */
export type PersonaDeleteResult = z.infer<typeof PersonaDeleteResultSchema>;

/** `persona.switch` result. */
export const PersonaSwitchResultSchema = z.object({ persona_id: z.string(), name: z.string(), description: z.string(), status: z.literal('active'), social_energy: z.number(), available_time: z.number(), current_priority: PrioritySchema });
/** `persona.switch` result. */
export type PersonaSwitchResult = z.infer<typeof PersonaSwitchResultSchema>;

/** `persona.status` result: the persona with interaction state, emotion and memory statistics. */
export const PersonaStatusResultSchema = z.object({
  persona: z.object({ id: z.string(), name: z.string(), description: z.string(), personality_traits: z.record(z.string(), z.number()), topic_preferences: z.record(z.string(), z.number()), charisma: z.number(), intelligence: z.number(), social_rank: z.string() }),
  interaction_state: InteractionStateViewSchema, emotional_state: EmotionViewSchema, memory_stats: MemoryStatsResultSchema,
});
/** `persona.status` result. */
export type PersonaStatusResult = z.infer<typeof PersonaStatusResultSchema>;

/** `persona.memory` result (legacy). */
export const PersonaMemoryResultSchema = z.object({ memories: z.array(z.object({ id: z.string(), content: z.string(), importance: z.number(), memory_type: z.string(), created_at: z.string() })), query: z.string(), total_found: z.number().int() });
/** `persona.memory` result. */
export type PersonaMemoryResult = z.infer<typeof PersonaMemoryResultSchema>;

/** `persona.relationship` result (legacy): one target's relationship, or all of them. */
export const PersonaRelationshipResultSchema = z.union([
  z.object({ current_persona: z.string(), target_persona: z.string(), relationship: RelationshipViewSchema.nullable() }),
  z.object({ current_persona: z.string(), relationships: z.array(RelationshipViewSchema) }),
]);
/** `persona.relationship` result. */
export type PersonaRelationshipResult = z.infer<typeof PersonaRelationshipResultSchema>;

/** `persona.import` result. */
export const PersonaImportResultSchema = z.object({ persona_id: z.string(), name: z.string(), created: z.boolean(), replaced: z.boolean(), source_spec: z.enum(['chara_card_v1', 'chara_card_v2', 'chara_card_v3']), warnings: z.array(z.string()) });
/** `persona.import` result. */
export type PersonaImportResult = z.infer<typeof PersonaImportResultSchema>;

/** `persona.export` result: the card as JSON or as a base64 PNG. */
export const PersonaExportResultSchema = z.object({ persona_id: z.string(), spec: z.enum(['v3', 'v2']), format: z.enum(['json', 'png']), card: z.record(z.string(), z.unknown()).optional(), png_base64: z.string().optional(), filename: z.string() });
/** `persona.export` result. */
export type PersonaExportResult = z.infer<typeof PersonaExportResultSchema>;
