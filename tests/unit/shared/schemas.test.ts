import { describe, expect, it } from 'vitest';
import {
  AppConfigSchema, BotConfigInputSchema, BotConfigSchema, ConversationSchema, DomainEventSchema, EmotionViewSchema,
  MemoryConfigSchema, MemorySchema, MessageSchema, ParticipantInputSchema, PersonaUpdateFieldsSchema, RelationshipSchema,
  SessionSchema, VisualManualFieldsSchema, VisualStateSchema, normalizeParticipantKey, participantKey, resolveParticipant,
} from '../../../src/shared/index.ts';
import { memoryFixture } from '../../support/fixtures.ts';

const AT = '2026-11-25T12:00:00.000Z';
const ID = 'a1a1a1a1-0000-4000-8000-000000000001';
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.path.join('.'));

describe('participant', () => {
  it('normalises the platform and resolves keys, platform api and the anonymous default whatever the transport', () => {
    const p = ParticipantInputSchema.parse({ id: '@bob:example.org', display_name: 'Bob', platform: 'Matrix' });
    expect(resolveParticipant(p)).toEqual({ key: 'matrix:@bob:example.org', platform: 'matrix', external_id: '@bob:example.org', display_name: 'Bob' });
    expect(resolveParticipant(undefined)).toEqual({ key: 'api:anonymous', platform: 'api', external_id: 'anonymous', display_name: 'User' });
    expect(resolveParticipant({ id: 'npc-7' }).display_name).toBe('npc-7');
  });
  it('matches ids case-insensitively on every platform but matrix; the display name keeps the spelling (docs/memory.md, Identity)', () => {
    expect(resolveParticipant({ id: 'Carol' })).toEqual({ key: 'api:carol', platform: 'api', external_id: 'carol', display_name: 'Carol' });
    expect(resolveParticipant({ id: 'carol' }).key).toBe('api:carol');
    expect(resolveParticipant({ id: 'DaVe', platform: 'discord' }).key).toBe('discord:dave');
    expect(resolveParticipant({ id: '@Bob:HS', platform: 'matrix' }).key).toBe('matrix:@Bob:HS');
    expect(normalizeParticipantKey('API:Dave')).toBe('api:dave');
    expect(normalizeParticipantKey('Dave')).toBe('api:dave');
    expect(normalizeParticipantKey('Matrix:@Bob:HS')).toBe('matrix:@Bob:HS');
    expect(normalizeParticipantKey('persona:ABC')).toBe('persona:ABC');
    expect(participantKey('API', 'Eve')).toBe('api:eve');
  });
  it('rejects bad platforms and ids', () => {
    expect(paths(ParticipantInputSchema.safeParse({ id: '', platform: 'un real!' }))).toEqual(['id', 'platform']);
    expect(ParticipantInputSchema.safeParse({ id: 'x'.repeat(257) }).success).toBe(false);
  });
});

describe('memory', () => {
  it('accepts a full memory and rejects a bad visibility or timestamp', () => {
    expect(MemorySchema.parse(memoryFixture(ID))).toBeTruthy();
    expect(paths(MemorySchema.safeParse({ ...memoryFixture(ID), visibility: 'everyone', created_at: 'yesterday' }))).toEqual(['visibility', 'created_at']);
  });
});

describe('relationship, emotion, visual, conversation', () => {
  it('relationship types are the spec\'s ten', () => {
    const base = {
      subject_id: ID, counterpart_key: 'mcp:bob', affinity: 0, trust: 0, respect: 0, familiarity: 0, type_locked: false,
      interaction_count: 0, total_interaction_time: 0, recent_interaction_quality: 0, first_meeting: AT, last_interaction: AT, memorable_moments: [],
    };
    for (const t of ['stranger', 'acquaintance', 'friend', 'close_friend', 'rival', 'enemy', 'mentor', 'student', 'romantic', 'family']) {
      expect(RelationshipSchema.safeParse({ ...base, relationship_type: t }).success).toBe(true);
    }
    expect(RelationshipSchema.safeParse({ ...base, relationship_type: 'frenemy' }).success).toBe(false);
  });
  it('emotion views carry one of the eight labels', () => {
    const view = { mood: 0.5, energy_level: 0.7, stress_level: 0.3, curiosity: 0.6, social_battery: 0.5, emotion: 'content',
      baseline: { mood: 0.5, energy_level: 0.7, stress_level: 0.3, curiosity: 0.6 }, last_updated: AT };
    expect(EmotionViewSchema.safeParse(view).success).toBe(true);
    expect(EmotionViewSchema.safeParse({ ...view, emotion: 'grumpy' }).success).toBe(false);
    expect(paths(EmotionViewSchema.safeParse({ ...view, baseline: { ...view.baseline, mood: 2 } }))).toEqual(['baseline.mood']);
  });
  it('visual cues validate tags, intensity and counts', () => {
    expect(VisualManualFieldsSchema.safeParse({ expression: 'happy', animation_tags: ['a'], intensity: 1 }).success).toBe(true);
    expect(paths(VisualManualFieldsSchema.safeParse({ expression: 'Happy Face', animation_tags: Array(17).fill('t'), intensity: -0.1 })))
      .toEqual(['expression', 'animation_tags', 'intensity']);
    expect(VisualStateSchema.safeParse({}).success).toBe(false);
  });
  it('sessions, messages and conversations', () => {
    const session = { id: ID, persona_id: ID, participant_key: 'mcp:bob', channel: 'conn:1', status: 'open', turn_count: 0, summary: null,
      summary_upto_seq: 0, created_at: AT, last_activity_at: AT, closed_at: null, last_connection_id: null };
    expect(SessionSchema.safeParse(session).success).toBe(true);
    expect(SessionSchema.safeParse({ ...session, status: 'paused' }).success).toBe(false);
    const msg = { id: ID, session_id: ID, conversation_id: null, seq: 1, role: 'persona', speaker_key: `persona:${ID}`, speaker_name: 'Aria',
      content: 'Hi', created_at: AT, llm: 'offline', model: null, response_type: 'offline', finish_reason: 'stop', tokens_used: 1,
      prompt_tokens: 10, continue_score: null, processing_time: 0.01, metadata: {} };
    expect(MessageSchema.safeParse(msg).success).toBe(true);
    expect(paths(MessageSchema.safeParse({ ...msg, seq: 0, content: 'x'.repeat(16_001) }))).toEqual(['seq', 'content']);
    const conv = { id: ID, participants: [ID], observers: [], channel: null, topic: 'general', topic_drift_count: 0, duration: 0, max_duration: 600,
      token_budget: 1000, tokens_used: 0, continue_score: 50, score_history: [], turn_count: 0, last_speaker_id: null, status: 'active',
      started_at: AT, ended_at: null, exit_reason: null };
    expect(paths(ConversationSchema.safeParse(conv))).toEqual(['participants']);
  });
});

describe('bot config', () => {
  it('fills the bot-config defaults and never exposes secrets in the public view', () => {
    const input = BotConfigInputSchema.parse({ homeserver_url: 'http://127.0.0.1:8008', user_id: '@aria:example.org', access_token: 'secret' });
    expect(input).toMatchObject({ enabled: true, autostart: false, auto_join_invites: true, reply_mode: 'smart', max_bot_chain: 2, max_replies_per_minute: 6, token_budget: 300 });
    const view = BotConfigSchema.parse({ ...input, persona_id: ID, has_access_token: true, has_password: false });
    expect('access_token' in view).toBe(false);
    expect(paths(BotConfigInputSchema.safeParse({ homeserver_url: 'ftp://x', user_id: 'aria' }))).toEqual(['homeserver_url', 'user_id']);
  });
});

describe('configuration and events', () => {
  it('memory config enforces weights with a positive sum and target < threshold ≤ max', () => {
    expect(MemoryConfigSchema.safeParse({ retrieval: { weights: { recency: 0, importance: 0, relevance: 0 } } }).success).toBe(false);
    expect(MemoryConfigSchema.safeParse({ retrieval: { browse_weights: { recency: 0, importance: 0 } } }).success).toBe(false);
    expect(paths(MemoryConfigSchema.safeParse({ pruning: { threshold: 21_000 } }))).toEqual(['pruning.threshold']);
    expect(paths(MemoryConfigSchema.safeParse({ pruning: { target: 18_000 } }))).toEqual(['pruning.target']);
    expect(MemoryConfigSchema.parse({}).decay).toMatchObject({ enabled: true, mode: 'access_based', interval_hours: 6 });
  });
  it('app config defaults bind to loopback with the spec ports and limits', () => {
    const c = AppConfigSchema.parse({});
    expect(c.server).toMatchObject({ host: '127.0.0.1', mcp_port: 8000, api_port: 8080, max_message_bytes: 1 << 20, max_connections: 100 });
    expect(c.limits).toMatchObject({ messages_per_second: 50, burst: 100, in_flight: 32, streams: 4, chat_queue: 4 });
    expect(AppConfigSchema.safeParse({ server: { mcp_port: 70000 } }).success).toBe(false);
  });
  it('persona update fields allow null to clear nickname and llm', () => {
    expect(PersonaUpdateFieldsSchema.parse({ nickname: null, llm: null })).toMatchObject({ nickname: null, llm: null });
  });
  it('domain events have a known name', () => {
    expect(DomainEventSchema.safeParse({ name: 'persona.created', persona_id: ID, at: AT, data: {} }).success).toBe(true);
    expect(DomainEventSchema.safeParse({ name: 'persona.exploded', persona_id: ID, at: AT, data: {} }).success).toBe(false);
  });
});
