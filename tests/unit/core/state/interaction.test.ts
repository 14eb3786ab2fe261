import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTOPILOT_CONFIG, DEFAULT_COOLDOWN_CONFIG, applyChatTurn, applyFatigue, autopilotAdvances, autopilotPairScore, autopilotTopic,
  cooldownRemaining, cooldownSeconds, interactionAt, isAvailable, isAvailableAt, pickAutopilotPair, regenerateInteraction, withCooldown,
  type InteractionState,
} from '../../../../src/core/state/interaction.model.ts';
import { fnv1a32 } from '../../../../src/core/text/text.model.ts';
import { ARIA, KIRA, NOW, at } from '../fixtures.ts';

const state = (over: Partial<InteractionState> = {}): InteractionState => ({
  social_energy: 80, interaction_fatigue: 10, available_time: 100, available_time_max: 300, interest_level: 50,
  current_priority: 'none', cooldown_until: null, updated_at: NOW.toISOString(), ...over,
});

// Interaction-state test vectors.
describe('cooldown, energy, availability (test vectors)', () => {
  it('cooldown: final 75, fatigue 12 → 168 s', () => {
    expect(Math.abs(cooldownSeconds(75, 12) - 168)).toBeLessThanOrEqual(1e-6);
  });

  it('cooldown: 25/0, 50/30, 70/0, 30/0 → 600 / 390 / 300 / 300 s', () => {
    const got = [cooldownSeconds(25, 0), cooldownSeconds(50, 30), cooldownSeconds(70, 0), cooldownSeconds(30, 0)];
    got.forEach((x, i) => expect(Math.abs(x - ([600, 390, 300, 300][i] as number))).toBeLessThanOrEqual(1e-6));
  });

  it('cooldown constants come from the config', () => {
    expect(cooldownSeconds(80, 0, { ...DEFAULT_COOLDOWN_CONFIG, base_cooldown_s: 100 })).toBe(50);
    expect(cooldownSeconds(65, 0, { ...DEFAULT_COOLDOWN_CONFIG, satisfying_score: 60, satisfying_multiplier: 0.25 })).toBe(75);
  });

  it('regeneration from (energy 80, fatigue 10, available 100, max 300): 600 s → 90, 8, 200; 5 400 s → 170, 0, 300', () => {
    const s = state();
    const a = regenerateInteraction(s, 600);
    expect([a.social_energy, a.interaction_fatigue, a.available_time]).toEqual([90, 8, 200]);
    const b = regenerateInteraction(s, 5400);
    expect([b.social_energy, b.interaction_fatigue, b.available_time]).toEqual([170, 0, 300]);
    expect(regenerateInteraction({ ...s, social_energy: 199 }, 6000).social_energy).toBe(200);
    expect(regenerateInteraction(s, -100)).toEqual(s);
  });

  it('lazy regeneration from updated_at, re-anchored at now', () => {
    const r = interactionAt(state(), at(600));
    expect([r.social_energy, r.interaction_fatigue, r.available_time, r.updated_at]).toEqual([90, 8, 200, at(600).toISOString()]);
  });

  it('apply_fatigue(30) on (fatigue 0, energy 150, available 600) → 1, 149.5, 570', () => {
    const f = applyFatigue(state({ interaction_fatigue: 0, social_energy: 150, available_time: 600, available_time_max: 600 }), 30);
    expect([f.interaction_fatigue, f.social_energy, f.available_time]).toEqual([1, 149.5, 570]);
    const drained = applyFatigue(state({ social_energy: 0.2, available_time: 10 }), 60);
    expect([drained.social_energy, drained.available_time]).toEqual([0, 0]);
  });

  it('chat turn on (fatigue 0, energy 80) → 0.5, 79; time unchanged', () => {
    const c = applyChatTurn(state({ interaction_fatigue: 0, social_energy: 80, available_time: 300 }));
    expect([c.interaction_fatigue, c.social_energy, c.available_time]).toEqual([0.5, 79, 300]);
    expect(applyChatTurn(state({ social_energy: 0.5 }), 1, 2).social_energy).toBe(0);
  });

  it('available? energy 11, time 31, no cooldown → true; energy 10 → false; time 30 → false', () => {
    expect(isAvailable({ social_energy: 11, available_time: 31 }, 0)).toBe(true);
    expect(isAvailable({ social_energy: 10, available_time: 31 }, 0)).toBe(false);
    expect(isAvailable({ social_energy: 11, available_time: 30 }, 0)).toBe(false);
    expect(isAvailable({ social_energy: 100, available_time: 300 }, 5)).toBe(false);
  });

  it('availability at a time: cooldown until, then regenerated values', () => {
    const cooling = state({ social_energy: 100, available_time: 300, cooldown_until: at(120).toISOString() });
    expect(cooldownRemaining(cooling.cooldown_until, NOW)).toBe(120);
    expect(isAvailableAt(cooling, at(119))).toBe(false);
    expect(isAvailableAt(cooling, at(120))).toBe(true);
    expect(cooldownRemaining(null, NOW)).toBe(0);
    const tired = state({ social_energy: 5, available_time: 300 });
    expect(isAvailableAt(tired, NOW)).toBe(false);
    expect(isAvailableAt(tired, at(360))).toBe(true);
  });

  it('cooldown on conversation end uses each participant\'s own fatigue', () => {
    const a = withCooldown(state({ interaction_fatigue: 12 }), 75, NOW);
    const b = withCooldown(state({ interaction_fatigue: 0 }), 75, NOW);
    expect(Date.parse(a.cooldown_until as string) - NOW.getTime()).toBe(168_000);
    expect(Date.parse(b.cooldown_until as string) - NOW.getTime()).toBe(150_000);
  });
});

describe('autopilot', () => {
  const aria = { id: 'aria', charisma: ARIA.charisma, social_energy: ARIA.social_energy };
  const kira = { id: 'kira', charisma: KIRA.charisma, social_energy: KIRA.social_energy };

  it('pair score Aria + Kira = 12 + (150 + 80)/20 = 23.5', () => {
    expect(autopilotPairScore(aria, kira)).toBe(23.5);
  });

  it('picks the best pair (≥ 10), ties by persona order', () => {
    const quiet = { id: 'quiet', charisma: 2, social_energy: 20 };
    expect(pickAutopilotPair([aria, quiet, kira])).toEqual(['aria', 'kira']);
    expect(pickAutopilotPair([quiet, { ...quiet, id: 'q2' }])).toBeNull();
    const twin = { ...kira, id: 'twin' };
    expect(pickAutopilotPair([kira, twin, { ...kira, id: 'third' }])).toEqual(['kira', 'twin']);
    expect(pickAutopilotPair([aria])).toBeNull();
  });

  it('deterministic advance draw and topic rotation', () => {
    for (const tick of [0, 1, 2, 3, 17]) {
      expect(autopilotAdvances('conv-1', tick)).toBe(fnv1a32(`conv-1:${tick}`) / 2 ** 32 < 0.3);
    }
    expect(autopilotAdvances('conv-1', 5, { ...DEFAULT_AUTOPILOT_CONFIG, advance_probability: 1 })).toBe(true);
    expect(autopilotAdvances('conv-1', 5, { ...DEFAULT_AUTOPILOT_CONFIG, advance_probability: 0 })).toBe(false);
    expect([0, 1, 2, 3, 4, 5].map((t) => autopilotTopic(t))).toEqual(['gossip', 'travel', 'magic', 'stories', 'local_news', 'gossip']);
    expect(autopilotTopic(3, { ...DEFAULT_AUTOPILOT_CONFIG, topics: [] })).toBe('general');
  });
});
