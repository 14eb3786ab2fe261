import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, databaseDigest, type TestCore } from '../../../support/core-harness.ts';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('emotional operations', () => {
  it('a fresh persona sits at its baseline with the baseline label', async () => {
    const aria = await t.call<Json>('emotional.get_state', { persona_id: 'Aria' });
    expect(aria.emotional_state).toMatchObject({ mood: 0.55, energy_level: 0.8, stress_level: 0.2, curiosity: 0.7, social_battery: 0.75, emotion: 'content' });
    expect((await t.call<Json>('emotional.get_state', { persona_id: 'Kira' })).emotional_state.emotion).toBe('curious');
  });

  it('delta nudges and clamps, then regenerates toward the baseline with a 30-minute half-life', async () => {
    const up = await t.call<Json>('emotional.update_state', { persona_id: 'Aria', mood: -2, stress_level: 0.7, mode: 'delta' });
    expect(up.success).toBe(true);
    expect(up.updated_state).toMatchObject({ mood: -1, emotion: 'angry' });
    expect(up.updated_state.stress_level).toBeCloseTo(0.9, 9);
    t.clock.advance(1800 * 1000);
    const later = (await t.call<Json>('emotional.get_state', { persona_id: 'Aria' })).emotional_state;
    expect(later.mood).toBeCloseTo(0.55 + (-1 - 0.55) / 2, 9);
    expect(later.stress_level).toBeCloseTo(0.2 + (0.9 - 0.2) / 2, 9);
  });

  it('writing social_battery writes social energy; a new baseline is kept on the persona', async () => {
    const res = await t.call<Json>('emotional.update_state', { persona_id: 'Kira', social_battery: 0.1, baseline: { mood: 0.6 } });
    expect(res.updated_state.social_battery).toBeCloseTo(0.1, 9);
    expect(res.updated_state.emotion).toBe('tired');
    expect(res.updated_state.baseline.mood).toBe(0.6);
    expect((await t.call<Json>('persona.get', { persona_id: 'Kira' })).persona.interaction_state.social_energy).toBeCloseTo(20, 6);
  });

  it('an emotion change moves the automatic avatar expression and emits events', async () => {
    const names: string[] = [];
    t.core.events.subscribe((e) => names.push(e.name));
    await t.call('emotional.update_state', { persona_id: 'Aria', mood: -0.5 });
    await new Promise((r) => setTimeout(r, 0));
    expect(names).toEqual(expect.arrayContaining(['emotion.changed', 'visual.changed']));
    expect((await t.call<Json>('visual.get', { persona_id: 'Aria' })).visual).toMatchObject({ expression: 'sad', expression_source: 'auto' });
  });

  it('unknown personas are an error, not an invented row', async () => {
    const before = databaseDigest(t.core);
    expect((await t.fail('emotional.get_state', { persona_id: 'ghost' })).code).toBe('PERSONA_NOT_FOUND');
    expect((await t.fail('emotional.update_state', { persona_id: 'ghost', mood: 0.1 })).code).toBe('PERSONA_NOT_FOUND');
    expect((await t.fail('emotional.update_state', { persona_id: 'Aria', mode: 'add' })).code).toBe('INVALID_PARAMS');
    expect(databaseDigest(t.core)).toBe(before);
  });
});

describe('visual operations', () => {
  it('manual cues override the automatic ones until they expire; gestures bump gesture_seq', async () => {
    const res = await t.call<Json>('visual.update', { persona_id: 'Aria', expression: 'surprised', gesture: 'point', expires_in_ms: 5000 });
    expect(res.visual).toMatchObject({ expression: 'surprised', expression_source: 'manual', gesture: 'point', gesture_seq: 1, persona_id: 'a1a1a1a1-0000-4000-8000-000000000001' });
    expect(res.visual.manual_until).toBe(new Date(t.clock.now().getTime() + 5000).toISOString());
    t.clock.advance(5001);
    const after = (await t.call<Json>('visual.get', { persona_id: 'Aria' })).visual;
    expect(after).toMatchObject({ expression: 'content', expression_source: 'auto', gesture: null, gesture_seq: 1 });
  });

  it('legacy type/data calls are applied; reset returns everything to auto', async () => {
    const res = await t.call<Json>('visual.update', { persona_id: 'Kira', type: 'emote', data: { expression: 'happy', intensity: 0.9, animation_tags: ['reading'] } });
    expect(res.update_type).toBe('emote');
    expect(res.visual).toMatchObject({ expression: 'happy', intensity: 0.9, animation_tags: ['reading'] });
    const reset = await t.call<Json>('visual.update', { persona_id: 'Kira', reset: true });
    expect(reset.visual).toMatchObject({ expression: 'curious', expression_source: 'auto', animation_tags: [] });
  });

  it('reset also ends a manual gesture that has not expired yet', async () => {
    await t.call<Json>('visual.update', { persona_id: 'Kira', gesture: 'wave' });
    expect((await t.call<Json>('visual.get', { persona_id: 'Kira' })).visual.gesture).toBe('wave');
    const reset = await t.call<Json>('visual.update', { persona_id: 'Kira', reset: true });
    expect(reset.visual).toMatchObject({ gesture: null, expression_source: 'auto' });
  });

  it('rejects bad cues without writing', async () => {
    const before = databaseDigest(t.core);
    const err = await t.fail('visual.update', { persona_id: 'Aria', expression: 'Big Smile!', intensity: 2, expires_in_ms: 5 });
    expect(err.code).toBe('INVALID_PARAMS');
    expect(err.issues?.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['expression', 'intensity', 'expires_in_ms']));
    expect(databaseDigest(t.core)).toBe(before);
  });
});

describe('relationship operations', () => {
  it('without any interaction there is no relationship, and the message says so', async () => {
    const res = await t.call<Json>('relationship.get', { persona1_id: 'Aria', persona2_id: 'Kira' });
    expect(res).toEqual({ relationship: null, reverse: null, exists: false, message: 'No relationship found between Aria and Kira' });
    const byParticipant = await t.call<Json>('relationship.get', { persona1_id: 'Aria', participant: { id: '@bob:example.org', display_name: 'Bob', platform: 'matrix' } });
    expect(byParticipant.message).toBe('No relationship found between Aria and Bob');
    expect(await t.call<Json>('relationship.list', { persona_id: 'Aria' })).toEqual({
      persona_id: 'a1a1a1a1-0000-4000-8000-000000000001', relationships: [], total_relationships: 0,
    });
  });

  it('returns the view with derived values and legacy keys for a stored relationship', async () => {
    const at = t.clock.now().toISOString();
    t.core.db.sqlite.prepare(
      `INSERT INTO relationships VALUES ('a1a1a1a1-0000-4000-8000-000000000001', 'persona:b2b2b2b2-0000-4000-8000-000000000002',
        'b2b2b2b2-0000-4000-8000-000000000002', 0.04, 0.024, 0.032, 0.02, 'stranger', 0, 1, 30, 0.8, ?, ?, '[]')`,
    ).run(at, at);
    const res = await t.call<Json>('relationship.get', { persona1_id: 'Aria', persona2_id: 'Kira' });
    expect(res.exists).toBe(true);
    expect(res.relationship).toMatchObject({
      persona1_id: 'a1a1a1a1-0000-4000-8000-000000000001', persona2_id: 'b2b2b2b2-0000-4000-8000-000000000002',
      intimacy: 0.02, relationship_type: 'stranger', type_locked: false,
      counterpart: { kind: 'persona', id: 'b2b2b2b2-0000-4000-8000-000000000002', name: 'Kira' },
    });
    // R1 of the spec: strength .0316, compatibility .036.
    expect(res.relationship.relationship_strength).toBeCloseTo(0.0316, 6);
    expect(res.relationship.compatibility_score).toBeCloseTo(0.036, 6);
    const list = await t.call<Json>('relationship.list', { persona_id: 'Aria', kind: 'persona' });
    expect(list.relationships.map((r: Json) => r.other_persona_id)).toEqual(['b2b2b2b2-0000-4000-8000-000000000002']);
    expect((await t.call<Json>('relationship.list', { persona_id: 'Aria', kind: 'participant' })).total_relationships).toBe(0);
  });

  it('rejects a self relationship and a missing counterpart', async () => {
    expect((await t.fail('relationship.get', { persona1_id: 'Aria', persona2_id: 'aria' })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('relationship.get', { persona1_id: 'Aria' })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('relationship.get', { persona1_id: 'Aria', persona2_id: 'ghost' })).code).toBe('PERSONA_NOT_FOUND');
  });
});

describe('system operations', () => {
  it('ping answers {} and system.status reports counts, version and job state', async () => {
    expect(await t.call('ping')).toEqual({});
    t.clock.advance(42_000);
    const s = await t.call<Json>('system.status');
    expect(s).toMatchObject({
      version: t.core.version, uptime_s: 42, total_personas: 2, available_personas: 2, open_sessions: 0,
      active_conversations: 0, current_persona: null, jobs: { decay: { running: false, last_run: null }, pruning: { last_run: null } },
    });
    expect(s.llm.provider).toBe('ollama');
  });

  it('with the offline provider configured the system is operational', async () => {
    const off = await (await import('../../../support/core-harness.ts')).createTestCore({ config: { llm: { provider: 'offline' } } });
    try {
      expect(await off.call<Json>('system.status')).toMatchObject({ system_status: 'operational', llm_available: true, llm: { provider: 'offline' } });
    } finally {
      await off.close();
    }
  });
});
