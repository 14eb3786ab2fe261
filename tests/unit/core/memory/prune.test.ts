import { describe, expect, it } from 'vitest';
import { MemoryConfigSchema } from '../../../../src/shared/index.ts';
import {
  DEFAULT_PRUNING_CONFIG, ageScore, atCeiling, nextPruneAtCount, protection, pruneCount, pruneScore, selectForPruning, shouldPruneAfterDecay,
  shouldPruneAfterInsert,
  type PrunableMemory,
} from '../../../../src/core/memory/prune.model.ts';

// Pruning test vectors — written for the earlier sizes 1000 / 900 / 800, set here explicitly
// (the defaults are now 20 000 / 18 000 / 16 000, docs/memory.md "Pruning").
const cfg = MemoryConfigSchema.parse({ pruning: { max_memories: 1000, threshold: 900, target: 800 } }).pruning;
const NOW = new Date('2026-11-25T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
const mem = (importance: number, accessed_count: number, age: number, extra: Partial<PrunableMemory> = {}): PrunableMemory =>
  ({ id: `${importance}-${accessed_count}-${age}`, importance, accessed_count, created_at: daysAgo(age), pinned: false, restored_at: null, ...extra });

describe('prune score and selectability (test vectors)', () => {
  it.each([
    [0.4, 0, 0, 0.34, 'grace'], [0.4, 0, 40, 0.30422, null], [0.4, 0, 100, 0.25, null], [0.6, 2, 50, 0.47337, null],
    [0.75, 0, 200, 0.46, 'importance'], [0.4, 6, 200, 0.43, 'access'], [0.2, 1, 10, 0.24675, null],
  ] as [number, number, number, number, string | null][])('importance %f accessed %i age %i → %f (protection %s)', (imp, acc, age, score, prot) => {
    const m = mem(imp, acc, age);
    expect(pruneScore(m, NOW, cfg)).toBeCloseTo(score, 5);
    expect(protection(m, NOW, cfg)).toBe(prot);
  });

  it('age_score: 1 up to 7 days, 0.1 from 90, linear between', () => {
    expect(ageScore(0, cfg)).toBe(1);
    expect(ageScore(7, cfg)).toBe(1);
    expect(ageScore(48.5, cfg)).toBeCloseTo(0.55, 12);
    expect(ageScore(90, cfg)).toBe(0.1);
    expect(ageScore(5000, cfg)).toBe(0.1);
  });

  it('strategies use the first one, two or three terms', () => {
    const m = mem(0.6, 2, 50);
    expect(pruneScore(m, NOW, { ...cfg, strategy: 'importance_only' })).toBeCloseTo(0.36, 12);
    expect(pruneScore(m, NOW, { ...cfg, strategy: 'importance_access' })).toBeCloseTo(0.42, 12);
    expect(pruneScore(m, NOW, { ...cfg, strategy: 'importance_access_age' })).toBeCloseTo(0.4733735, 7);
    expect(pruneScore(mem(0.4, 25, 0), NOW, cfg)).toBeCloseTo(0.64, 12); // access term capped at 1
  });

  it('protections: first match of pinned, importance, access, grace, restored (7 days)', () => {
    expect(protection(mem(0.9, 9, 1, { pinned: true }), NOW, cfg)).toBe('pinned');
    expect(protection(mem(0.7, 0, 100), NOW, cfg)).toBe('importance');
    expect(protection(mem(0.69, 5, 100), NOW, cfg)).toBe('access');
    expect(protection(mem(0.3, 0, 29), NOW, cfg)).toBe('grace');
    expect(protection(mem(0.3, 0, 30), NOW, cfg)).toBeNull();
    expect(protection(mem(0.3, 1, 2), NOW, cfg)).toBeNull(); // accessed once: no grace
    expect(protection(mem(0.3, 1, 100, { restored_at: daysAgo(6) }), NOW, cfg)).toBe('restored');
    expect(protection(mem(0.3, 1, 100, { restored_at: daysAgo(8) }), NOW, cfg)).toBeNull();
  });

  it('defaults (docs/memory.md "Pruning"; were 1000 / 900 / 800)', () => {
    expect(DEFAULT_PRUNING_CONFIG).toMatchObject({
      auto: true, max_memories: 20_000, threshold: 18_000, target: 16_000, strategy: 'importance_access_age',
      weights: { importance: 0.6, access: 0.3, age: 0.1 }, max_importance_to_delete: 0.7, high_access_threshold: 5,
      zero_access_grace_days: 30, recent_memory_days: 7, ancient_memory_days: 90, min_interval_minutes: 60,
      auto_prune_threshold: 1000, auto_prune_importance: 0.3, auto_prune_min_candidates: 50, restore_protection_days: 7, batch_size: 100,
    });
  });
});

describe('selection', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => mem(0.4, 1, 40, { id: `m${String(i).padStart(4, '0')}` }));

  it('counts: 1000 → prune 200 (target 800); 850 with force → 50; 700 with force → 0', () => {
    expect(pruneCount(1000, 800)).toBe(200);
    expect(pruneCount(850, 800)).toBe(50);
    expect(pruneCount(700, 800)).toBe(0);
    for (const [n, expected] of [[1000, 200], [850, 50], [700, 0]] as const) {
      const s = selectForPruning(many(n), pruneCount(n, cfg.target), NOW, cfg);
      expect(s.selected).toHaveLength(expected);
      expect(s.targetReached).toBe(true);
    }
  });

  it('selects the lowest scores first, skips protected ones, and says when the target cannot be reached', () => {
    const ms = [mem(0.4, 0, 100), mem(0.2, 1, 10), mem(0.9, 0, 200), mem(0.5, 1, 50, { pinned: true }), mem(0.3, 1, 40, { restored_at: daysAgo(1) })];
    const s = selectForPruning(ms, 2, NOW, cfg);
    expect(s.selected.map((x) => x.id)).toEqual(['0.2-1-10', '0.4-0-100']);
    expect(s.selected[0]!.score).toBeCloseTo(0.24675, 5);
    expect(s.targetReached).toBe(true);
    const all = selectForPruning(ms, 5, NOW, cfg);
    expect(all.selected).toHaveLength(2);
    expect(all.targetReached).toBe(false);
    expect(all.protectedCounts).toEqual({ importance: 1, access: 0, grace: 0, pinned: 1, restored: 1 });
  });

  it('ties in prune score go older first, then by id', () => {
    const older = mem(0.4, 1, 40.7, { id: 'z' });
    const newer = mem(0.4, 1, 40.2, { id: 'a' });
    const twinA = mem(0.4, 1, 40.2, { id: 'b', created_at: newer.created_at });
    expect(pruneScore(older, NOW, cfg)).toBe(pruneScore(newer, NOW, cfg));
    expect(selectForPruning([twinA, newer, older], 3, NOW, cfg).selected.map((x) => x.id)).toEqual(['z', 'a', 'b']);
  });

  it('an empty set or a zero count selects nothing and reaches the target', () => {
    expect(selectForPruning([], 0, NOW, cfg)).toEqual({ selected: [], protectedCounts: { importance: 0, access: 0, grace: 0, pinned: 0, restored: 0 }, targetReached: true });
    expect(selectForPruning([], 3, NOW, cfg).targetReached).toBe(false);
  });
});

describe('triggers', () => {
  it('after an insert: threshold with the 60-minute interval, or max_memories when past the back-off', () => {
    expect(shouldPruneAfterInsert(899, null, 0, NOW, cfg)).toBe(false);
    expect(shouldPruneAfterInsert(900, null, 0, NOW, cfg)).toBe(true);
    expect(shouldPruneAfterInsert(900, minutesAgo(59), 0, NOW, cfg)).toBe(false);
    expect(shouldPruneAfterInsert(900, minutesAgo(60), 0, NOW, cfg)).toBe(true);
    expect(shouldPruneAfterInsert(1000, minutesAgo(1), 0, NOW, cfg)).toBe(true);
    // Back-off: past max_memories a run waits for next_prune_at_count.
    expect(shouldPruneAfterInsert(1000, minutesAgo(1), 1050, NOW, cfg)).toBe(false);
    expect(shouldPruneAfterInsert(1049, minutesAgo(1), 1050, NOW, cfg)).toBe(false);
    expect(shouldPruneAfterInsert(1050, minutesAgo(1), 1050, NOW, cfg)).toBe(true);
    // The interval rule still applies on its own.
    expect(shouldPruneAfterInsert(1000, minutesAgo(60), 1050, NOW, cfg)).toBe(true);
  });

  it('back-off: next run at count + max(50, ⌈5 %⌉), never past the ceiling below it; the ceiling is 2 × max_memories', () => {
    expect(nextPruneAtCount(900, cfg)).toBe(950);
    expect(nextPruneAtCount(1000, cfg)).toBe(1050);
    expect(nextPruneAtCount(1050, cfg)).toBe(1103);
    expect(nextPruneAtCount(1988, cfg)).toBe(2000);
    expect(nextPruneAtCount(2000, cfg)).toBe(2100);
    expect(atCeiling(1999, cfg)).toBe(false);
    expect(atCeiling(2000, cfg)).toBe(true);
  });

  it('the ceiling lifts only the grace protection: pinned, importance, access and restored still hold', () => {
    const fresh = mem(0.3, 0, 1);
    expect(protection(fresh, NOW, cfg)).toBe('grace');
    expect(protection(fresh, NOW, cfg, true)).toBeNull();
    expect(protection(mem(0.3, 0, 1, { pinned: true }), NOW, cfg, true)).toBe('pinned');
    expect(protection(mem(0.7, 0, 1), NOW, cfg, true)).toBe('importance');
    expect(protection(mem(0.3, 5, 1), NOW, cfg, true)).toBe('access');
    expect(protection(mem(0.3, 1, 40, { restored_at: daysAgo(6) }), NOW, cfg, true)).toBe('restored');
    const fresh3 = [0, 1, 2].map((i) => mem(0.3, 0, 1, { id: `f${i}` }));
    expect(selectForPruning(fresh3, 2, NOW, cfg).selected).toHaveLength(0);
    expect(selectForPruning(fresh3, 2, NOW, cfg, true).selected).toHaveLength(2);
  });

  it('after decay: ≥ 1000 memories and more than 50 with importance ≤ .3, only with auto-pruning on', () => {
    expect(shouldPruneAfterDecay(1000, 51, cfg)).toBe(true);
    expect(shouldPruneAfterDecay(1000, 50, cfg)).toBe(false);
    expect(shouldPruneAfterDecay(999, 500, cfg)).toBe(false);
    expect(shouldPruneAfterDecay(1000, 51, { ...cfg, auto: false })).toBe(false);
  });
});
