import { cooldownSeconds, DEFAULT_COOLDOWN_CONFIG, type CooldownConfig } from '../state/interaction.model.ts';
import { codePointSum, countWords } from '../text/text.model.ts';

// Persona ↔ persona turn-taking: the continue score, speaker choice, the opener, routing by score,
// template lines, token estimates and the end check. Pure functions.

/** What the continue score reads of a persona (card fields). */
export interface ScorePersona {
  topic_preferences: Record<string, number>;
  charisma: number;
  social_rank: string;
}

/** What the continue score reads of the speaker's interaction state (regenerated to now). */
export interface ScoreSpeakerState {
  current_priority: string;
  interaction_fatigue: number;
  available_time: number;
  social_energy: number;
}

/** Inputs of one continue score: speaker S against "other" O in the current conversation. */
export interface ContinueScoreInput {
  speaker: ScorePersona;
  state: ScoreSpeakerState;
  other: ScorePersona;
  topic: string;
  /** Simulated talk time so far (s). */
  duration: number;
  topic_drift_count: number;
  tokens_remaining: number;
  /** S's relationship with O (null when none exists). */
  relationship: { interaction_count: number; compatibility_score: number } | null;
}

/** The six continue-score terms (fatigue is subtracted). */
export interface ContinueScoreComponents {
  time: number;
  topic: number;
  social: number;
  fatigue: number;
  history: number;
  resource: number;
}

const PRIORITY_RATE: Readonly<Record<string, number>> = { urgent: 2, important: 10, casual: 30, social: 30 };
const RANK_LEVEL: Readonly<Record<string, number>> = { royalty: 5, nobility: 4, merchant: 3, commoner: 2, peasant: 1 };

/** Seconds of talk per point of the time term: urgent 2, important 10, casual 30, social 30, any other 10. */
export function priorityRate(priority: string): number {
  return Object.hasOwn(PRIORITY_RATE, priority) ? (PRIORITY_RATE[priority] as number) : 10;
}

/** Social level of a rank for the status term: royalty 5, nobility 4, merchant 3, commoner 2, peasant 1, unknown 2. */
export function rankLevel(rank: string): number {
  const key = rank.trim().toLowerCase();
  return Object.hasOwn(RANK_LEVEL, key) ? (RANK_LEVEL[key] as number) : 2;
}

/** Status points by |level difference|: 0 → 8, 1 → 6, ≥3 → 2, else 4. */
export function statusPoints(a: string, b: string): number {
  const d = Math.abs(rankLevel(a) - rankLevel(b));
  return d === 0 ? 8 : d === 1 ? 6 : d >= 3 ? 2 : 4;
}

/** A persona's preference for a topic (exact key), default 50. */
export function topicPreference(p: ScorePersona, topic: string): number {
  return Object.hasOwn(p.topic_preferences, topic) ? (p.topic_preferences[topic] as number) : 50;
}

/** Every term of the continue score, unrounded. */
export function continueScoreComponents(i: ContinueScoreInput): ContinueScoreComponents {
  const s = i.state;
  const time = Math.max(0, 30 - i.duration / priorityRate(s.current_priority));
  const pS = topicPreference(i.speaker, i.topic);
  const pO = topicPreference(i.other, i.topic);
  const topic = Math.min(25, (0.7 * ((pS + pO) / 2) + 0.3 * Math.min(pS, pO)) * (i.topic_drift_count > 2 ? 0.6 : 1) * 25 / 100);
  const social = Math.min(20, (0.8 * Math.min(i.speaker.charisma, i.other.charisma) + statusPoints(i.speaker.social_rank, i.other.social_rank)) / 2);
  const fatigue = Math.min(15, Math.floor(s.interaction_fatigue / 2));
  const history = i.relationship && i.relationship.interaction_count > 0 ? i.relationship.compatibility_score * 12.5 - 2.5 : 0;
  const resource = 10
    * (s.available_time < 60 ? s.available_time / 60 : 1)
    * (i.tokens_remaining < 100 ? Math.max(0, i.tokens_remaining) / 100 : 1)
    * (s.social_energy < 30 ? s.social_energy / 30 : 1);
  return { time, topic, social, fatigue, history, resource };
}

/** Sum of the terms before truncation (time + topic + social − fatigue + history + resource). */
export function rawContinueScore(c: ContinueScoreComponents): number {
  return c.time + c.topic + c.social - c.fatigue + c.history + c.resource;
}

/** The continue score: clamp(trunc(raw), 0, 100). */
export function continueScore(i: ContinueScoreInput): number {
  return Math.min(100, Math.max(0, Math.trunc(rawContinueScore(continueScoreComponents(i)))));
}

/** One candidate speaker of the next turn, in participant order. */
export interface SpeakerCandidate {
  id: string;
  score: number;
  turns_spoken: number;
}

/**
 * Speaker choice: the highest score among the candidates (the caller has removed the last speaker);
 * ties → fewer turns spoken → participant order (the candidates' order). Null when empty.
 */
export function chooseSpeaker(candidates: readonly SpeakerCandidate[]): string | null {
  let best: SpeakerCandidate | null = null;
  for (const c of candidates) {
    if (!best || c.score > best.score || (c.score === best.score && c.turns_spoken < best.turns_spoken)) best = c;
  }
  return best ? best.id : null;
}

/**
 * The "other" O a speaker is scored against: the last speaker when that is someone else, else the
 * next participant after the speaker in order.
 */
export function otherFor(participants: readonly string[], speakerId: string, lastSpeakerId: string | null): string {
  if (lastSpeakerId && lastSpeakerId !== speakerId && participants.includes(lastSpeakerId)) return lastSpeakerId;
  const idx = participants.indexOf(speakerId);
  return participants[(idx + 1) % participants.length] as string;
}

/** Opening lines of a first turn, picked by topic. */
export const OPENERS: readonly string[] = [
  'Have you heard any news lately?', 'Something odd happened to me today.', 'What brings you here?', "I've been turning an idea over in my head.",
  'Did you hear what happened in town?', 'Let me tell you a story.', 'What do you make of recent events?', 'Tell me about your travels.',
];

/** Opener index: (Σ code points of topic) mod 8 (general 6, magic 1, gossip 5). */
export function openerIndex(topic: string): number {
  return codePointSum(topic) % OPENERS.length;
}

/** The opener of a topic. */
export function openerFor(topic: string): string {
  return OPENERS[openerIndex(topic)] as string;
}

/** How a turn is produced. */
export type TurnResponseType = 'full_llm' | 'constrained' | 'template';

/** Routing of one turn by its continue score. */
export interface TurnRouting {
  response_type: TurnResponseType;
  /** Null for template turns (no LLM). */
  temperature: number | null;
  max_words: number | null;
  /** Max output tokens for the LLM; null for template turns. */
  max_tokens: number | null;
  concise: boolean;
  wrap_up: boolean;
  /** Lines of the trailing `# Response guidelines` system message. */
  guidelines: string[];
}

/** Hard cap of output tokens of a turn; also used when no word limit applies (score ≥ 60, < 80). */
export const TURN_MAX_TOKENS = 300;

/** Max words w → max tokens min(int(w·1.3), 300). */
export function maxTokensForWords(words: number): number {
  return Math.min(Math.trunc(words * 1.3), TURN_MAX_TOKENS);
}

/** Routes a turn by score: ≥80 full_llm .8/100 words; ≥60 full_llm .6; ≥40 constrained; else template. */
export function routeTurn(score: number): TurnRouting {
  if (score >= 80) {
    return { response_type: 'full_llm', temperature: 0.8, max_words: 100, max_tokens: maxTokensForWords(100), concise: false, wrap_up: false, guidelines: ['- Keep your reply under 100 words.'] };
  }
  if (score >= 60) {
    return { response_type: 'full_llm', temperature: 0.6, max_words: null, max_tokens: TURN_MAX_TOKENS, concise: false, wrap_up: false, guidelines: [] };
  }
  if (score >= 40) {
    return {
      response_type: 'constrained', temperature: 0.5, max_words: 50, max_tokens: 50, concise: true, wrap_up: true,
      guidelines: ['- Keep your reply under 50 words.', '- Be brief and concise.', '- Start wrapping up the conversation politely.'],
    };
  }
  return { response_type: 'template', temperature: null, max_words: null, max_tokens: null, concise: false, wrap_up: false, guidelines: [] };
}

const TEMPLATES = {
  urgent: ["I'm sorry, I have to go now.", 'Something urgent needs me.', "Let's pick this up another time."],
  energy: ["I'm running low on energy.", 'I could use a quiet moment.', 'Talking has worn me out today.'],
  fatigue: ['Hmm, I should be on my way.', "I won't keep you any longer.", 'It was good talking with you.'],
  neutral: ['I see.', 'Good to know.', 'Hmm.'],
} as const;

/**
 * The template line of a turn: urgent priority, social energy < 30, fatigue > 50, else
 * neutral; index (turn_number − 1) mod 3.
 */
export function templateLine(state: ScoreSpeakerState, turnNumber: number): string {
  const set = state.current_priority === 'urgent' ? TEMPLATES.urgent
    : state.social_energy < 30 ? TEMPLATES.energy
      : state.interaction_fatigue > 50 ? TEMPLATES.fatigue
        : TEMPLATES.neutral;
  const idx = (((turnNumber - 1) % 3) + 3) % 3;
  return set[idx] as string;
}

/** How a turn's text was produced, for the token estimate. */
export type TokenEstimateType = TurnResponseType | 'offline';

const TOKEN_FACTOR: Readonly<Record<TokenEstimateType, number>> = { full_llm: 1.5, constrained: 1.0, template: 0.1, offline: 1.0 };

/** Token estimate of a turn without a provider count: int(words · 1.3 · factor) (full_llm 1.5, constrained 1, template .1, offline 1). */
export function estimateTurnTokens(text: string, type: TokenEstimateType): number {
  return Math.trunc(countWords(text) * 1.3 * TOKEN_FACTOR[type]);
}

/** Tokens a turn spends: the provider's completion count when it gave one, else the estimate. */
export function turnTokens(providerCount: number | null | undefined, text: string, type: TokenEstimateType): number {
  return typeof providerCount === 'number' && Number.isFinite(providerCount) ? providerCount : estimateTurnTokens(text, type);
}

/** Thresholds of the end check (config `conversation.*`). */
export interface EndConfig {
  continue_threshold: number;
  min_tokens_remaining: number;
}

/** Default end thresholds (`conversation.continue_threshold`, `min_tokens_remaining`). */
export const DEFAULT_END_CONFIG: EndConfig = { continue_threshold: 40, min_tokens_remaining: 50 };

/** Why a conversation ends after a turn. */
export type TurnExitReason = 'natural_conclusion' | 'budget_exhausted' | 'time_limit';

/**
 * End check: score < 40 → natural_conclusion; tokens_remaining ≤ 50 → budget_exhausted;
 * duration ≥ max_duration → time_limit (first match); null → the conversation stays active.
 */
export function endReason(
  s: { score: number; tokens_remaining: number; duration: number; max_duration: number },
  cfg: EndConfig = DEFAULT_END_CONFIG,
): TurnExitReason | null {
  if (s.score < cfg.continue_threshold) return 'natural_conclusion';
  if (s.tokens_remaining <= cfg.min_tokens_remaining) return 'budget_exhausted';
  if (s.duration >= s.max_duration) return 'time_limit';
  return null;
}

/** `should_continue` of an active conversation: score ≥ 40 and tokens_remaining > 50. */
export function shouldContinue(score: number, tokensRemaining: number, cfg: EndConfig = DEFAULT_END_CONFIG): boolean {
  return score >= cfg.continue_threshold && tokensRemaining > cfg.min_tokens_remaining;
}

/**
 * Cooldown of one participant on conversation end with the configured thresholds:
 * base · (final > 70 ? .5 : final < 30 ? 2 : 1) · (1 + fatigue/100); same as `cooldownSeconds`.
 */
export function conversationCooldown(finalScore: number, fatigue: number, cfg: CooldownConfig = DEFAULT_COOLDOWN_CONFIG): number {
  return cooldownSeconds(finalScore, fatigue, cfg);
}

/** Simulated seconds a turn takes: max(30, round(processing_s)); listeners pay floor(that / 2). */
export function turnSeconds(processingSeconds: number): { speaker: number; listener: number } {
  const speaker = Math.max(30, Math.round(processingSeconds));
  return { speaker, listener: Math.floor(speaker / 2) };
}

/** Topic drift: a `topic` param different from the current topic changes it and counts one drift. */
export function changeTopic(current: { topic: string; topic_drift_count: number }, requested?: string | null): { topic: string; topic_drift_count: number } {
  if (!requested || requested === current.topic) return { topic: current.topic, topic_drift_count: current.topic_drift_count };
  return { topic: requested, topic_drift_count: current.topic_drift_count + 1 };
}
