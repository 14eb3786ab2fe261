import type { DomainEvent } from '../../shared/index.ts';
import { getLogger } from '../logger/index.ts';

const log = getLogger('events');

/** Receives domain events. */
export type EventListener = (event: DomainEvent) => void;

/** In-process publish/subscribe of domain events; a failing listener never affects the emitter. */
export interface EventBus {
  emit(event: DomainEvent): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: EventListener): () => void;
  listenerCount(): number;
}

/** Creates an event bus. */
export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (err) {
          log.error({ err, event: event.name }, 'event listener failed');
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
  };
}
