// Live events from `GET /api/events`, kept outside React so every page sees the same stream:
// a ring of recent events for the activity feed and per-persona emotion history for the charts.
import type { EmotionView } from '../../shared/index.ts';
import { openEventSource } from '../api/client.ts';
import { DOMAIN_EVENTS } from './event-names.ts';

/** One event as received: its SSE name, its parsed data and when it arrived. */
export interface LiveEvent {
  seq: number;
  name: string;
  data: unknown;
  receivedAt: number;
}

/** A point of a persona's emotion over time. */
export interface EmotionPoint {
  at: number;
  mood: number;
  energy_level: number;
  stress_level: number;
  curiosity: number;
  social_battery: number;
}

/** Connection state of the event stream. */
export type StreamState = 'connecting' | 'open' | 'error';

/** SSE names the PersonaAPI sends besides the domain events. */
export const SYSTEM_EVENT_NAMES = ['hello', 'bot.status', 'bot.log', 'service.status'] as const;

type Listener = (ev: LiveEvent) => void;

const MAX_RECENT = 100;
const MAX_POINTS = 500;
const listeners = new Set<Listener>();
const stateListeners = new Set<() => void>();
const emotionHistory = new Map<string, EmotionPoint[]>();
let recent: LiveEvent[] = [];
let state: StreamState = 'connecting';
let source: EventSource | null = null;
let seq = 0;

/** Adds an emotion reading to a persona's history (from events, chat results or a fetch). */
export function recordEmotion(personaId: string, view: EmotionView, at = Date.now()): void {
  const points = emotionHistory.get(personaId) ?? [];
  const last = points[points.length - 1];
  const point = { at, mood: view.mood, energy_level: view.energy_level, stress_level: view.stress_level, curiosity: view.curiosity, social_battery: view.social_battery };
  if (last && last.at === at) points[points.length - 1] = point;
  else points.push(point);
  if (points.length > MAX_POINTS) points.splice(0, points.length - MAX_POINTS);
  emotionHistory.set(personaId, points);
}

/** The recorded emotion history of a persona, oldest first. */
export function emotionPoints(personaId: string): EmotionPoint[] {
  return emotionHistory.get(personaId) ?? [];
}

/** The most recent events, newest first. */
export function recentEvents(): LiveEvent[] {
  return recent;
}

/** The event stream's connection state. */
export function streamState(): StreamState {
  return state;
}

function setState(next: StreamState): void {
  if (state === next) return;
  state = next;
  for (const l of [...stateListeners]) l();
}

function dispatch(name: string, raw: string): void {
  let data: unknown = raw;
  try {
    data = JSON.parse(raw);
  } catch {
    // keep the text
  }
  const ev: LiveEvent = { seq: ++seq, name, data, receivedAt: Date.now() };
  if (name === 'emotion.changed') {
    const d = data as { persona_id?: string; at?: string; data?: { emotional_state?: EmotionView } };
    if (d.persona_id && d.data?.emotional_state) recordEmotion(d.persona_id, d.data.emotional_state, d.at ? Date.parse(d.at) : Date.now());
  }
  if (name !== 'hello' && name !== 'bot.log') recent = [ev, ...recent].slice(0, MAX_RECENT);
  for (const l of [...listeners]) l(ev);
}

/** Opens the stream once (EventSource reconnects by itself after errors). */
export function connectEvents(): void {
  if (source) return;
  const es = openEventSource();
  source = es;
  es.onopen = () => setState('open');
  es.onerror = () => setState(es.readyState === EventSource.CLOSED ? 'error' : 'connecting');
  for (const name of [...DOMAIN_EVENTS, ...SYSTEM_EVENT_NAMES]) {
    es.addEventListener(name, (e) => dispatch(name, (e as MessageEvent<string>).data));
  }
}

/** Listens to every event; returns the function that stops listening. */
export function onEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Listens to connection-state changes. */
export function onStreamState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}
