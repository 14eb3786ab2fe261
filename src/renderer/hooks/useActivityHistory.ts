import { api } from '../api/endpoints.ts';
import { conversationItem, decayItem, sessionItem, type ActivityItem } from '../components/activity/activity-items.ts';
import { useApiData, type ApiData } from './useApiData.ts';

/** How many chat sessions and conversations the overview reads back. */
const SESSIONS = 8;
const CONVERSATIONS = 5;

/** What the recent activity reads on load: history lines and persona names by id (for live lines too). */
export interface ActivityHistory { items: ActivityItem[]; names: Map<string, string> }

async function loadHistory(): Promise<ActivityHistory> {
  const [personas, sessions, conversations, decay] = await Promise.all([
    api.listPersonas(), api.sessions(SESSIONS), api.conversations(CONVERSATIONS), api.decayStats(),
  ]);
  const names = new Map(personas.personas.map((p) => [p.id, p.name]));
  // The last messages of each session name the speaker and what they said last.
  const messages = await Promise.all(sessions.sessions.map((s) => api.sessionMessages(s.id, 4).then((h) => h.messages)));
  const items = [
    ...sessions.sessions.map((s, i) => sessionItem(s, messages[i] ?? [], names)),
    ...conversations.conversations.map((c) => conversationItem(c, names)),
  ];
  // The decay statistics are an open record on the wire; the feed reads the last run and its cycle.
  const stats = decay.decay_statistics as { last_run?: string | null; recent_cycle?: { personas_processed?: number; memories_decayed?: number } | null };
  const decayLine = decayItem(stats.last_run ?? null, stats.recent_cycle);
  if (decayLine) items.push(decayLine);
  return { items, names };
}

/**
 * The server's history for the overview's recent activity, read on mount and whenever `refresh`
 * changes: recent chat sessions with their last messages, persona conversations and the last decay cycle.
 */
export function useActivityHistory(refresh: number): ApiData<ActivityHistory> {
  return useApiData(loadHistory, [refresh]);
}
