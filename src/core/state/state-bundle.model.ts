import { z } from 'zod';
import { ArchivedMemorySchema, MemorySchema, ParticipantSchema, RelationshipEventSchema, RelationshipSchema, SessionSchema, MessageSchema } from '../../shared/index.ts';

/** The state bundle of one persona, validated on load. */
export const StateBundleSchema = z.object({
  format: z.literal('persona-mcp/state'),
  version: z.number().int(),
  exported_at: z.string(),
  generator: z.string(),
  persona: z.object({ id: z.string(), version: z.number().int(), created_at: z.string(), updated_at: z.string(), card: z.record(z.string(), z.unknown()) }),
  interaction_state: z.record(z.string(), z.unknown()),
  emotional_state: z.record(z.string(), z.unknown()),
  visual_state: z.record(z.string(), z.unknown()),
  memories: z.array(MemorySchema).default([]),
  archived_memories: z.array(ArchivedMemorySchema).default([]),
  relationships: z.array(RelationshipSchema.extend({ counterpart_persona_id: z.string().nullable().optional(), events: z.array(RelationshipEventSchema).default([]) })).default([]),
  participants: z.array(ParticipantSchema).default([]),
  sessions: z.array(SessionSchema.extend({ messages: z.array(MessageSchema).default([]) })).default([]),
  counts: z.record(z.string(), z.number().int()).optional(),
});
/** A state bundle. */
export type StateBundle = z.infer<typeof StateBundleSchema>;
