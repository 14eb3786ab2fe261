import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  AppError, isoNow, personaKey, type Conversation, type ConversationView, type DomainEvent, type InteractionStateView, type Persona, type VisualRecord,
} from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import type { ConversationListFilter } from './conversation.repository.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { interactionView, regeneratedInteractionRow } from '../state/state-views.model.ts';
import { effectiveVisual, requireVisualRecord } from '../emotion/visual.service.ts';
import { compatibilityScore } from '../relationship/relationship.model.ts';
import {
  chooseSpeaker, continueScore, conversationCooldown, otherFor, shouldContinue, type ContinueScoreInput,
} from './continue-score.model.ts';

// Persona ↔ persona conversations: start, end with cooldowns, status and list. Turns live in
// conversation-turn.ts.

/** A validated `conversation.start` request with persona references resolved later. */
export interface StartRequest {
  participants: string[];
  topic: string;
  token_budget?: number;
  max_duration?: number;
  channel?: string;
  /** Participant keys of the observers. */
  observers: string[];
  force: boolean;
}

/** Cooldown seconds by persona id. */
export type Cooldowns = Record<string, number>;

/** The conversation row of `id`, or null. */
export function getConversation(em: EntityManager, id: string): Conversation | null {
  return createRepositories(em).conversations.get(id);
}

/** The conversation of `id` (else CONVERSATION_NOT_FOUND), or of the connection's last one when omitted. */
export function requireConversation(em: EntityManager, id: string | null | undefined): Conversation {
  if (!id) throw new AppError('CONVERSATION_NOT_FOUND', 'No conversation_id given and this connection has not started a conversation', { details: { conversation_id: null } });
  const conv = getConversation(em, id);
  if (!conv) throw new AppError('CONVERSATION_NOT_FOUND', `Conversation not found: ${id}`, { details: { conversation_id: id } });
  return conv;
}

/** Throws CONFLICT unless the conversation is active. */
export function assertActive(conv: Conversation): void {
  if (conv.status !== 'active') {
    throw new AppError('CONFLICT', `Conversation ${conv.id} has already ended (${conv.exit_reason ?? 'ended'})`, {
      details: { conversation_id: conv.id, status: conv.status, exit_reason: conv.exit_reason },
    });
  }
}

/** Writes a conversation row. */
export function saveConversation(em: EntityManager, conv: Conversation): void {
  createRepositories(em).conversations.save(conv);
}

/** `ConversationView`: the row plus message_count, tokens_remaining, should_continue (false once ended). */
export function conversationView(em: EntityManager, core: CoreContext, conv: Conversation): ConversationView {
  const message_count = createRepositories(em).sessions.messageCount({ conversation_id: conv.id });
  const tokens_remaining = conv.token_budget - conv.tokens_used;
  return { ...conv, message_count, tokens_remaining, should_continue: conv.status === 'active' && shouldContinue(conv.continue_score, tokens_remaining, core.config.conversation) };
}

/** The participants of a conversation as personas, in order. */
export async function participantPersonas(em: EntityManager, conv: Conversation): Promise<Persona[]> {
  const repos = createRepositories(em).personas;
  return Promise.all(conv.participants.map(async (id) => {
    const p = await repos.get(id);
    if (!p) throw new AppError('INTERNAL_ERROR', `Conversation ${conv.id} refers to a missing persona ${id}`);
    return p;
  }));
}

/** The continue-score inputs of speaker S against O in `conv` at `now` (state regenerated, S's view of O). */
export async function scoreInput(em: EntityManager, conv: Conversation, s: Persona, o: Persona, now: Date): Promise<ContinueScoreInput & { state: InteractionStateView }> {
  const repos = createRepositories(em);
  const ir = await repos.states.getInteraction(s.id);
  if (!ir) throw new AppError('INTERNAL_ERROR', `Persona ${s.id} has no interaction state`);
  const rel = await repos.relationships.get(s.id, personaKey(o.id));
  return {
    speaker: s, state: interactionView(ir, now), other: o, topic: conv.topic, duration: conv.duration,
    topic_drift_count: conv.topic_drift_count, tokens_remaining: conv.token_budget - conv.tokens_used,
    relationship: rel ? { interaction_count: rel.interaction_count, compatibility_score: compatibilityScore(rel) } : null,
  };
}

/** Turns spoken so far per persona id in a conversation. */
export function turnsSpoken(em: EntityManager, conversationId: string): Map<string, number> {
  const rows = createRepositories(em).conversations.turnsBySpeaker(conversationId);
  return new Map(rows.map((r) => [r.speaker_key.replace(/^persona:/, ''), r.turns]));
}

/**
 * Speaker choice without `speaker_id`: among participants other than the last speaker, the highest
 * continue score (against the last speaker, or the next participant when nobody has spoken).
 */
export async function nextSpeaker(em: EntityManager, conv: Conversation, personas: Persona[], now: Date): Promise<string> {
  const byId = new Map(personas.map((p) => [p.id, p]));
  const spoken = turnsSpoken(em, conv.id);
  const candidates = [];
  for (const id of conv.participants) {
    if (id === conv.last_speaker_id) continue;
    const o = byId.get(otherFor(conv.participants, id, conv.last_speaker_id)) as Persona;
    const score = continueScore(await scoreInput(em, conv, byId.get(id) as Persona, o, now));
    candidates.push({ id, score, turns_spoken: spoken.get(id) ?? 0 });
  }
  return chooseSpeaker(candidates) as string;
}

/** Rewrites a persona's visual record (auto tags, expression, …) and queues its `visual.changed` event. */
export async function updateVisual(em: EntityManager, persona: Persona, now: Date, change: (r: VisualRecord) => VisualRecord, events: DomainEvent[]): Promise<void> {
  const at = isoNow(now);
  const next = { ...change(await requireVisualRecord(em, persona.id)), updated_at: at };
  await createRepositories(em).states.saveVisual({ persona_id: persona.id, record: next, updated_at: at });
  events.push({ name: 'visual.changed', persona_id: persona.id, at, data: { visual: { ...effectiveVisual(next, persona, now), persona_id: persona.id } } });
}

/** Auto tags with `in_conversation` added or removed. */
export function withConversationTag(tags: string[], on: boolean): string[] {
  const rest = tags.filter((t) => t !== 'in_conversation');
  return on ? [...rest, 'in_conversation'] : rest;
}

/**
 * `conversation.start`: 2–8 distinct personas, each available unless `force`
 * (PERSONA_UNAVAILABLE), none already in an active conversation (CONFLICT, from the unique index).
 */
export async function startConversation(core: CoreContext, req: StartRequest): Promise<{ conversation: Conversation; events: DomainEvent[] }> {
  const now = core.now();
  const at = isoNow(now);
  const cfg = core.config.conversation;
  const result = await core.db.transaction(async (em) => {
    const personas: Persona[] = [];
    for (const ref of req.participants) personas.push(await requirePersona(em, ref));
    if (new Set(personas.map((p) => p.id)).size !== personas.length) {
      throw new AppError('INVALID_PARAMS', 'participants must be distinct personas', {
        issues: [{ path: ['participants'], code: 'custom', message: 'the same persona is named twice' }],
      });
    }
    const repos = createRepositories(em);
    const times: number[] = [];
    for (const p of personas) {
      const ir = await repos.states.getInteraction(p.id);
      if (!ir) throw new AppError('INTERNAL_ERROR', `Persona ${p.id} has no interaction state`);
      const view = interactionView(ir, now);
      times.push(view.available_time);
      if (!req.force && !view.is_available) {
        throw new AppError('PERSONA_UNAVAILABLE', `${p.name} is not available for a conversation (cooldown, low energy or no time)`, {
          details: { persona_id: p.id, persona: p.name, cooldown_remaining: view.cooldown_remaining, social_energy: view.social_energy, available_time: view.available_time },
        });
      }
    }
    const conversation: Conversation = {
      id: randomUUID(), participants: personas.map((p) => p.id), observers: [...new Set(req.observers)], channel: req.channel ?? null,
      topic: req.topic, topic_drift_count: 0, duration: 0, max_duration: req.max_duration ?? Math.min(cfg.max_duration_s, ...times),
      token_budget: req.token_budget ?? cfg.default_token_budget, tokens_used: 0, continue_score: 50, score_history: [], turn_count: 0,
      last_speaker_id: null, status: 'active', started_at: at, ended_at: null, exit_reason: null,
    };
    repos.conversations.insert(conversation);
    for (const [position, p] of personas.entries()) {
      if (!repos.conversations.addMember(conversation.id, p.id, position)) {
        throw new AppError('CONFLICT', `${p.name} is already in an active conversation`, {
          details: { persona_id: p.id, persona: p.name, conversation_id: repos.conversations.activeConversationOf(p.id) },
        });
      }
    }
    const events: DomainEvent[] = [];
    for (const p of personas) {
      await updateVisual(em, p, now, (r) => ({ ...r, auto: { ...r.auto, tags: withConversationTag(r.auto.tags, true) } }), events);
    }
    return { conversation, events };
  });
  for (const e of result.events) core.events.emit(e);
  return result;
}

/**
 * Ends an active conversation inside the caller's transaction: status, members,
 * and each participant's cooldown from the final score and its own fatigue, written as
 * `cooldown_until` (never shortening a longer one). Returns the cooldowns and the events to emit.
 */
export async function applyEnd(em: EntityManager, core: CoreContext, conv: Conversation, reason: string, now: Date): Promise<{ conversation: Conversation; cooldowns: Cooldowns; events: DomainEvent[] }> {
  const at = isoNow(now);
  const repos = createRepositories(em);
  const cooldowns: Cooldowns = {};
  const events: DomainEvent[] = [];
  for (const p of await participantPersonas(em, conv)) {
    const row = await repos.states.getInteraction(p.id);
    if (!row) throw new AppError('INTERNAL_ERROR', `Persona ${p.id} has no interaction state`);
    const ir = regeneratedInteractionRow(row, now);
    const secs = conversationCooldown(conv.continue_score, ir.interaction_fatigue, core.config.conversation);
    const until = now.getTime() + secs * 1000;
    const keep = ir.cooldown_until !== null && Date.parse(ir.cooldown_until) > until;
    await repos.states.saveInteraction({ ...ir, cooldown_until: keep ? ir.cooldown_until : new Date(until).toISOString() });
    cooldowns[p.id] = secs;
    await updateVisual(em, p, now, (r) => ({ ...r, auto: { ...r.auto, tags: withConversationTag(r.auto.tags, false) } }), events);
  }
  repos.conversations.deactivateMembers(conv.id);
  const ended: Conversation = { ...conv, status: 'ended', ended_at: at, exit_reason: reason };
  saveConversation(em, ended);
  events.push({ name: 'conversation.ended', persona_id: conv.participants[0] ?? null, at, data: { conversation_id: conv.id, exit_reason: reason, cooldowns } });
  return { conversation: ended, cooldowns, events };
}

/** `conversation.end`: CONFLICT when already ended; applies cooldowns once. */
export async function endConversation(core: CoreContext, id: string | null | undefined, reason: string) {
  const now = core.now();
  const out = await core.db.transaction(async (em) => {
    const conv = requireConversation(em, id);
    assertActive(conv);
    return applyEnd(em, core, conv, reason, now);
  });
  for (const e of out.events) core.events.emit(e);
  const c = out.conversation;
  return {
    conversation_id: c.id, ended: true as const, reason, cooldowns: out.cooldowns,
    final_stats: { duration: c.duration, turns: c.turn_count, tokens_used: c.tokens_used },
  };
}

/** `conversation.status`: the state of one conversation, with the next speaker while active. */
export async function conversationStatus(core: CoreContext, id: string | null | undefined) {
  const em = core.db.manager;
  const conv = requireConversation(em, id);
  const view = conversationView(em, core, conv);
  const next = conv.status === 'active' ? await nextSpeaker(em, conv, await participantPersonas(em, conv), core.now()) : null;
  return {
    id: conv.id, participants: conv.participants, topic: conv.topic, turn_count: conv.turn_count, duration: conv.duration,
    continue_score: conv.continue_score, tokens_remaining: view.tokens_remaining, should_continue: view.should_continue,
    status: conv.status, next_speaker_id: next, started_at: conv.started_at, ended_at: conv.ended_at, exit_reason: conv.exit_reason,
  };
}

/** `conversation.list`: newest first, optionally one persona's. */
export function listConversations(core: CoreContext, f: ConversationListFilter): { conversations: ConversationView[]; total: number } {
  const em = core.db.manager;
  const { rows, total } = createRepositories(em).conversations.list(f);
  return { conversations: rows.map((r) => conversationView(em, core, r)), total };
}
