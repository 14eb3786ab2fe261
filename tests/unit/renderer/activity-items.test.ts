// The overview's recent activity: history lines from the server's records, live lines on top, a turn's
// side effects folded into it, and nothing told twice.
import { describe, expect, it } from 'vitest';
import type { ConversationView, Message, SessionView } from '../../../src/shared/index.ts';
import { conversationItem, liveItem, mergeActivity, sessionItem } from '../../../src/renderer/components/activity/activity-items.ts';

const ARIA = 'a1a1a1a1-0000-4000-8000-000000000001';
const names = new Map([[ARIA, 'Aria']]);
const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();

const session: SessionView = {
  id: '11111111-1111-4111-8111-111111111111', persona_id: ARIA, participant_key: 'api:quill', channel: 'api', status: 'open', turn_count: 2,
  summary: null, summary_upto_seq: 0, created_at: t(0), last_activity_at: t(10), closed_at: null, last_connection_id: null, message_count: 4,
};
const message = (seq: number, role: Message['role'], speaker: string, content: string): Message => ({
  id: `00000000-0000-4000-8000-00000000000${seq}`, session_id: session.id, conversation_id: null, seq, role, speaker_key: role === 'persona' ? `persona:${ARIA}` : 'api:quill',
  speaker_name: speaker, content, created_at: t(seq), llm: null, model: null, response_type: null, finish_reason: null, tokens_used: null, prompt_tokens: null,
  continue_score: null, processing_time: null, metadata: {},
});
const ev = (seq: number, name: string, at: string, data: Record<string, unknown> = {}) => ({ seq, name, receivedAt: Date.parse(at) + 5, data: { persona_id: ARIA, at, data } });

describe('recent activity', () => {
  it('tells a chat session by the speaker, the persona and the last thing said', () => {
    const item = sessionItem(session, [message(1, 'participant', 'Quill', 'Any news?'), message(2, 'persona', 'Aria', 'Some.'), message(3, 'participant', 'Quill', 'And the weather?'), message(4, 'persona', 'Aria', 'Rain.')], names);
    expect(item.text).toBe('Quill chatted with Aria (4 messages, api) — last: “And the weather?”');
    expect(item.at).toBe(Date.parse(t(10)));
  });

  it('puts live lines above history and folds a turn\'s emotion/avatar/memory lines into it', () => {
    const history = [sessionItem(session, [], names)];
    const live = [
      ev(1, 'emotion.changed', t(20), { emotional_state: { emotion: 'content', mood: 0.5 } }),
      ev(2, 'visual.changed', t(21), { visual: { expression: 'content' } }),
      ev(3, 'chat.turn', t(20), { participant_key: 'api:wren', message: 'Sing me something' }),
      ev(4, 'persona.updated', t(30), { name: 'Aria', changed_fields: ['description'] }),
    ].map((e) => liveItem(e, names));
    const feed = mergeActivity(history, live);
    expect(feed.map((i) => i.text)).toEqual([
      'Persona updated: Aria (description)',
      'wren → Aria: “Sing me something”',
      'quill chatted with Aria (4 messages, api)',
    ]);
  });

  it('drops a live turn the history read afterwards already tells', () => {
    const live = [liveItem(ev(1, 'chat.turn', t(10), { participant_key: 'api:quill', message: 'And the weather?' }), names)];
    expect(mergeActivity([sessionItem(session, [], names)], live).map((i) => i.source)).toEqual(['history']);
  });

  it('marks a conversation the autopilot started and tells a retention sweep', () => {
    const conv = {
      id: '22222222-2222-4222-8222-222222222222', participants: [ARIA], observers: [], channel: 'autopilot', topic: 'gossip', topic_drift_count: 0,
      duration: 30, max_duration: 600, token_budget: 500, tokens_used: 10, continue_score: 61, score_history: [61], turn_count: 1, last_speaker_id: ARIA,
      status: 'active', started_at: t(0), ended_at: null, exit_reason: null, message_count: 1, tokens_remaining: 490, should_continue: true,
    } satisfies ConversationView;
    expect(conversationItem(conv, names).text).toBe('Conversation of Aria about “gossip” (1 messages, active, started by the autopilot)');
    expect(conversationItem({ ...conv, channel: null }, names).text).toBe('Conversation of Aria about “gossip” (1 messages, active)');
    const sweep = liveItem({ seq: 1, name: 'retention.completed', receivedAt: 0, data: { persona_id: null, at: t(5), data: { memories_deleted: 3, retention_days: 30 } } }, names);
    expect(sweep.text).toBe('Archive retention: 3 archived memories older than 30 days deleted');
  });
});
