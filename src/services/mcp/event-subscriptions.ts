import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, DOMAIN_EVENT_NAMES, type DomainEvent } from '../../shared/index.ts';
import { notification, type RpcNotification } from './jsonrpc.model.ts';

/** Most subscriptions per connection (`events.subscribe` in docs/protocol.md). */
export const MAX_SUBSCRIPTIONS = 16;
/** Most undelivered events per connection before the oldest are dropped. */
export const MAX_QUEUED_EVENTS = 1000;

const NamePattern = z.union([z.enum(DOMAIN_EVENT_NAMES), z.string().regex(/^[a-z_]+(\.[a-z_]+)*\.\*$/, 'an event name or a prefix ending in .*')]);

/** `events.subscribe` params. */
export const SubscribeParamsSchema = z.object({
  persona_ids: z.array(z.string().trim().min(1).max(128)).max(64).optional(),
  names: z.array(NamePattern).max(64).optional(),
});

/** `events.unsubscribe` params. */
export const UnsubscribeParamsSchema = z.object({ subscription_id: z.uuid() });

interface Subscription {
  id: string;
  personaIds: Set<string> | null;
  names: string[] | null;
}

/** The event subscriptions and the outgoing event queue of one connection. */
export interface EventSubscriptions {
  /** Adds a subscription with persona ids already resolved; RATE_LIMITED beyond 16. */
  subscribe(personaIds: string[] | null, names: string[] | null): { subscription_id: string; persona_ids: string[] | null; names: string[] | null };
  /** Removes one; SUBSCRIPTION_NOT_FOUND when unknown. */
  unsubscribe(id: string): { subscription_id: string; unsubscribed: true };
  /** Offers a domain event to every matching subscription. */
  offer(event: DomainEvent): void;
  /** Queues a notification that is not an event (list-changed); duplicates still queued are coalesced. */
  enqueueControl(message: RpcNotification): void;
  /** Delivers queued messages while `send` accepts them (call again when the transport is writable). */
  flush(): void;
  queued(): number;
  clear(): void;
}

const nameMatches = (patterns: string[], name: string) =>
  patterns.some((p) => (p.endsWith('.*') ? name.startsWith(p.slice(0, -1)) : p === name));

/**
 * Creates the subscriptions of a connection. `send` returns false when the transport cannot take
 * more now (back-pressure, no open stream); messages then wait, at most 1000 events, oldest dropped
 * and reported with one `events.dropped` event. `seq` counts per connection, in delivery order.
 */
export function createEventSubscriptions(send: (message: RpcNotification) => boolean, now: () => Date = () => new Date()): EventSubscriptions {
  const subs = new Map<string, Subscription>();
  const queue: (RpcNotification | { event: DomainEvent; subscription_id: string })[] = [];
  let events = 0;
  let dropped = 0;
  let droppedSub = '';
  let seq = 0;

  const deliver = (subscriptionId: string, e: { name: string; persona_id: string | null; at: string; data: Record<string, unknown> }) =>
    notification('events.event', { subscription_id: subscriptionId, seq: seq + 1, name: e.name, persona_id: e.persona_id, at: e.at, data: e.data });

  const flush = () => {
    if (dropped > 0) {
      const msg = deliver(droppedSub, { name: 'events.dropped', persona_id: null, at: now().toISOString(), data: { count: dropped } });
      if (!send(msg)) return;
      seq += 1;
      dropped = 0;
    }
    while (queue.length) {
      const head = queue[0] as RpcNotification | { event: DomainEvent; subscription_id: string };
      const msg = 'event' in head ? deliver(head.subscription_id, head.event) : head;
      if (!send(msg)) return;
      if ('event' in head) {
        seq += 1;
        events -= 1;
      }
      queue.shift();
    }
  };

  return {
    subscribe(personaIds, names) {
      if (subs.size >= MAX_SUBSCRIPTIONS) {
        throw new AppError('RATE_LIMITED', `At most ${MAX_SUBSCRIPTIONS} subscriptions per connection`, { retryAfterMs: 1000, details: { max: MAX_SUBSCRIPTIONS } });
      }
      const id = randomUUID();
      const uniqueIds = personaIds ? [...new Set(personaIds)] : null;
      subs.set(id, { id, personaIds: uniqueIds ? new Set(uniqueIds) : null, names });
      return { subscription_id: id, persona_ids: uniqueIds, names };
    },
    unsubscribe(id) {
      if (!subs.delete(id)) throw new AppError('SUBSCRIPTION_NOT_FOUND', `No subscription ${id} on this connection`, { details: { subscription_id: id } });
      return { subscription_id: id, unsubscribed: true as const };
    },
    offer(event) {
      for (const sub of subs.values()) {
        if (sub.personaIds && (event.persona_id === null || !sub.personaIds.has(event.persona_id))) continue;
        if (sub.names && !nameMatches(sub.names, event.name)) continue;
        queue.push({ event, subscription_id: sub.id });
        events += 1;
      }
      while (events > MAX_QUEUED_EVENTS) {
        const i = queue.findIndex((m) => 'event' in m);
        const gone = queue.splice(i, 1)[0];
        if (dropped === 0 && gone && 'subscription_id' in gone) droppedSub = gone.subscription_id;
        dropped += 1;
        events -= 1;
      }
      flush();
    },
    enqueueControl(message) {
      if (!queue.some((m) => 'method' in m && m.method === message.method)) queue.push(message);
      flush();
    },
    flush,
    queued: () => queue.length,
    clear() {
      subs.clear();
      queue.length = 0;
      events = 0;
      dropped = 0;
    },
  };
}
