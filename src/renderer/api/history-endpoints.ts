// Typed wrappers of the history routes the overview's recent activity reads on load (the server keeps
// chat sessions with their messages, persona conversations and memory-job runs; live events are not stored).
import type { ConversationView, Message, SessionView } from '../../shared/index.ts';
import { call } from './client.ts';

/** `GET /api/sessions` (chat sessions, latest activity first). */
export interface SessionListResult { sessions: SessionView[]; total: number }
/** `GET /api/history` (messages of a session or conversation, oldest first). */
export interface HistoryResult { id: string; kind: 'conversation' | 'session'; messages: Message[]; summary: string | null; has_more: boolean }
/** `GET /api/conversations` (persona ↔ persona conversations, newest first). */
export interface ConversationListResult { conversations: ConversationView[]; total: number }

/** Decay job history as `GET /api/memories/decay/stats` reports it (the fields the feed reads). */
export interface DecayStats {
  decay_statistics: { last_run: string | null; recent_cycle?: { personas_processed?: number; memories_decayed?: number } | null };
}

/** The history routes, one function per route. */
export const historyApi = {
  sessions: (limit: number) => call<SessionListResult>('GET', '/api/sessions', { status: 'all', limit }),
  sessionMessages: (sessionId: string, limit: number) => call<HistoryResult>('GET', '/api/history', { session_id: sessionId, limit }),
  conversations: (limit: number) => call<ConversationListResult>('GET', '/api/conversations', { status: 'all', limit }),
  decayStats: () => call<DecayStats>('GET', '/api/memories/decay/stats'),
};
