import type { DomainEventName } from '../../shared/index.ts';

/**
 * The domain event names the dashboard listens to on `/api/events`. Kept as a plain list so the
 * first screen does not evaluate zod; the type checks below fail the renderer's typecheck when
 * src/shared adds or renames an event and this list is not updated.
 */
export const DOMAIN_EVENTS = [
  'persona.created', 'persona.updated', 'persona.deleted', 'emotion.changed', 'visual.changed',
  'relationship.changed', 'memory.changed', 'chat.turn', 'conversation.turn', 'conversation.ended',
  'decay.completed', 'prune.completed', 'retention.completed',
] as const satisfies readonly DomainEventName[];

type Missing = Exclude<DomainEventName, (typeof DOMAIN_EVENTS)[number]>;
/** Compile-time proof that every shared event name is listed (resolves to `true` only when none is missing). */
export const EVENT_LIST_COMPLETE: [Missing] extends [never] ? true : { missing: Missing } = true;
