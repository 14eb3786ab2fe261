// Availability, energy, fatigue and cooldown (intelligence.md §6), computed lazily from a stored anchor.

/** The interaction values that regenerate. */
export interface InteractionValues {
  social_energy: number;
  interaction_fatigue: number;
  available_time: number;
  available_time_max: number;
}

/** Regeneration over `dtSeconds`: +1 energy/min (≤200), −1 fatigue/5 min (≥0), +10 s time/min (≤max). */
export function regenerateInteraction<T extends InteractionValues>(s: T, dtSeconds: number): T {
  const dt = Math.max(0, dtSeconds);
  return {
    ...s,
    social_energy: Math.min(200, s.social_energy + dt / 60),
    interaction_fatigue: Math.max(0, s.interaction_fatigue - dt / 300),
    available_time: Math.min(s.available_time_max, s.available_time + (dt * 10) / 60),
  };
}

/** `apply_fatigue(s)` of a conversation turn lasting `seconds`. */
export function applyFatigue<T extends InteractionValues>(s: T, seconds: number): T {
  return {
    ...s,
    interaction_fatigue: s.interaction_fatigue + seconds / 30,
    social_energy: Math.max(0, s.social_energy - seconds / 60),
    available_time: Math.max(0, s.available_time - seconds),
  };
}

/** The cost of one chat turn: fatigue +0.5, energy −1 (configurable); time unchanged. */
export function applyChatTurn<T extends InteractionValues>(s: T, fatigue = 0.5, energyCost = 1): T {
  return { ...s, interaction_fatigue: s.interaction_fatigue + fatigue, social_energy: Math.max(0, s.social_energy - energyCost) };
}

/** `is_available`: no cooldown, more than 30 s of time and more than 10 energy. */
export function isAvailable(s: { social_energy: number; available_time: number }, cooldownRemainingS: number): boolean {
  return cooldownRemainingS <= 0 && s.available_time > 30 && s.social_energy > 10;
}

/** Cooldown tuning (§12 `conversation.*` keys). */
export interface CooldownConfig {
  base_cooldown_s: number;
  satisfying_score: number;
  unsatisfying_score: number;
  satisfying_multiplier: number;
  unsatisfying_multiplier: number;
}

/** Default cooldown tuning (§12). */
export const DEFAULT_COOLDOWN_CONFIG: CooldownConfig = {
  base_cooldown_s: 300, satisfying_score: 70, unsatisfying_score: 30, satisfying_multiplier: 0.5, unsatisfying_multiplier: 2.0,
};

/** Cooldown of one participant on conversation end: base · (final > 70 ? .5 : final < 30 ? 2 : 1) · (1 + own fatigue/100). */
export function cooldownSeconds(finalScore: number, fatigue: number, cfg: CooldownConfig = DEFAULT_COOLDOWN_CONFIG): number {
  const factor = finalScore > cfg.satisfying_score ? cfg.satisfying_multiplier : finalScore < cfg.unsatisfying_score ? cfg.unsatisfying_multiplier : 1;
  return cfg.base_cooldown_s * factor * (1 + fatigue / 100);
}

/** Autopilot pair score: min charisma + (energy1 + energy2) / 20. */
export function autopilotPairScore(a: { charisma: number; social_energy: number }, b: { charisma: number; social_energy: number }): number {
  return Math.min(a.charisma, b.charisma) + (a.social_energy + b.social_energy) / 20;
}
