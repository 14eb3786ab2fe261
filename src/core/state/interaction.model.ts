import { fnv1a32 } from '../text/text.model.ts';

// Availability, energy, fatigue and cooldown, computed lazily from a stored
// anchor, plus the autopilot's pair choice and draws. Pure: callers pass the clock.

/** The interaction values that regenerate. */
export interface InteractionValues {
  social_energy: number;
  interaction_fatigue: number;
  available_time: number;
  available_time_max: number;
}

/** Interaction state of one persona with its regeneration anchor (ISO times). */
export interface InteractionState extends InteractionValues {
  interest_level: number;
  current_priority: string;
  cooldown_until: string | null;
  updated_at: string;
}

/** Ceiling of social energy (0..200 scale). */
export const MAX_SOCIAL_ENERGY = 200;

/** Regeneration over `dtSeconds`: +1 energy/min (≤200), −1 fatigue/5 min (≥0), +10 s time/min (≤max); Δt < 0 counts as 0. */
export function regenerateInteraction<T extends InteractionValues>(s: T, dtSeconds: number): T {
  const dt = Math.max(0, dtSeconds);
  return {
    ...s,
    social_energy: Math.min(MAX_SOCIAL_ENERGY, s.social_energy + dt / 60),
    interaction_fatigue: Math.max(0, s.interaction_fatigue - dt / 300),
    available_time: Math.min(s.available_time_max, s.available_time + (dt * 10) / 60),
  };
}

const secondsSince = (iso: string, now: Date): number => Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);

/** The state regenerated from `updated_at` to `now` and re-anchored at `now` (lazy, on every read). */
export function interactionAt<T extends InteractionValues & { updated_at: string }>(s: T, now: Date): T {
  return { ...regenerateInteraction(s, secondsSince(s.updated_at, now)), updated_at: now.toISOString() };
}

/** `apply_fatigue(s)` of a conversation turn lasting `seconds`: fatigue + s/30, energy − s/60 (≥0), time − s (≥0). */
export function applyFatigue<T extends InteractionValues>(s: T, seconds: number): T {
  return {
    ...s,
    interaction_fatigue: s.interaction_fatigue + seconds / 30,
    social_energy: Math.max(0, s.social_energy - seconds / 60),
    available_time: Math.max(0, s.available_time - seconds),
  };
}

/** Chat turn cost tuning (`chat.turn_fatigue`, `chat.turn_energy_cost`). */
export interface ChatCostConfig {
  turn_fatigue: number;
  turn_energy_cost: number;
}

/** Default chat turn cost. */
export const DEFAULT_CHAT_COST_CONFIG: ChatCostConfig = { turn_fatigue: 0.5, turn_energy_cost: 1 };

/** The cost of one chat turn: fatigue + 0.5, energy − 1 (≥0); available time unchanged. */
export function applyChatTurn<T extends InteractionValues>(
  s: T, fatigue = DEFAULT_CHAT_COST_CONFIG.turn_fatigue, energyCost = DEFAULT_CHAT_COST_CONFIG.turn_energy_cost,
): T {
  return { ...s, interaction_fatigue: s.interaction_fatigue + fatigue, social_energy: Math.max(0, s.social_energy - energyCost) };
}

/** `is_available` on regenerated values: no cooldown left, more than 30 s of time and more than 10 energy. */
export function isAvailable(s: { social_energy: number; available_time: number }, cooldownRemainingS: number): boolean {
  return cooldownRemainingS <= 0 && s.available_time > 30 && s.social_energy > 10;
}

/** Seconds of cooldown left at `now` (≥ 0; 0 without a cooldown). */
export function cooldownRemaining(cooldownUntil: string | null, now: Date): number {
  return cooldownUntil ? Math.max(0, (Date.parse(cooldownUntil) - now.getTime()) / 1000) : 0;
}

/** `is_available` of a stored state at `now` (regenerates first, so time and energy have come back). */
export function isAvailableAt(s: InteractionState, now: Date): boolean {
  return isAvailable(interactionAt(s, now), cooldownRemaining(s.cooldown_until, now));
}

/** Cooldown tuning (config `conversation.*`). */
export interface CooldownConfig {
  base_cooldown_s: number;
  satisfying_score: number;
  unsatisfying_score: number;
  satisfying_multiplier: number;
  unsatisfying_multiplier: number;
}

/** Default cooldown tuning. */
export const DEFAULT_COOLDOWN_CONFIG: CooldownConfig = {
  base_cooldown_s: 300, satisfying_score: 70, unsatisfying_score: 30, satisfying_multiplier: 0.5, unsatisfying_multiplier: 2.0,
};

/** Cooldown of one participant on conversation end: base · (final > 70 ? .5 : final < 30 ? 2 : 1) · (1 + own fatigue/100). */
export function cooldownSeconds(finalScore: number, fatigue: number, cfg: CooldownConfig = DEFAULT_COOLDOWN_CONFIG): number {
  const factor = finalScore > cfg.satisfying_score ? cfg.satisfying_multiplier : finalScore < cfg.unsatisfying_score ? cfg.unsatisfying_multiplier : 1;
  return cfg.base_cooldown_s * factor * (1 + fatigue / 100);
}

/** The state after a conversation ends for this participant: cooldown_until = now + its cooldown. */
export function withCooldown<T extends { interaction_fatigue: number; cooldown_until: string | null }>(
  s: T, finalScore: number, now: Date, cfg: CooldownConfig = DEFAULT_COOLDOWN_CONFIG,
): T {
  const ms = cooldownSeconds(finalScore, s.interaction_fatigue, cfg) * 1000;
  return { ...s, cooldown_until: new Date(now.getTime() + ms).toISOString() };
}

/** Autopilot tuning (`conversation.autopilot`). */
export interface AutopilotConfig {
  enabled: boolean;
  tick_seconds: number;
  advance_probability: number;
  max_concurrent: number;
  topics: string[];
}

/** Default autopilot tuning. */
export const DEFAULT_AUTOPILOT_CONFIG: AutopilotConfig = {
  enabled: false, tick_seconds: 30, advance_probability: 0.3, max_concurrent: 3, topics: ['gossip', 'travel', 'magic', 'stories', 'local_news'],
};

/** Lowest pair score the autopilot starts a conversation with. */
export const MIN_AUTOPILOT_PAIR_SCORE = 10;

/** What the autopilot reads of a candidate persona (regenerated energy). */
export interface AutopilotCandidate {
  id: string;
  charisma: number;
  social_energy: number;
}

/** Autopilot pair score: min charisma + (energy1 + energy2) / 20. */
export function autopilotPairScore(a: { charisma: number; social_energy: number }, b: { charisma: number; social_energy: number }): number {
  return Math.min(a.charisma, b.charisma) + (a.social_energy + b.social_energy) / 20;
}

/**
 * The pair (in persona order) maximising the pair score among available, non-talking candidates
 * given in persona order; ties keep the earlier pair; null when none reaches 10.
 */
export function pickAutopilotPair(candidates: readonly AutopilotCandidate[]): [string, string] | null {
  let best: [string, string] | null = null;
  let bestScore = -Infinity;
  for (let i = 0; i < candidates.length; i += 1) {
    for (let j = i + 1; j < candidates.length; j += 1) {
      const a = candidates[i] as AutopilotCandidate;
      const b = candidates[j] as AutopilotCandidate;
      const score = autopilotPairScore(a, b);
      if (score >= MIN_AUTOPILOT_PAIR_SCORE && score > bestScore) {
        best = [a.id, b.id];
        bestScore = score;
      }
    }
  }
  return best;
}

/** Whether a tick advances an active conversation: fnv1a32(id + ":" + tick) / 2^32 < advance_probability. */
export function autopilotAdvances(conversationId: string, tick: number, cfg: AutopilotConfig = DEFAULT_AUTOPILOT_CONFIG): boolean {
  return fnv1a32(`${conversationId}:${tick}`) / 2 ** 32 < cfg.advance_probability;
}

/** The topic of a conversation the autopilot starts at `tick`: topics[tick mod n] ("general" when empty). */
export function autopilotTopic(tick: number, cfg: AutopilotConfig = DEFAULT_AUTOPILOT_CONFIG): string {
  const n = cfg.topics.length;
  return n ? (cfg.topics[((tick % n) + n) % n] as string) : 'general';
}
