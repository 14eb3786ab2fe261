import { useState } from 'react';
import { recentEvents, type LiveEvent } from '../hooks/events-store.ts';
import { useEvents } from '../hooks/useEvents.ts';
import { EmptyState } from './EmptyState.tsx';

/** One line of text describing a live event. */
export function describeEvent(ev: LiveEvent): string {
  const d = ev.data as { persona_id?: string | null; data?: Record<string, unknown>; state?: string; service?: string } | null;
  const inner = d?.data ?? {};
  switch (ev.name) {
    case 'persona.created': return `Persona created: ${String(inner.name ?? d?.persona_id)}`;
    case 'persona.updated': return `Persona updated: ${String(inner.name ?? d?.persona_id)}${Array.isArray(inner.changed_fields) ? ` (${inner.changed_fields.join(', ')})` : ''}`;
    case 'persona.deleted': return `Persona deleted: ${String(inner.name ?? d?.persona_id)}`;
    case 'emotion.changed': {
      const e = inner.emotional_state as { emotion?: string; mood?: number } | undefined;
      return `Emotion changed → ${e?.emotion ?? '?'} (mood ${e?.mood?.toFixed(2) ?? '?'})`;
    }
    case 'memory.changed': return `Memory ${String(inner.change ?? 'changed')}`;
    case 'chat.turn': return 'Chat turn';
    case 'bot.status': return `Bot ${String((ev.data as { state?: string }).state)}`;
    case 'service.status': return `Service ${String(d?.service)} ${String(d?.state)}`;
    default: return ev.name;
  }
}

/** The live activity feed: the newest events first, updating as they arrive. */
export function ActivityFeed({ limit = 30 }: { limit?: number }) {
  const [, setTick] = useState(0);
  useEvents(() => setTick((t) => t + 1));
  const events = recentEvents().slice(0, limit);
  if (!events.length) return <EmptyState title="No activity yet" testId="activity-empty">Changes from the dashboard, MCP clients and bots appear here live.</EmptyState>;
  return (
    <ul className="feed" data-testid="activity-feed">
      {events.map((ev) => (
        <li key={ev.seq}>
          <time>{new Date(ev.receivedAt).toLocaleTimeString()}</time>
          <span className="tag">{ev.name}</span>
          <span>{describeEvent(ev)}</span>
        </li>
      ))}
    </ul>
  );
}
