import { z } from 'zod';
import { TimestampSchema } from '../schemas/common.model.ts';

/** Names of live change events. */
export const DOMAIN_EVENT_NAMES = [
  'persona.created', 'persona.updated', 'persona.deleted', 'emotion.changed', 'visual.changed',
  'relationship.changed', 'memory.changed', 'chat.turn', 'conversation.turn', 'conversation.ended',
  'decay.completed', 'prune.completed', 'retention.completed',
] as const;

/** A domain event name. */
export const DomainEventNameSchema = z.enum(DOMAIN_EVENT_NAMES);
/** A domain event name. */
export type DomainEventName = z.infer<typeof DomainEventNameSchema>;

/** One change, as relayed between processes and delivered to subscribers (`events.event`, SSE). */
export const DomainEventSchema = z.object({
  name: DomainEventNameSchema,
  persona_id: z.string().nullable(),
  at: TimestampSchema,
  data: z.record(z.string(), z.unknown()),
  /** Process that produced it, so a relay never echoes an event back to its origin. */
  origin: z.string().optional(),
});
/** A domain event. */
export type DomainEvent = z.infer<typeof DomainEventSchema>;
