import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  isoNow, personaKey, type DomainEvent, type EmotionView, type Memory, type Persona, type RelationshipView, type Session, type Visibility,
} from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { applyAppraisal, type Appraisal } from '../emotion/emotion.model.ts';
import { applyChatTurn } from '../state/interaction.model.ts';
import type { RelationshipAxes } from '../relationship/relationship.model.ts';
import { recordInteraction } from '../relationship/relationship.service.ts';
import { scoreImportance } from '../memory/importance.model.ts';
import { AUTO_GESTURE_MS, autoTags, gestureForReply, intensityForReply } from '../emotion/avatar.model.ts';
import { emotionView, regenerateEmotion, regeneratedInteractionRow } from '../state/state-views.model.ts';
import { effectiveVisual, requireVisualRecord } from '../emotion/visual.service.ts';
import type { LlmResult } from '../llm/index.ts';
import { episodeContent, isSmallTalk } from '../memory/episode.model.ts';
import { consolidateFacts, type FactCandidate, type FactChange } from '../memory/fact-consolidation.service.ts';
import { factImportance } from '../memory/fact-extraction.service.ts';

/** What one completed (or cancelled) reply leaves behind. */
export interface TurnRecord {
  persona: Persona;
  session: Session;
  participant: { key: string; platform: string; external_id: string; display_name: string };
  message: string;
  reply: string;
  result: Pick<LlmResult, 'finish_reason' | 'completion_tokens' | 'prompt_tokens'> & { llm: 'ollama' | 'openai' | 'offline'; model: string | null };
  response_type: 'direct' | 'offline';
  appraisal: Appraisal;
  witnesses: string[];
  remember: boolean;
  visibility: Visibility;
  recalled: string[];
  /** Rule facts of the message, consolidated in this transaction (empty when extraction runs after the reply or is off). */
  facts: FactCandidate[];
  tokens_used: number;
  prompt_tokens: number;
  processing_time: number;
  now: Date;
}

/** What the post-turn transaction reports back. */
export interface TurnOutcome {
  message_id: string;
  /** The episode, null when nothing was remembered or the message was small talk. */
  memory_id: string | null;
  /** What the rule facts changed. */
  facts: FactChange[];
  emotion: EmotionView;
  relationship: RelationshipView;
  deltas: RelationshipAxes;
  persona_state: { social_energy: number; available_time: number; interaction_fatigue: number };
  events: DomainEvent[];
}

/**
 * Applies every effect of one chat turn in one transaction: both messages, session counters, the episode and
 * rule facts (docs/memory.md), relationship (persona → participant), emotion, interaction cost,
 * recalled-memory access, avatar cues. Events are returned for emission after commit.
 */
export async function applyTurn(core: CoreContext, t: TurnRecord): Promise<TurnOutcome> {
  const at = isoNow(t.now);
  const cancelled = t.result.finish_reason === 'cancelled';
  return core.db.transaction(async (em) => {
    const repos = createRepositories(em);
    await repos.participants.touch(t.participant, at);
    await repos.sessions.appendMessage({
      id: randomUUID(), session_id: t.session.id, conversation_id: null, role: 'participant', speaker_key: t.participant.key,
      speaker_name: t.participant.display_name, content: t.message, created_at: at, llm: null, model: null, response_type: null,
      finish_reason: null, tokens_used: null, prompt_tokens: null, continue_score: null, processing_time: null, metadata: {},
    });
    const reply = await repos.sessions.appendMessage({
      id: randomUUID(), session_id: t.session.id, conversation_id: null, role: 'persona', speaker_key: personaKey(t.persona.id),
      speaker_name: t.persona.name, content: t.reply.slice(0, 16_000), created_at: at, llm: t.result.llm, model: t.result.model,
      response_type: t.response_type, finish_reason: t.result.finish_reason, tokens_used: t.tokens_used, prompt_tokens: t.prompt_tokens,
      continue_score: null, processing_time: t.processing_time, metadata: {},
    });
    const session = (await repos.sessions.get(t.session.id)) as Session;
    await repos.sessions.save({ ...session, turn_count: session.turn_count + 1, last_activity_at: at });

    const events: DomainEvent[] = [];
    let memoryId: string | null = null;
    let facts: FactChange[] = [];
    if (t.remember && !cancelled) {
      memoryId = await storeEpisode(em, t, at, events);
      if (t.facts.length) {
        const done = await consolidateFacts(em, { ...factContext(t), at }, t.facts);
        facts = done.changes;
        events.push(...done.events);
      }
    }
    repos.memories.touch(t.recalled, at);

    const key = t.participant.key;
    const rel = await recordInteraction(em, {
      subject_id: t.persona.id, counterpart_key: key, counterpart_persona_id: null, quality: t.appraisal.valence,
      minutes: core.config.relationship.turn_minutes, context: 'conversation', source: 'chat', now: t.now,
    });
    const relationship = rel.event.data.relationship as RelationshipView;
    const deltas = rel.deltas;
    events.push(rel.event);

    const { ir, er } = await repos.states.requireRows(t.persona.id);
    const interaction = applyChatTurn(regeneratedInteractionRow(ir, t.now), core.config.chat.turn_fatigue, core.config.chat.turn_energy_cost);
    await repos.states.saveInteraction(interaction);
    const emotionRow = { ...regenerateEmotion(er, t.persona.emotional_baseline, t.now, core.config.emotion), updated_at: at };
    const nextEmotion = { ...emotionRow, ...applyAppraisal(emotionRow, t.appraisal, core.config.emotion) };
    await repos.states.saveEmotion(nextEmotion);
    const emotion = emotionView(nextEmotion, t.persona.emotional_baseline, interaction.social_energy, t.now, core.config.emotion);
    events.push({ name: 'emotion.changed', persona_id: t.persona.id, at, data: { emotional_state: emotion } });

    const record = await requireVisualRecord(em, t.persona.id);
    const gesture = cancelled ? null : gestureForReply(t.reply);
    const visualRecord = {
      ...record,
      auto: { expression: emotion.emotion, intensity: intensityForReply(t.reply), gaze_target: key, speaking: false, tags: autoTags(emotion.social_battery, inConversation(em, t.persona.id)) },
      ...(gesture ? { gesture, gesture_source: 'auto' as const, gesture_seq: record.gesture_seq + 1, gesture_expires_at: new Date(t.now.getTime() + AUTO_GESTURE_MS).toISOString() } : {}),
      updated_at: at,
    };
    await repos.states.saveVisual({ persona_id: t.persona.id, record: visualRecord, updated_at: at });
    events.push({ name: 'visual.changed', persona_id: t.persona.id, at, data: { visual: { ...effectiveVisual(visualRecord, t.persona, t.now), persona_id: t.persona.id } } });
    events.push({ name: 'chat.turn', persona_id: t.persona.id, at, data: {
      session_id: t.session.id, participant_key: key, message_id: reply.id, message: t.message.slice(0, 500), response: t.reply.slice(0, 500),
      llm: t.result.llm, finish_reason: t.result.finish_reason,
    } });
    return {
      message_id: reply.id, memory_id: memoryId, facts, emotion, relationship, deltas,
      persona_state: { social_energy: interaction.social_energy, available_time: interaction.available_time, interaction_fatigue: interaction.interaction_fatigue },
      events,
    };
  });
}

/** True while the persona takes part in an active persona↔persona conversation (keeps the `in_conversation` tag). */
function inConversation(em: EntityManager, personaId: string): boolean {
  return createRepositories(em).conversations.activeConversationOf(personaId) !== null;
}

/** What facts from this turn inherit from its episode (visibility, who was present, importance). */
export function factContext(t: Pick<TurnRecord, 'persona' | 'participant' | 'session' | 'visibility' | 'witnesses' | 'appraisal' | 'message'>) {
  return {
    persona_id: t.persona.id, participant_key: t.participant.key, session_id: t.session.id, channel: t.session.channel, visibility: t.visibility,
    witnessed_by: witnessesOf(t), importance: factImportance(t.persona, t.message), valence: t.appraisal.valence,
  };
}

const witnessesOf = (t: Pick<TurnRecord, 'persona' | 'participant' | 'witnesses'>) => [...new Set([personaKey(t.persona.id), t.participant.key, ...t.witnesses])];

/** The episode of the turn (the participant's words only); none for small talk. */
async function storeEpisode(em: EntityManager, t: TurnRecord, at: string, events: DomainEvent[]): Promise<string | null> {
  if (isSmallTalk(t.message, t.persona.name)) return null;
  const content = episodeContent(t.participant.display_name, t.message);
  const importance = scoreImportance({ text: content, speaker: t.persona, context: { continue_score: 50, topic: 'user_conversation' } });
  const memory: Memory = {
    id: randomUUID(), persona_id: t.persona.id, content, memory_type: 'conversation', importance, base_importance: importance,
    importance_source: 'scored', emotional_valence: t.appraisal.valence, visibility: t.visibility,
    witnessed_by: witnessesOf(t), related_personas: [],
    participant_key: t.participant.key, session_id: t.session.id, conversation_id: null, channel: t.session.channel, pinned: false,
    metadata: {}, created_at: at, last_accessed_at: null, restored_at: null, accessed_count: 0,
    subject_key: null, fact_key: null, source_key: t.participant.key,
  };
  await createRepositories(em).memories.insert(memory);
  events.push({ name: 'memory.changed', persona_id: t.persona.id, at, data: { memory_id: memory.id, change: 'created' } });
  return memory.id;
}
