import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { onEvent, onStreamState, streamState, type LiveEvent, type StreamState } from './events-store.ts';

/**
 * Calls `handler` for live events whose name is in `names` (all events when omitted).
 * The handler may change between renders without resubscribing.
 */
export function useEvents(handler: (ev: LiveEvent) => void, names?: readonly string[]): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  const key = names?.join(',') ?? '*';
  useEffect(() => onEvent((ev) => {
    if (key === '*' || key.split(',').includes(ev.name)) ref.current(ev);
  }), [key]);
}

/** The live stream's connection state, re-rendering on change. */
export function useStreamState(): StreamState {
  return useSyncExternalStore(onStreamState, streamState);
}

/** A counter that increases with every matching event (use it as a reload dependency). */
export function useEventTick(names: readonly string[], filter?: (ev: LiveEvent) => boolean): number {
  const [tick, setTick] = useState(0);
  useEvents((ev) => {
    if (!filter || filter(ev)) setTick((t) => t + 1);
  }, names);
  return tick;
}
