import { randomUUID } from 'node:crypto';
import {
  AppError, isoNow, type EmotionView, type ParticipantInput, type RelationshipView, type ScoredMemory, type Visibility,
} from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { appraise } from '../emotion/emotion.model.ts';
import { offlineReply } from './offline-responder.model.ts';
import { assemblePrompt } from './prompt.model.ts';
import { countWords } from '../text/text.model.ts';
import { emotionView, interactionView } from '../state/state-views.model.ts';
import { whileSpeaking } from '../emotion/visual.service.ts';
import { drainStream, type LlmResult } from '../llm/index.ts';
import { getLogger } from '../logger/index.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import type { OperationContext } from '../operations/operation.ts';
import { applyTurn, factContext } from './post-turn.ts';
import { offlineMind, prepareMind, queueAfterReply, rulesWithTurn } from './turn-mind.ts';
import type { FactChange } from '../memory/fact-consolidation.service.ts';
import { discardIfEmpty, resolveSession } from './session-resolver.ts';
import { refreshSummary } from './summary.ts';
import { pruneIfDue } from '../memory/prune.service.ts';
import { scheduleEmbeddingFill } from '../memory/embedding.service.ts';
import { resolveIdentity } from '../participants/participant.service.ts';

const log = getLogger('chat');

/** A validated `persona.chat` request. */
export interface ChatRequest {
  message: string;
  persona_id?: string;
  participant?: ParticipantInput;
  session_id?: string;
  channel?: string;
  stream: boolean;
  token_budget: number;
  context?: string;
  witnesses: ParticipantInput[];
  remember: boolean;
  memory_visibility: Visibility;
  allow_offline?: boolean;
}

/** Streaming hooks: deltas go to `onDelta`; aborting `signal` cancels the reply (partial text kept). */
export interface ChatHooks {
  signal?: AbortSignal;
  streamId?: string;
  /** May return a promise: generation waits for it (transport back-pressure). */
  onDelta?: (delta: string, index: number) => void | Promise<void>;
}

/** The `persona.chat` result. */
export interface ChatResult {
  response: string; persona_id: string; persona_name: string; session_id: string; message_id: string;
  participant: { key: string; display_name: string; platform: string };
  response_type: 'direct' | 'offline'; llm: 'ollama' | 'openai' | 'offline'; model: string | null;
  llm_error?: { code: string; message: string };
  finish_reason: 'stop' | 'length' | 'cancelled' | 'error'; continue_score: 50;
  tokens_used: number; prompt_tokens: number; processing_time: number; llm_time_ms: number;
  memories_used: { memory_id: string; content: string; score: number; score_components: ScoredMemory['score_components'] }[];
  memory_id: string | null;
  /** Facts this turn changed that are known when the reply returns (LLM extraction reports later, as `memory.changed`). */
  facts: FactChange[];
  emotion: EmotionView;
  relationship: Pick<RelationshipView, 'relationship_type' | 'affinity' | 'trust' | 'respect' | 'familiarity' | 'interaction_count'> & { delta: { affinity: number; trust: number; respect: number; familiarity: number } };
  persona_state: { social_energy: number; available_time: number; interaction_fatigue: number };
  stream_id?: string; chunk_count?: number;
}

/**
 * One chat turn: session → recall → prompt → LLM (or the offline responder)
 * → post-turn effects in one transaction → events → rolling summary afterwards.
 */
export async function chat(ctx: OperationContext, req: ChatRequest, hooks: ChatHooks = {}): Promise<ChatResult> {
  const { core, connection } = ctx;
  const started = performance.now();
  const persona = await personaFromRef(ctx, req.persona_id);
  const participant = resolveIdentity(core.db.manager, req.participant);
  const channel = req.channel ?? (connection.transport === 'api' ? 'api' : `conn:${connection.id}`);
  const { session, created } = await core.db.transaction((em) =>
    resolveSession(em, { persona_id: persona.id, participant_key: participant.key, channel }, {
      ...(req.session_id ? { session_id: req.session_id } : {}), idleHours: core.config.chat.session_idle_hours, now: core.now(), connectionId: connection.id,
    }));
  connection.lastSessionId = session.id;

  const turn = core.chatQueue.run(session.id, async () => {
    const now = core.now();
    const repos = createRepositories(core.db.manager);
    const { ir, er } = await repos.states.requireRows(persona.id);
    const rel = await repos.relationships.get(persona.id, participant.key);
    const current = await repos.sessions.get(session.id);
    const window = repos.sessions.lastMessages({ session_id: session.id }, core.config.chat.max_context_messages);
    const state = interactionView(ir, now);
    const feeling = emotionView(er, persona.emotional_baseline, state.social_energy, now, core.config.emotion);
    const appraisal = appraise(req.message, persona);
    const mind = await prepareMind(core, persona, participant, { message: req.message, session_id: session.id, window, remember: req.remember });
    const recalled = mind.promptMemories;
    const witnesses = req.witnesses.map((w) => resolveIdentity(core.db.manager, w));
    const prompt = assemblePrompt({
      persona, emotion: feeling, state, speaker: { display_name: participant.display_name, platform: participant.platform },
      relationship: rel, profile: mind.profile.map((f) => f.content), witnesses: witnesses.map((w) => w.display_name), ...(req.context ? { context: req.context } : {}),
      memories: recalled.map((m) => ({ content: m.content, created_at: m.created_at, score: m.score })), summary: current?.summary ?? null,
      window, message: req.message, token_budget: req.token_budget, context_tokens: core.llm.settings().context_tokens, now,
    });
    const used = prompt.memories_used.map((i) => recalled[i] as ScoredMemory);
    const n = current?.turn_count ?? 0;
    const offline = () => offlineReply({
      persona, state, user: participant.display_name, message: req.message, n, ...offlineMind(core, persona, participant, mind),
    }).text;

    const provider = core.llm.current();
    const allowOffline = req.allow_offline ?? core.llm.settings().offline_fallback;
    const temperature = persona.llm?.temperature ?? core.llm.settings().temperature;
    let llmResult: LlmResult | null = null;
    let llmError: AppError | undefined;
    let chunks = 0;
    const onDelta = (d: string, i: number) => {
      chunks = i + 1;
      return hooks.onDelta?.(d, i);
    };
    if (provider) {
      const llmReq = { messages: prompt.messages, model: persona.llm?.model ?? provider.model, temperature, top_p: persona.llm?.top_p ?? 0.9, top_k: 40, max_tokens: req.token_budget };
      try {
        llmResult = await whileSpeaking(core, persona, () => (req.stream ? drainStream(provider.stream(llmReq, hooks.signal), onDelta) : provider.generate(llmReq, hooks.signal)));
        if (llmResult.finish_reason === 'error') llmError = llmResult.error;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'LLM_UNAVAILABLE' || !allowOffline) throw err;
        llmError = err;
        log.warn({ err: err.message, persona: persona.name }, 'LLM unavailable; answering offline');
      }
    }
    const useOffline = !provider || (llmResult === null && llmError !== undefined);
    let text: string;
    let finish: ChatResult['finish_reason'];
    if (useOffline) {
      text = offline();
      finish = 'stop';
      if (req.stream) await onDelta(text, 0);
    } else {
      const r = llmResult as LlmResult;
      text = r.text.trim().replace(/^"(.*)"$/s, '$1');
      finish = r.finish_reason;
    }
    const tokens_used = !useOffline && llmResult?.completion_tokens != null ? llmResult.completion_tokens : Math.trunc(countWords(text) * 1.3);
    const prompt_tokens = !useOffline && llmResult?.prompt_tokens != null ? llmResult.prompt_tokens : prompt.prompt_tokens_estimate;
    const processing_time = (performance.now() - started) / 1000;
    const kind = useOffline ? 'offline' as const : (provider?.kind ?? 'offline');
    const model = useOffline ? null : (llmResult?.model ?? null);
    const record = {
      persona, session, participant, message: req.message, reply: text,
      result: { finish_reason: finish, completion_tokens: tokens_used, prompt_tokens, llm: kind, model },
      response_type: useOffline ? 'offline' as const : 'direct' as const, appraisal, witnesses: witnesses.map((w) => w.key), remember: req.remember,
      visibility: req.memory_visibility, recalled: used.map((m) => m.id), facts: rulesWithTurn(mind, useOffline) ? mind.rules : [],
      tokens_used, prompt_tokens, processing_time, now: core.now(),
    };
    const outcome = await applyTurn(core, record);
    for (const e of outcome.events) core.events.emit(e);
    queueAfterReply(core, persona, {
      participant, message: req.message, reply: text, offline: useOffline, remembered: req.remember && finish !== 'cancelled', mode: mind.mode, context: factContext(record),
    });
    if (outcome.memory_id || outcome.facts.some((f) => f.op === 'added')) {
      pruneIfDue(core, persona);
      scheduleEmbeddingFill(core);
    }
    const rv = outcome.relationship;
    const out: ChatResult = {
      response: text, persona_id: persona.id, persona_name: persona.name, session_id: session.id, message_id: outcome.message_id,
      participant: { key: participant.key, display_name: participant.display_name, platform: participant.platform },
      response_type: useOffline ? 'offline' : 'direct', llm: kind, model,
      ...(llmError ? { llm_error: { code: llmError.code, message: llmError.message } } : {}),
      finish_reason: finish, continue_score: 50, tokens_used, prompt_tokens, processing_time,
      llm_time_ms: llmResult?.llm_time_ms ?? 0,
      memories_used: used.map((m) => ({ memory_id: m.id, content: m.content, score: m.score, score_components: m.score_components })),
      memory_id: outcome.memory_id, facts: outcome.facts, emotion: outcome.emotion,
      relationship: { relationship_type: rv.relationship_type, affinity: rv.affinity, trust: rv.trust, respect: rv.respect, familiarity: rv.familiarity, interaction_count: rv.interaction_count, delta: outcome.deltas },
      persona_state: outcome.persona_state,
      ...(req.stream ? { stream_id: hooks.streamId ?? randomUUID(), chunk_count: chunks } : {}),
    };
    return out;
  });
  let result: ChatResult;
  try {
    result = await turn;
  } catch (err) {
    if (created) await core.db.transaction((em) => discardIfEmpty(em, session.id));
    throw err;
  }
  // The rolling summary runs after the reply, on the same session queue, and never fails the chat.
  void core.chatQueue.run(session.id, () => refreshSummary(core, persona, session.id)).catch((err: unknown) => {
    log.error({ err, session: session.id, at: isoNow(core.now()) }, 'rolling summary failed');
  });
  return result;
}
