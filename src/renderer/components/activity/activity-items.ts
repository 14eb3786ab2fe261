// Lines of the overview's recent activity: what the server's history says happened (chat sessions with
// their last message, persona conversations, the last decay cycle), then live events on top. A chat
// turn's consequences (emotion, visual, memory, relationship events of the same moment) fold into it.
import type { ConversationView, Message, SessionView } from '../../../shared/index.ts';

/** One line of the activity feed. */
export interface ActivityItem {
  key: string;
  /** When it happened (ms since epoch). */
  at: number;
  tag: string;
  text: string;
  persona_id: string | null;
  source: 'history' | 'live';
  /** Arrival order of a live line (0 for history lines). */
  seq: number;
}

/** A live event as the feed needs it: its name, data and when it arrived. */
export interface LiveEventLike { seq: number; name: string; data: unknown; receivedAt: number }

type Names = ReadonlyMap<string, string>;

const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const quote = (s: string) => `“${clip(s.trim())}”`;
const personaName = (names: Names, id: string | null | undefined) => (id ? names.get(id) ?? 'a deleted persona' : 'a persona');
/** `dashboard-mara` from `api:dashboard-mara`: the readable part of a participant key. */
const keyName = (key: string) => key.slice(key.indexOf(':') + 1) || key;

/** A chat session from the history: who talked with whom, how much, and the last thing said to the persona. */
export function sessionItem(s: SessionView, messages: readonly Message[], names: Names): ActivityItem {
  const said = [...messages].reverse().find((m) => m.role === 'participant');
  const who = said?.speaker_name || keyName(s.participant_key);
  const count = `${s.message_count} message${s.message_count === 1 ? '' : 's'}`;
  return {
    key: `session:${s.id}`, at: Date.parse(s.last_activity_at), tag: 'chat', persona_id: s.persona_id, source: 'history', seq: 0,
    text: `${who} chatted with ${personaName(names, s.persona_id)} (${count}, ${s.channel})${said ? ` — last: ${quote(said.content)}` : ''}`,
  };
}

/** A persona ↔ persona conversation from the history. */
export function conversationItem(c: ConversationView, names: Names): ActivityItem {
  const who = c.participants.map((id) => personaName(names, id)).join(', ');
  return {
    key: `conversation:${c.id}`, at: Date.parse(c.ended_at ?? c.started_at), tag: 'conversation', persona_id: null, source: 'history', seq: 0,
    text: `Conversation of ${who}${c.topic ? ` about ${quote(c.topic)}` : ''} (${c.message_count} messages, ${c.status}${c.channel === 'autopilot' ? ', started by the autopilot' : ''})`,
  };
}

/** The last memory decay cycle, when one ran. */
export function decayItem(lastRun: string | null, cycle: { personas_processed?: number; memories_decayed?: number } | null | undefined): ActivityItem | null {
  if (!lastRun) return null;
  const detail = cycle ? ` (${cycle.personas_processed ?? 0} personas, ${cycle.memories_decayed ?? 0} memories decayed)` : '';
  return { key: `decay:${lastRun}`, at: Date.parse(lastRun), tag: 'decay', persona_id: null, source: 'history', seq: 0, text: `Memory decay cycle${detail}` };
}

/** One line of text describing a live event. */
export function describeLiveEvent(ev: LiveEventLike, names: Names): string {
  const d = ev.data as { persona_id?: string | null; data?: Record<string, unknown>; state?: string; service?: string } | null;
  const inner = d?.data ?? {};
  const persona = String(inner.name ?? (d?.persona_id ? personaName(names, d.persona_id) : '?'));
  switch (ev.name) {
    case 'persona.created': return `Persona created: ${persona}`;
    case 'persona.updated': return `Persona updated: ${persona}${Array.isArray(inner.changed_fields) ? ` (${inner.changed_fields.join(', ')})` : ''}`;
    case 'persona.deleted': return `Persona deleted: ${persona}`;
    case 'emotion.changed': {
      const e = inner.emotional_state as { emotion?: string; mood?: number } | undefined;
      return `${persona}'s emotion → ${e?.emotion ?? '?'} (mood ${e?.mood?.toFixed(2) ?? '?'})`;
    }
    case 'memory.changed': return `${persona}: memory ${String(inner.change ?? 'changed')}`;
    case 'visual.changed': {
      const v = inner.visual as { expression?: string } | undefined;
      return `${persona}'s avatar → ${v?.expression ?? 'changed'}`;
    }
    case 'relationship.changed': return `${persona}: relationship changed`;
    case 'chat.turn': {
      const who = typeof inner.participant_key === 'string' ? keyName(inner.participant_key) : 'someone';
      return `${who} → ${persona}: ${quote(String(inner.message ?? ''))}`;
    }
    case 'retention.completed': return `Archive retention: ${String(inner.memories_deleted ?? 0)} archived memories older than ${String(inner.retention_days ?? '?')} days deleted`;
    case 'bot.status': return `${persona === '?' ? 'A' : `${persona}'s`} bot ${String((ev.data as { state?: string }).state)}`;
    case 'service.status': return `Service ${String(d?.service)} ${String(d?.state)}`;
    default: return persona === '?' ? ev.name : `${ev.name}: ${persona}`;
  }
}

/** A live event as a feed line (its own `at` when it carries one, else when it arrived). */
export function liveItem(ev: LiveEventLike, names: Names): ActivityItem {
  const d = ev.data as { persona_id?: string | null; at?: string } | null;
  const at = d?.at ? Date.parse(d.at) : ev.receivedAt;
  return { key: `live:${ev.seq}`, at: Number.isNaN(at) ? ev.receivedAt : at, tag: ev.name, text: describeLiveEvent(ev, names), persona_id: d?.persona_id ?? null, source: 'live', seq: ev.seq };
}

const TURN_TAGS = new Set(['chat.turn', 'conversation.turn']);
/** Lines of the same persona this close to a turn are its consequences (emotion, avatar, memory, relationship). */
const TURN_WINDOW_MS = 2000;
const HISTORY_KINDS = new Set(['chat.turn', 'conversation.turn', 'conversation.ended', 'decay.completed']);

/**
 * The feed, newest first: history lines, then live lines. A live turn, conversation end or decay no
 * newer than the newest history line is already told by the history (it was read after the event);
 * the emotion/visual/memory/relationship lines of a turn fold into that turn's line.
 */
export function mergeActivity(history: readonly ActivityItem[], live: readonly ActivityItem[], limit = 30): ActivityItem[] {
  const toldUpTo = history.reduce((max, i) => Math.max(max, i.at), Number.NEGATIVE_INFINITY);
  const turns = live.filter((i) => TURN_TAGS.has(i.tag));
  const partOfTurn = (i: ActivityItem) => turns.some((t) => t.persona_id === i.persona_id && Math.abs(t.at - i.at) <= TURN_WINDOW_MS);
  const kept = live.filter((i) => {
    if (HISTORY_KINDS.has(i.tag) && i.at <= toldUpTo) return false;
    return TURN_TAGS.has(i.tag) || !partOfTurn(i);
  });
  // Newest first; at the same moment a later live line goes above an earlier one and above history.
  return [...kept, ...history].sort((a, b) => b.at - a.at || b.seq - a.seq).slice(0, limit);
}
