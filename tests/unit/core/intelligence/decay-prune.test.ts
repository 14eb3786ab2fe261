import { describe, expect, it } from 'vitest';
import { MemoryConfigSchema, type DecayMode } from '../../../../src/shared/index.ts';
import { decayedImportance } from '../../../../src/core/intelligence/decay.model.ts';
import { pruneCount, pruneScore, protection, selectForPruning } from '../../../../src/core/intelligence/prune.model.ts';

const cfg = MemoryConfigSchema.parse({});
const NOW = new Date('2026-11-25T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const decay = (mode: DecayMode, age: number, accessed: number, base = 0.5, extra: Record<string, unknown> = {}) =>
  decayedImportance({ base_importance: base, pinned: false, created_at: daysAgo(age), last_accessed_at: daysAgo(30), accessed_count: accessed, ...extra }, NOW, { ...cfg.decay, mode });

describe('decay (§3.3, vectors §13.2)', () => {
  it.each([
    ['linear', 15, 1, 0.425], ['linear', 30, 1, 0.35], ['exponential', 7, 1, 0.425], ['exponential', 30, 1, 0.25],
    ['logarithmic', 7, 1, 0.27], ['logarithmic', 30, 1, 0.119], ['linear', 45, 5, 0.275],
    ['access_based', 15, 1, 0.418], ['access_based', 30, 1, 0.35], ['access_based', 60, 1, 0.245], ['access_based', 89, 1, 0.2],
    ['access_based', 90, 1, 0.1], ['access_based', 30, 0, 0.2], ['access_based', 30, 3, 0.425], ['access_based', 0, 0, 0.5],
  ] as [DecayMode, number, number, number][])('%s age %i accessed %i → %f', (mode, age, accessed, expected) => {
    expect(decay(mode, age, accessed)).toBeCloseTo(expected, 9);
  });

  it('extras: capped exponential, and the documented graduation figures', () => {
    expect(decay('exponential', 89, 1, 0.7)).toBeCloseTo(0.14, 9);
    expect(decay('access_based', 15, 2)).toBeCloseTo(0.418, 9);
    expect(decay('access_based', 60, 0, 0.3)).toBeCloseTo(0.1, 9);
  });

  it('skips protected, pinned and recently accessed memories; a cycle is idempotent', () => {
    expect(decay('linear', 30, 1, 0.8)).toBeNull();
    expect(decay('linear', 30, 1, 0.5, { pinned: true })).toBeNull();
    expect(decay('linear', 30, 1, 0.5, { last_accessed_at: daysAgo(3) })).toBeNull();
    expect(decay('none', 30, 1)).toBeNull();
    expect(decay('linear', 30, 1)).toBe(decay('linear', 30, 1));
  });
});

describe('pruning (§3.4, vectors §13.3)', () => {
  const mem = (importance: number, accessed_count: number, age: number, extra = {}) =>
    ({ id: `${importance}-${accessed_count}-${age}`, importance, accessed_count, created_at: daysAgo(age), pinned: false, restored_at: null, ...extra });
  it.each([
    [0.4, 0, 0, 0.34, 'grace'], [0.4, 0, 40, 0.30422, null], [0.4, 0, 100, 0.25, null], [0.6, 2, 50, 0.47337, null],
    [0.75, 0, 200, 0.46, 'importance'], [0.4, 6, 200, 0.43, 'access'], [0.2, 1, 10, 0.24675, null],
  ] as [number, number, number, number, string | null][])('importance %f accessed %i age %i → %f', (imp, acc, age, score, prot) => {
    const m = mem(imp, acc, age);
    expect(pruneScore(m, NOW, cfg.pruning)).toBeCloseTo(score, 5);
    expect(protection(m, NOW, cfg.pruning)).toBe(prot);
  });

  it('counts: 1000 → 200, 850 with force → 50, 700 → 0', () => {
    expect(pruneCount(1000, 800)).toBe(200);
    expect(pruneCount(850, 800)).toBe(50);
    expect(pruneCount(700, 800)).toBe(0);
  });

  it('selects the lowest scores first, skips protected ones, and says when the target cannot be reached', () => {
    const ms = [mem(0.4, 0, 100), mem(0.2, 1, 10), mem(0.9, 0, 200), mem(0.5, 1, 50, { pinned: true }), mem(0.3, 1, 40, { restored_at: daysAgo(1) })];
    const s = selectForPruning(ms, 2, NOW, cfg.pruning);
    expect(s.selected.map((x) => x.id)).toEqual(['0.2-1-10', '0.4-0-100']);
    expect(s.targetReached).toBe(true);
    const all = selectForPruning(ms, 5, NOW, cfg.pruning);
    expect(all.targetReached).toBe(false);
    expect(all.protectedCounts).toEqual({ importance: 1, access: 0, grace: 0, pinned: 1, restored: 1 });
  });
});
