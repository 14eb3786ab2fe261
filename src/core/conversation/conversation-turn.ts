import { randomUUID } from 'node:crypto';
import {
  AppError, isoNow, personaKey, type Conversation, type DomainEvent, type InteractionStateView, type Memory, type Message, type Persona,
} from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { emotionView, regenerateEmotion, regeneratedInteractionRow } from '../state/state-views.model.ts';
import { recordInteraction } from '../relationship/relationship.service.ts';
import { searchMemories } from '../memory/memory-search.service.ts';
import { rawRelevance } from '../memory/retrieval.model.ts';
import { whileSpeaking } from '../emotion/visual.service.ts';
import { drainStream, type LlmResult } from '../llm/index.ts';
import { appraise, applyAppraisal } from '../emotion/emotion.model.ts';
import { applyFatigue } from '../state/interaction.model.ts';
import { conversationInteraction } from '../relationship/relationship.model.ts';
import { scoreImportance } from '../memory/importance.model.ts';
import { offlineReply } from '../chat/offline-responder.model.ts';
import { assemblePrompt } from '../chat/prompt.model.ts';
import { eligibilityCheck, eligibleFactsAbout } from '../memory/discretion.service.ts';
import { secondPerson } from '../memory/fact-rules.model.ts';
import { AUTO_GESTURE_MS, gestureForReply, intensityForReply } from '../emotion/avatar.model.ts';
import { clamp01 } from '../text/text.model.ts';
import {
  continueScore, endReason, estimateTurnTokens, openerFor, otherFor, routeTurn, templateLine, type TurnRouting,
} from './continue-score.model.ts';
import {
  applyEnd, assertActive, conversationView, nextSpeaker, participantPersonas, requireConversation, saveConversation, scoreInput,
  updateVisual, withConversationTag, type Cooldowns,
} from './conversation.service.ts';

// One turn of a persona ↔ persona conversation: speaker, input, routing,
// generation outside any transaction, then every effect in one transaction, then events.

/** A validated `conversation.turn` request. */
export interface TurnRequest {
  conversation_id?: string;
  speaker_id?: string;
  input?: string;
  topic?: string;
}

/** Streaming and cancellation hooks of a turn. */
export interface TurnHooks {
  signal?: AbortSignal;
  onDelta?: (delta: string, index: number) => void | Promise<void>;
}

/** The `turn` object of the result and of the `conversation.turn` event. */
export interface TurnView {
  message_id: string; turn_number: number; speaker_id: string; speaker_name: string; content: string;
  response_type: 'full_llm' | 'constrained' | 'template' | 'offline'; llm: 'ollama' | 'openai' | 'offline' | 'template';
  continue_score: number; tokens_used: number; processing_time: number;
}

/** The `conversation.turn` result. */
export interface TurnResult {
  conversation_id: string; turn: TurnView; continue_score: number; should_continue: boolean; ended: boolean;
  exit_reason: string | null; next_speaker_id: string | null; tokens_remaining: number; memories_created: string[]; cooldowns?: Cooldowns;
}

interface Generated {
  text: string; response_type: TurnView['response_type']; llm: TurnView['llm']; model: string | null;
  finish: Message['finish_reason']; tokens: number; prompt_tokens: number | null; llm_error?: { code: string; message: string };
}

/** `conversation.turn`: serialised per conversation; CONVERSATION_NOT_FOUND, CONFLICT when ended or the speaker is not a participant. */
export async function takeTurn(core: CoreContext, conversationId: string | null | undefined, req: TurnRequest, hooks: TurnHooks = {}): Promise<TurnResult> {
  const id = requireConversation(core.db.manager, conversationId).id;
  return core.chatQueue.run(`conversation:${id}`, () => runTurn(core, id, req, hooks));
}

async function runTurn(core: CoreContext, id: string, req: TurnRequest, hooks: TurnHooks): Promise<TurnResult> {
  const started = performance.now();
  const em = core.db.manager;
  const now = core.now();
  const base = requireConversation(em, id);
  assertActive(base);
  const personas = await participantPersonas(em, base);
  const byId = new Map(personas.map((p) => [p.id, p]));
  const conv: Conversation = req.topic !== undefined && req.topic !== base.topic
    ? { ...base, topic: req.topic, topic_drift_count: base.topic_drift_count + 1 } : base;
  let speakerId: string;
  if (req.speaker_id !== undefined) {
    const s = await requirePersona(em, req.speaker_id);
    if (!byId.has(s.id)) throw new AppError('CONFLICT', `${s.name} is not a participant of conversation ${id}`, { details: { conversation_id: id, speaker_id: s.id } });
    speakerId = s.id;
  } else speakerId = await nextSpeaker(em, conv, personas, now);
  const speaker = byId.get(speakerId) as Persona;
  const other = byId.get(otherFor(conv.participants, speakerId, conv.last_speaker_id)) as Persona;
  const scoring = await scoreInput(em, conv, speaker, other, now);
  const score = continueScore(scoring);
  const routing = routeTurn(score);
  const turnNumber = conv.turn_count + 1;

  const repos = createRepositories(em);
  const history = repos.sessions.lastMessages({ conversation_id: id }, core.config.chat.max_context_messages);
  const heard = [...history].reverse().find((m) => m.speaker_key !== personaKey(speakerId));
  const opener = req.input === undefined && !heard;
  const input = req.input ?? heard?.content ?? openerFor(conv.topic);
  const author = req.input === undefined && heard ? heard.speaker_name : other.name;
  const spokenBefore = history.filter((m) => m.speaker_key === personaKey(speakerId)).length;
  const gen = await generate(core, { conv, speaker, other, personas, routing, input, author, opener, window: history.filter((m) => m.id !== heard?.id), since: history[0]?.created_at, turnNumber, n: spokenBefore, state: scoring.state, now }, hooks);
  const processing = (performance.now() - started) / 1000;

  const out = await core.db.transaction(async (tx) => {
    const current = requireConversation(tx, id);
    assertActive(current);
    if (current.turn_count !== base.turn_count) throw new AppError('CONFLICT', `Conversation ${id} changed during the turn`, { details: { conversation_id: id } });
    const at = isoNow(now);
    const trepos = createRepositories(tx);
    const events: DomainEvent[] = [];
    const listeners = personas.filter((p) => p.id !== speakerId);
    const message = await trepos.sessions.appendMessage({
      id: randomUUID(), session_id: null, conversation_id: id, role: 'persona', speaker_key: personaKey(speakerId), speaker_name: speaker.name,
      content: gen.text.slice(0, 16_000), created_at: at, llm: gen.llm, model: gen.model, response_type: gen.response_type, finish_reason: gen.finish,
      tokens_used: gen.tokens, prompt_tokens: gen.prompt_tokens, continue_score: score, processing_time: processing,
      metadata: { turn_number: turnNumber, topic: conv.topic, input, input_author: author, ...(gen.llm_error ? { llm_error: gen.llm_error } : {}) },
    });
    const secs = Math.max(30, Math.round(processing));
    let updated: Conversation = {
      ...current, topic: conv.topic, topic_drift_count: conv.topic_drift_count, duration: current.duration + secs, tokens_used: current.tokens_used + gen.tokens,
      turn_count: turnNumber, score_history: [...current.score_history, score], continue_score: score, last_speaker_id: speakerId,
    };
    // Interaction cost, emotions and avatar cues of every participant.
    const labels = new Map<string, { label: string; battery: number }>();
    for (const p of personas) {
      const { ir, er } = await trepos.states.requireRows(p.id);
      const interaction = applyFatigue(regeneratedInteractionRow(ir, now), p.id === speakerId ? secs : Math.floor(secs / 2));
      await trepos.states.saveInteraction(interaction);
      const emo = { ...regenerateEmotion(er, p.emotional_baseline, now, core.config.emotion), updated_at: at };
      const next = p.id === speakerId ? { ...emo, energy_level: clamp01(emo.energy_level - 0.01) } : { ...emo, ...applyAppraisal(emo, appraise(gen.text, p), core.config.emotion) };
      await trepos.states.saveEmotion(next);
      const view = emotionView(next, p.emotional_baseline, interaction.social_energy, now, core.config.emotion);
      labels.set(p.id, { label: view.emotion, battery: view.social_battery });
      events.push({ name: 'emotion.changed', persona_id: p.id, at, data: { emotional_state: view } });
    }
    // Relationships both directions, speaker ↔ each listener (the conversation-turn source).
    const q = conversationInteraction(score, at, core.config.relationship.turn_minutes);
    const views = new Map<string, { affinity: number; trust: number }>();
    for (const l of listeners) {
      for (const [subject, counterpart] of [[speaker, l], [l, speaker]] as const) {
        const rel = await recordInteraction(tx, {
          subject_id: subject.id, counterpart_key: personaKey(counterpart.id), counterpart_persona_id: counterpart.id,
          quality: q.quality, minutes: q.minutes, context: q.context, source: 'conversation', now,
        });
        views.set(`${subject.id}>${counterpart.id}`, rel.row);
        events.push(rel.event);
      }
    }
    // Memories: the speaker's and each listener's (importance by the usual scoring).
    const valence = q.quality;
    const ctxImp = { continue_score: score, topic: conv.topic };
    const turnImp = { continue_score: score, response_type: gen.response_type };
    const memoryBase = {
      memory_type: 'conversation', importance_source: 'scored' as const, emotional_valence: valence, visibility: 'private' as const,
      witnessed_by: [...new Set([...conv.participants.map(personaKey), ...conv.observers])], participant_key: null, session_id: null,
      conversation_id: id, channel: conv.channel, pinned: false, metadata: { conversation_id: id, turn_number: turnNumber, topic: conv.topic, response_type: gen.response_type },
      created_at: at, last_accessed_at: null, restored_at: null, accessed_count: 0, subject_key: null, fact_key: null,
    };
    const memories: Memory[] = [];
    const speakerImp = scoreImportance({ text: gen.text, speaker, listener: other, context: ctxImp, turn: turnImp, relationship: views.get(`${speakerId}>${other.id}`) });
    memories.push({ ...memoryBase, id: randomUUID(), persona_id: speakerId, content: `I said to ${listeners.map((l) => l.name).join(', ')}: ${gen.text}`, importance: speakerImp, base_importance: speakerImp, related_personas: listeners.map((l) => l.id), source_key: null });
    for (const l of listeners) {
      const content = `${speaker.name} said to me: ${gen.text}`;
      const imp = scoreImportance({ text: content, speaker: l, listener: speaker, context: ctxImp, turn: turnImp, relationship: views.get(`${l.id}>${speakerId}`) }) * 0.8;
      memories.push({ ...memoryBase, id: randomUUID(), persona_id: l.id, content, importance: imp, base_importance: imp, related_personas: conv.participants.filter((x) => x !== l.id), source_key: personaKey(speakerId) });
    }
    for (const m of memories) {
      await trepos.memories.insert(m);
      events.push({ name: 'memory.changed', persona_id: m.persona_id, at, data: { memory_id: m.id, change: 'created' } });
    }
    // Avatar cues: the speaker's reply drives its gesture and intensity; listeners look at the speaker.
    const gesture = gestureForReply(gen.text);
    for (const p of personas) {
      const { label, battery } = labels.get(p.id) as { label: string; battery: number };
      const isSpeaker = p.id === speakerId;
      await updateVisual(tx, p, now, (r) => ({
        ...r,
        auto: {
          ...r.auto, expression: label, speaking: false, gaze_target: personaKey(isSpeaker ? other.id : speakerId),
          ...(isSpeaker ? { intensity: intensityForReply(gen.text) } : {}),
          tags: withConversationTag([...r.auto.tags.filter((t) => t !== 'low_energy'), ...(battery <= 0.15 ? ['low_energy'] : [])], true),
        },
        ...(isSpeaker && gesture ? { gesture, gesture_source: 'auto' as const, gesture_seq: r.gesture_seq + 1, gesture_expires_at: new Date(now.getTime() + AUTO_GESTURE_MS).toISOString() } : {}),
      }), events);
    }
    saveConversation(tx, updated);
    const reason = endReason({ score, tokens_remaining: updated.token_budget - updated.tokens_used, duration: updated.duration, max_duration: updated.max_duration }, core.config.conversation);
    let cooldowns: Cooldowns | undefined;
    if (reason) {
      const ended = await applyEnd(tx, core, updated, reason, now);
      updated = ended.conversation;
      cooldowns = ended.cooldowns;
      events.push(...ended.events);
    }
    const turn: TurnView = {
      message_id: message.id, turn_number: turnNumber, speaker_id: speakerId, speaker_name: speaker.name, content: message.content,
      response_type: gen.response_type, llm: gen.llm, continue_score: score, tokens_used: gen.tokens, processing_time: processing,
    };
    events.push({ name: 'conversation.turn', persona_id: speakerId, at, data: { conversation_id: id, turn } });
    // conversation.ended is emitted after conversation.turn.
    events.sort((a, b) => Number(a.name === 'conversation.ended') - Number(b.name === 'conversation.ended'));
    const view = conversationView(tx, core, updated);
    const next = updated.status === 'active' ? await nextSpeaker(tx, updated, personas, now) : null;
    const result: TurnResult = {
      conversation_id: id, turn, continue_score: score, should_continue: view.should_continue, ended: updated.status === 'ended',
      exit_reason: updated.exit_reason, next_speaker_id: next, tokens_remaining: view.tokens_remaining, memories_created: memories.map((m) => m.id),
      ...(cooldowns ? { cooldowns } : {}),
    };
    return { result, events };
  });
  for (const e of out.events) core.events.emit(e);
  return out.result;
}

interface GenerateInput {
  conv: Conversation; speaker: Persona; other: Persona; personas: Persona[]; routing: TurnRouting; input: string; author: string;
  opener: boolean; window: Message[]; since: string | undefined; turnNumber: number; n: number; state: InteractionStateView; now: Date;
}

/** The words of a turn: a template line, or the LLM (offline responder when there is none or it fails). */
async function generate(core: CoreContext, g: GenerateInput, hooks: TurnHooks): Promise<Generated> {
  // The whole text in one delta: nothing waits on the client here (no generation to pause).
  const emitWhole = (text: string) => void hooks.onDelta?.(text, 0);
  if (g.routing.response_type === 'template') {
    const text = templateLine(g.state, g.turnNumber);
    emitWhole(text);
    return { text, response_type: 'template', llm: 'template', model: null, finish: 'stop', tokens: estimateTurnTokens(text, 'template'), prompt_tokens: null };
  }
  const s = g.speaker;
  // Discretion: every participant and observer present besides the speaker hears the reply (docs/memory.md).
  const audience = [...g.conv.participants.filter((id) => id !== s.id).map(personaKey), ...g.conv.observers];
  const ok = eligibilityCheck(core, s, audience);
  const oldest = g.since;
  const recalled = await searchMemories(core, s, {
    query: g.input, limit: core.memory.effective(s).retrieval.recall_k, min_importance: 0, archived: false, touch: false,
    // Memories of turns still in the window are left out (the window carries them), as in chat recall.
    exclude: (m) => Boolean(oldest && m.created_at >= oldest && m.witnessed_by.includes(personaKey(g.other.id))) || !ok(m),
  });
  const otherKey = personaKey(g.other.id);
  const say = (m: { content: string; metadata: Record<string, unknown> }) => ({ text: m.content, second: secondPerson(m, g.other.name) });
  const offline = (llm_error?: AppError): Generated => {
    const text = offlineReply({
      persona: s, state: g.state, user: g.author, message: g.input, n: g.n, facts: eligibleFactsAbout(core, s, otherKey, audience, 3).map(say), new_facts: [],
      memories: recalled.map((m) => ({ memory_type: m.memory_type, content: m.content, raw_relevance: rawRelevance(m.raw), about_speaker: m.subject_key === otherKey, second: secondPerson(m, g.other.name) })),
    }).text;
    emitWhole(text);
    return { text, response_type: 'offline', llm: 'offline', model: null, finish: 'stop', tokens: estimateTurnTokens(text, 'offline'), prompt_tokens: null, ...(llm_error ? { llm_error: { code: llm_error.code, message: llm_error.message } } : {}) };
  };
  const provider = core.llm.current();
  if (!provider) return offline();
  const repos = createRepositories(core.db.manager);
  const { er } = await repos.states.requireRows(s.id);
  const rel = await repos.relationships.get(s.id, personaKey(g.other.id));
  const max_tokens = g.routing.max_tokens as number;
  const prompt = assemblePrompt({
    persona: s, emotion: emotionView(er, s.emotional_baseline, g.state.social_energy, g.now, core.config.emotion), state: g.state,
    speaker: { display_name: g.other.name, platform: 'persona' }, relationship: rel,
    witnesses: g.personas.filter((p) => p.id !== s.id && p.id !== g.other.id).map((p) => p.name),
    context: `A conversation about ${g.conv.topic.replace(/_/g, ' ')}.`,
    memories: recalled.map((m) => ({ content: m.content, created_at: m.created_at, score: m.score })), summary: null,
    window: g.window.map((m) => ({ role: m.speaker_key === personaKey(s.id) ? 'persona' as const : 'participant' as const, speaker_name: m.speaker_name, content: m.content })),
    message: g.input, guidelines: g.routing.guidelines, token_budget: max_tokens, context_tokens: core.llm.settings().context_tokens, now: g.now,
  });
  const messages = prompt.messages.map((m) => ({ ...m }));
  const last = messages.map((m) => m.role).lastIndexOf('user');
  if (g.opener && last >= 0) messages[last] = { role: 'user', content: `(You open the conversation with ${g.other.name}. Begin with: "${g.input}")` };
  else if (last >= 0) messages[last] = { role: 'user', content: `${g.author}: ${g.input}` };
  const llmReq = { messages, model: s.llm?.model ?? provider.model, temperature: g.routing.temperature as number, top_p: s.llm?.top_p ?? 0.9, top_k: 40, max_tokens };
  let r: LlmResult;
  try {
    r = await whileSpeaking(core, s, () => (hooks.onDelta ? drainStream(provider.stream(llmReq, hooks.signal), hooks.onDelta) : provider.generate(llmReq, hooks.signal)));
  } catch (err) {
    if (err instanceof AppError && err.code === 'LLM_UNAVAILABLE' && core.llm.settings().offline_fallback) return offline(err);
    throw err;
  }
  const text = r.text.trim().replace(/^"(.*)"$/s, '$1').replace(new RegExp(`^${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*`), '').trim();
  if (!text) return offline();
  const type = g.routing.response_type;
  return {
    text, response_type: type, llm: provider.kind, model: r.model, finish: r.finish_reason,
    tokens: r.completion_tokens ?? estimateTurnTokens(text, type), prompt_tokens: r.prompt_tokens ?? prompt.prompt_tokens_estimate,
  };
}
