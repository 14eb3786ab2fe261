import { describe, expect, it } from 'vitest';
import {
  applyChatTurn, applyFatigue, autopilotPairScore, cooldownSeconds, isAvailable, regenerateInteraction,
} from '../../../../src/core/intelligence/interaction.model.ts';

// intelligence.md §13.8.
describe('cooldown, energy, availability (§6)', () => {
  it('cooldowns', () => {
    expect(cooldownSeconds(75, 12)).toBeCloseTo(168, 9);
    expect([cooldownSeconds(25, 0), cooldownSeconds(50, 30), cooldownSeconds(70, 0), cooldownSeconds(30, 0)]).toEqual([600, 390, 300, 300]);
  });
  it('regeneration after 600 s and 5 400 s', () => {
    const s = { social_energy: 80, interaction_fatigue: 10, available_time: 100, available_time_max: 300 };
    const a = regenerateInteraction(s, 600);
    expect([a.social_energy, a.interaction_fatigue, a.available_time]).toEqual([90, 8, 200]);
    const b = regenerateInteraction(s, 5400);
    expect([b.social_energy, b.interaction_fatigue, b.available_time]).toEqual([170, 0, 300]);
  });
  it('apply_fatigue(30) and a chat turn', () => {
    const f = applyFatigue({ interaction_fatigue: 0, social_energy: 150, available_time: 600, available_time_max: 600 }, 30);
    expect([f.interaction_fatigue, f.social_energy, f.available_time]).toEqual([1, 149.5, 570]);
    const c = applyChatTurn({ interaction_fatigue: 0, social_energy: 80, available_time: 300, available_time_max: 300 });
    expect([c.interaction_fatigue, c.social_energy, c.available_time]).toEqual([0.5, 79, 300]);
  });
  it('availability thresholds', () => {
    expect(isAvailable({ social_energy: 11, available_time: 31 }, 0)).toBe(true);
    expect(isAvailable({ social_energy: 10, available_time: 31 }, 0)).toBe(false);
    expect(isAvailable({ social_energy: 11, available_time: 30 }, 0)).toBe(false);
    expect(isAvailable({ social_energy: 100, available_time: 300 }, 5)).toBe(false);
  });
  it('autopilot pair score Aria + Kira = 23.5', () => {
    expect(autopilotPairScore({ charisma: 18, social_energy: 150 }, { charisma: 12, social_energy: 80 })).toBe(23.5);
  });
});
