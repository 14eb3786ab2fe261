import { useState } from 'react';
import { recentEvents } from '../hooks/events-store.ts';
import { useActivityHistory } from '../hooks/useActivityHistory.ts';
import { useEvents } from '../hooks/useEvents.ts';
import { liveItem, mergeActivity } from './activity/activity-items.ts';
import { EmptyState } from './EmptyState.tsx';
import { ErrorBox } from './ErrorBox.tsx';

/**
 * Recent activity: what the server's history holds (chats, persona conversations, the last decay
 * cycle), read on load and on `refresh`, then every live event on top as it arrives.
 */
export function ActivityFeed({ limit = 30, refresh = 0 }: { limit?: number; refresh?: number }) {
  const [, setTick] = useState(0);
  useEvents(() => setTick((t) => t + 1));
  const history = useActivityHistory(refresh);
  const names = history.data?.names ?? new Map<string, string>();
  const items = mergeActivity(history.data?.items ?? [], recentEvents().map((ev) => liveItem(ev, names)), limit);
  const error = <ErrorBox error={history.error} title="Could not read the activity history" onRetry={history.reload} />;
  if (!items.length) {
    if (history.loading) return <div className="muted">Loading…</div>;
    return <>{error}<EmptyState title="No activity yet" testId="activity-empty">Chats, persona conversations and memory jobs appear here, and every change from the dashboard, MCP clients and bots as it happens.</EmptyState></>;
  }
  return (
    <>
      {error}
      <ul className="feed" data-testid="activity-feed">
        {items.map((item) => (
          <li key={item.key} data-testid="activity-item" data-source={item.source}>
            <time dateTime={new Date(item.at).toISOString()} title={new Date(item.at).toLocaleString()}>{timeText(item.at)}</time>
            <span className="tag">{item.tag}</span>
            <span>{item.text}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Time of day for today, date and time for earlier days. */
function timeText(at: number): string {
  const d = new Date(at);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}
