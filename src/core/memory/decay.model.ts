import { DecayConfigSchema, type DecayMode, type MemoryConfig } from '../../shared/index.ts';
import { roundTo } from '../text/text.model.ts';

// Memory decay: computed from the stored base importance, so cycles are idempotent.

/** The decay configuration (`memory.decay`). */
export type DecayConfig = MemoryConfig['decay'];

/** `memory.decay` defaults (taken from the config schema, so there is one source of defaults). */
export const DEFAULT_DECAY_CONFIG: Readonly<DecayConfig> = Object.freeze(DecayConfigSchema.parse({}));

const DAY_MS = 86_400_000;

/**
 * Decay factor f(age) for a mode (0 at age ≤ 0, `max_factor` from `max_decay_days` on). access_based may
 * exceed 1 for never-accessed memories (cap × 2, as the spec writes it); the importance floor absorbs that.
 */
export function decayFactor(mode: DecayMode, ageDays: number, accessedCount: number, cfg: DecayConfig): number {
  if (mode === 'none' || ageDays <= 0) return 0;
  if (ageDays >= cfg.max_decay_days) return cfg.max_factor;
  switch (mode) {
    case 'linear':
      return Math.min(ageDays * cfg.linear_rate_per_day, cfg.max_factor);
    case 'exponential':
      return Math.min(1 - 0.5 ** (ageDays / cfg.exponential_half_life_days), cfg.max_factor);
    case 'logarithmic':
      return Math.min(Math.log(1 + ageDays) / Math.log(cfg.max_decay_days + 1), cfg.max_factor);
    case 'access_based': {
      const f = Math.min(1 - cfg.access_based_base ** (ageDays / cfg.access_based_period_days), cfg.access_based_cap);
      if (accessedCount === 0) return f * cfg.zero_access_multiplier;
      if (accessedCount >= cfg.high_access_threshold) return f * cfg.high_access_multiplier;
      return f;
    }
  }
}

/** What decay reads of a memory. */
export interface DecayableMemory {
  base_importance: number;
  pinned: boolean;
  created_at: string;
  last_accessed_at: string | null;
  accessed_count: number;
}

/** Whole days between two instants (floor). */
export function wholeDays(fromIso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(fromIso)) / DAY_MS);
}

/** The decayed importance of a memory at `now`, or null when the memory is skipped (the skip rules). */
export function decayedImportance(m: DecayableMemory, now: Date, cfg: DecayConfig): number | null {
  if (cfg.mode === 'none' || m.pinned) return null;
  if (m.base_importance >= cfg.protected_importance || m.base_importance <= cfg.floor) return null;
  if (m.last_accessed_at && now.getTime() - Date.parse(m.last_accessed_at) < cfg.access_protection_days * DAY_MS) return null;
  const f = decayFactor(cfg.mode, wholeDays(m.created_at, now), m.accessed_count, cfg);
  return Math.max(roundTo(m.base_importance - m.base_importance * f, 3), cfg.floor);
}

/** Forced decay of one persona (`memory.decay_force`): base and importance × (1 − factor), floor kept. */
export function forcedDecay(m: { base_importance: number; importance: number; pinned: boolean }, factor: number, floor: number): { base_importance: number; importance: number } | null {
  if (m.pinned || m.importance <= floor) return null;
  return { base_importance: Math.max(floor, m.base_importance * (1 - factor)), importance: Math.max(floor, m.importance * (1 - factor)) };
}
