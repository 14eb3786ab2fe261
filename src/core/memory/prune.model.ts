import { PruningConfigSchema, type MemoryConfig } from '../../shared/index.ts';
import { wholeDays } from './decay.model.ts';

// Pruning (docs/memory.md "Pruning"): lowest prune score first, with protections;
// automatic runs back off when they cannot archive, and a hard ceiling lifts the grace protection.

/** The pruning configuration (`memory.pruning`). */
export type PruningConfig = MemoryConfig['pruning'];

/** `memory.pruning` defaults (taken from the config schema, so there is one source of defaults). */
export const DEFAULT_PRUNING_CONFIG: Readonly<PruningConfig> = Object.freeze(PruningConfigSchema.parse({}));

/** What pruning reads of a memory. */
export interface PrunableMemory {
  id: string;
  importance: number;
  accessed_count: number;
  created_at: string;
  pinned: boolean;
  restored_at: string | null;
}

/** Why a memory is kept. */
export type Protection = 'pinned' | 'importance' | 'access' | 'grace' | 'restored';

/** age_score: 1 up to `recent_memory_days`, 0.1 from `ancient_memory_days`, linear between. */
export function ageScore(ageDays: number, cfg: PruningConfig): number {
  if (ageDays <= cfg.recent_memory_days) return 1;
  if (ageDays >= cfg.ancient_memory_days) return 0.1;
  return 1 - (0.9 * (ageDays - cfg.recent_memory_days)) / (cfg.ancient_memory_days - cfg.recent_memory_days);
}

/** prune_score (lower = pruned first) under the configured strategy. */
export function pruneScore(m: PrunableMemory, now: Date, cfg: PruningConfig): number {
  const w = cfg.weights;
  const importance = w.importance * m.importance;
  if (cfg.strategy === 'importance_only') return importance;
  const access = w.access * Math.min(m.accessed_count / 10, 1);
  if (cfg.strategy === 'importance_access') return importance + access;
  return importance + access + w.age * ageScore(wholeDays(m.created_at, now), cfg);
}

/**
 * The protection that keeps a memory, or null when it may be pruned. `ceiling` (count ≥ 2 × max_memories)
 * lifts the never-accessed grace; pinned, importance, access and restored protections always hold.
 */
export function protection(m: PrunableMemory, now: Date, cfg: PruningConfig, ceiling = false): Protection | null {
  if (m.pinned) return 'pinned';
  if (m.importance >= cfg.max_importance_to_delete) return 'importance';
  if (m.accessed_count >= cfg.high_access_threshold) return 'access';
  if (!ceiling && m.accessed_count === 0 && wholeDays(m.created_at, now) < cfg.zero_access_grace_days) return 'grace';
  if (m.restored_at && now.getTime() - Date.parse(m.restored_at) < cfg.restore_protection_days * 86_400_000) return 'restored';
  return null;
}

const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** prune_count = count − min(target, count). */
export function pruneCount(count: number, target: number): number {
  return count - Math.min(target, count);
}

/** The outcome of a selection. */
export interface PruneSelection {
  selected: { id: string; score: number; importance: number }[];
  protectedCounts: Record<Protection, number>;
  targetReached: boolean;
}

/**
 * Walks memories by ascending prune score (ties: older first, then id) and selects until `count` are
 * chosen, skipping protected ones; `protectedCounts` counts the protected memories met on the walk.
 */
export function selectForPruning(memories: PrunableMemory[], count: number, now: Date, cfg: PruningConfig, ceiling = false): PruneSelection {
  const protectedCounts: Record<Protection, number> = { importance: 0, access: 0, grace: 0, pinned: 0, restored: 0 };
  const ordered = memories
    .map((m) => ({ m, score: pruneScore(m, now, cfg) }))
    .sort((a, b) => a.score - b.score || cmp(a.m.created_at, b.m.created_at) || cmp(a.m.id, b.m.id));
  const selected: PruneSelection['selected'] = [];
  for (const { m, score } of ordered) {
    if (selected.length >= count) break;
    const p = protection(m, now, cfg, ceiling);
    if (p) { protectedCounts[p] += 1; continue; }
    selected.push({ id: m.id, score, importance: m.importance });
  }
  return { selected, protectedCounts, targetReached: selected.length >= count };
}

/**
 * When automatic pruning is due (the pruning job checks it from the per-persona count; once the insert
 * trigger): count ≥ threshold and the last automatic run ≥ min_interval
 * ago, or count ≥ max_memories and count ≥ the persona's `next_prune_at_count` (its back-off; 0 = none).
 */
export function shouldPruneAfterInsert(count: number, lastPruneAt: string | null, nextPruneAt: number, now: Date, cfg: PruningConfig): boolean {
  if (count >= cfg.max_memories && count >= nextPruneAt) return true;
  if (count < cfg.threshold) return false;
  return !lastPruneAt || now.getTime() - Date.parse(lastPruneAt) >= cfg.min_interval_minutes * 60_000;
}

/** The hard ceiling: at 2 × max_memories a run lifts the grace protection. */
export function atCeiling(count: number, cfg: PruningConfig): boolean {
  return count >= 2 * cfg.max_memories;
}

/**
 * Back-off after an automatic run that archived fewer than requested: the next run past max_memories
 * waits for count + max(50, ⌈5 % of count⌉) memories, but never past the ceiling, so the ceiling run
 * happens when the count reaches 2 × max_memories.
 */
export function nextPruneAtCount(count: number, cfg: PruningConfig): number {
  const next = count + Math.max(50, Math.ceil(0.05 * count));
  return atCeiling(count, cfg) ? next : Math.min(next, 2 * cfg.max_memories);
}

/** Decay trigger: ≥ auto_prune_threshold memories, more than auto_prune_min_candidates with importance ≤ auto_prune_importance. */
export function shouldPruneAfterDecay(count: number, lowImportanceCount: number, cfg: PruningConfig): boolean {
  return cfg.auto && count >= cfg.auto_prune_threshold && lowImportanceCount > cfg.auto_prune_min_candidates;
}
