import { api } from '../api/endpoints.ts';
import { historyApi } from '../api/history-endpoints.ts';
import { conversationItem, decayItem, sessionItem, type ActivityItem } from '../components/activity/activity-items.ts';
import { useApiData, type ApiData } from './useApiData.ts';

/** How many chat sessions and conversations the overview reads back. */
const SESSIONS = 8;
const CONVERSATIONS = 5;

/** What the recent activity reads on load: history lines and persona names by id (for live lines too). */
export interface ActivityHistory { items: ActivityItem[]; names: Map<string, string> }

async function loadHistory(): Promise<ActivityHistory> {
  const [personas, sessions, conversations, decay] = await Promise.all([
    api.listPersonas(), historyApi.sessions(SESSIONS), historyApi.conversations(CONVERSATIONS), historyApi.decayStats(),
  ]);
  const names = new Map(personas.personas.map((p) => [p.id, p.name]));
  // The last messages of each session name the speaker and what they said last.
  const messages = await Promise.all(sessions.sessions.map((s) => historyApi.sessionMessages(s.id, 4).then((h) => h.messages)));
  const items = [
    ...sessions.sessions.map((s, i) => sessionItem(s, messages[i] ?? [], names)),
    ...conversations.conversations.map((c) => conversationItem(c, names)),
  ];
  const decayLine = decayItem(decay.decay_statistics.last_run, decay.decay_statistics.recent_cycle);
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
