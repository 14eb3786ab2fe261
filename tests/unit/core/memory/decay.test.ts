import { describe, expect, it } from 'vitest';
import { MemoryConfigSchema, type DecayMode } from '../../../../src/shared/index.ts';
import {
  DEFAULT_DECAY_CONFIG, decayFactor, decayedImportance, forcedDecay, wholeDays, type DecayableMemory,
} from '../../../../src/core/memory/decay.model.ts';

// Decay test vectors: base importance 0.5, last access more than 7 days ago.
const cfg = MemoryConfigSchema.parse({}).decay;
const NOW = new Date('2026-11-25T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const memory = (age: number, accessed: number, base = 0.5, extra: Partial<DecayableMemory> = {}): DecayableMemory =>
  ({ base_importance: base, pinned: false, created_at: daysAgo(age), last_accessed_at: daysAgo(30), accessed_count: accessed, ...extra });
const decay = (mode: DecayMode, age: number, accessed: number, base = 0.5, extra: Partial<DecayableMemory> = {}) =>
  decayedImportance(memory(age, accessed, base, extra), NOW, { ...cfg, mode });

describe('decay (test vectors)', () => {
  it.each([
    ['linear', 15, 1, 0.425], ['linear', 30, 1, 0.35], ['exponential', 7, 1, 0.425], ['exponential', 30, 1, 0.25],
    ['logarithmic', 7, 1, 0.27], ['logarithmic', 30, 1, 0.119], ['linear', 45, 5, 0.275],
    ['access_based', 15, 1, 0.418], ['access_based', 30, 1, 0.35], ['access_based', 60, 1, 0.245], ['access_based', 89, 1, 0.2],
    ['access_based', 90, 1, 0.1], ['access_based', 30, 0, 0.2], ['access_based', 30, 1, 0.35], ['access_based', 30, 3, 0.425],
    ['access_based', 0, 0, 0.5],
  ] as [DecayMode, number, number, number][])('%s age %i accessed %i → %f', (mode, age, accessed, expected) => {
    expect(decay(mode, age, accessed)).toBeCloseTo(expected, 9);
  });

  it('extras: capped exponential, and the documented graduation figures', () => {
    expect(decay('exponential', 89, 1, 0.7)).toBeCloseTo(0.14, 9);
    expect(decay('access_based', 15, 2)).toBeCloseTo(0.418, 9);
    expect((0.5 - 0.418) / 0.5).toBeCloseTo(0.164, 9);
    expect(decay('access_based', 60, 0, 0.3)).toBeCloseTo(0.1, 9);
  });

  it('the default mode is access_based and the documented defaults hold', () => {
    expect(decayedImportance(memory(15, 1), NOW, cfg)).toBeCloseTo(0.418, 9);
    expect(DEFAULT_DECAY_CONFIG).toMatchObject({
      enabled: true, mode: 'access_based', interval_hours: 6, max_decay_days: 90, floor: 0.1, protected_importance: 0.8,
      access_protection_days: 7, high_access_threshold: 3, zero_access_multiplier: 2, high_access_multiplier: 0.5,
      linear_rate_per_day: 0.01, exponential_half_life_days: 30, access_based_base: 0.7, access_based_period_days: 30,
      access_based_cap: 0.6, max_factor: 0.8, max_personas_per_cycle: 5, batch_size: 100,
    });
  });

  it('skips: mode none, pinned, protected (≥ .8), at the floor (≤ .1), accessed within 7 days', () => {
    expect(decay('none', 30, 1)).toBeNull();
    expect(decay('linear', 30, 1, 0.5, { pinned: true })).toBeNull();
    expect(decay('linear', 30, 1, 0.8)).toBeNull();
    expect(decay('linear', 30, 1, 0.95)).toBeNull();
    expect(decay('linear', 30, 1, 0.1)).toBeNull();
    expect(decay('linear', 30, 1, 0.05)).toBeNull();
    expect(decay('linear', 30, 1, 0.5, { last_accessed_at: daysAgo(3) })).toBeNull();
    expect(decay('linear', 30, 1, 0.5, { last_accessed_at: daysAgo(6.99) })).toBeNull();
    expect(decay('linear', 30, 1, 0.5, { last_accessed_at: daysAgo(7) })).toBeCloseTo(0.35, 9);
    expect(decay('linear', 30, 1, 0.5, { last_accessed_at: null })).toBeCloseTo(0.35, 9);
    expect(decay('linear', 30, 1, 0.79)).toBeCloseTo(0.553, 9);
  });

  it('is idempotent: a second cycle at the same instant reads base_importance again and writes the same value', () => {
    const m = memory(45, 1);
    const first = decayedImportance(m, NOW, cfg);
    const second = decayedImportance({ ...m, importance: first } as DecayableMemory, NOW, cfg);
    expect(second).toBe(first);
    expect(first).toBeCloseTo(0.5 * 0.7 ** 1.5, 3);
  });

  it('age is whole days since created_at (floor); future timestamps do not decay', () => {
    expect(wholeDays(daysAgo(14.99), NOW)).toBe(14);
    expect(decay('linear', 15.9, 1)).toBeCloseTo(0.425, 9);
    expect(decay('linear', -3, 1)).toBe(0.5);
  });

  it('decayFactor: 0 at age 0, max_factor from max_decay_days on in every mode, and config changes apply', () => {
    for (const mode of ['linear', 'exponential', 'logarithmic', 'access_based'] as const) {
      expect(decayFactor(mode, 0, 1, cfg)).toBe(0);
      expect(decayFactor(mode, 90, 1, cfg)).toBe(0.8);
      expect(decayFactor(mode, 400, 0, cfg)).toBe(0.8);
    }
    expect(decayFactor('none', 50, 1, cfg)).toBe(0);
    expect(decayFactor('exponential', 89, 1, cfg)).toBe(0.8); // capped: day 89 never decays more than day 90
    expect(decayFactor('linear', 10, 1, { ...cfg, linear_rate_per_day: 0.02 })).toBeCloseTo(0.2, 12);
    expect(decayFactor('linear', 10, 1, { ...cfg, max_decay_days: 10, max_factor: 0.5 })).toBe(0.5);
    expect(decayFactor('access_based', 30, 3, { ...cfg, high_access_threshold: 5 })).toBeCloseTo(0.3, 12);
  });
});

describe('forced decay (`memory.decay_force` with a persona)', () => {
  it('multiplies base and importance by (1 − factor), keeps the floor, skips pinned and floored memories', () => {
    const r = forcedDecay({ base_importance: 0.6, importance: 0.5, pinned: false }, 0.1, 0.1);
    expect(r!.base_importance).toBeCloseTo(0.54, 12);
    expect(r!.importance).toBeCloseTo(0.45, 12);
    expect(forcedDecay({ base_importance: 0.105, importance: 0.105, pinned: false }, 0.5, 0.1)).toEqual({ base_importance: 0.1, importance: 0.1 });
    expect(forcedDecay({ base_importance: 0.6, importance: 0.5, pinned: true }, 0.1, 0.1)).toBeNull();
    expect(forcedDecay({ base_importance: 0.1, importance: 0.1, pinned: false }, 0.1, 0.1)).toBeNull();
    expect(forcedDecay({ base_importance: 0.6, importance: 0.5, pinned: false }, 0, 0.1)).toEqual({ base_importance: 0.6, importance: 0.5 });
  });
});
