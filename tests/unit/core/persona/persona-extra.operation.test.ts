import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, databaseDigest, type TestCore } from '../../../support/core-harness.ts';
import { readPngTexts } from '../../../../src/core/cards/index.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(() => t.close());

describe('persona.switch, status and legacy lookups', () => {
  it('switch sets the connection\'s current persona; unavailable personas need force', async () => {
    const s = await t.call<Json>('persona.switch', { persona_id: 'aria' });
    expect(s).toMatchObject({ name: 'Aria', status: 'active', social_energy: 150, available_time: 600, current_priority: 'social' });
    expect((await t.call<Json>('persona.get')).persona.name).toBe('Aria');
    await t.call('emotional.update_state', { persona_id: 'Kira', social_battery: 0.04 });
    const err = await t.fail('persona.switch', { persona_id: 'Kira' });
    expect(err.code).toBe('PERSONA_UNAVAILABLE');
    expect(err.details).toMatchObject({ persona_id: 'b2b2b2b2-0000-4000-8000-000000000002', social_energy: 8 });
    expect((await t.call<Json>('persona.switch', { persona_id: 'Kira', force: true })).name).toBe('Kira');
  });

  it('status bundles persona, state, emotion and memory stats', async () => {
    await t.call('memory.store', { persona_id: 'Kira', content: 'Runes again.' });
    const s = await t.call<Json>('persona.status', { persona_id: 'Kira' });
    expect(s.persona).toMatchObject({ name: 'Kira', charisma: 12 });
    expect(s.interaction_state).toMatchObject({ current_priority: 'academic', is_available: true });
    expect(s.emotional_state.emotion).toBe('curious');
    expect(s.memory_stats.total_memories).toBe(1);
  });

  it('legacy persona.memory and persona.relationship answer in the earlier shapes', async () => {
    await t.call('memory.store', { persona_id: 'Aria', content: 'A dragon attacked the mill!' });
    await t.call('persona.switch', { persona_id: 'Aria' });
    const mem = await t.call<Json>('persona.memory', { query: 'dragon', limit: 2 });
    expect(mem).toMatchObject({ query: 'dragon', total_found: 1 });
    expect(Object.keys(mem.memories[0]).sort()).toEqual(['content', 'created_at', 'id', 'importance', 'memory_type']);
    expect(await t.call('persona.relationship', { target_persona: 'Kira' })).toEqual({
      current_persona: 'a1a1a1a1-0000-4000-8000-000000000001', target_persona: 'b2b2b2b2-0000-4000-8000-000000000002', relationship: null,
    });
  });
});

describe('relationship.update, compatibility and stats', () => {
  it('updates both directions with the spec rule (R1) and records history', async () => {
    const r = await t.call<Json>('relationship.update', { persona1_id: 'Aria', persona2_id: 'Kira', interaction_quality: 0.8, duration_minutes: 30 });
    expect(r).toMatchObject({ success: true, message: 'Relationship updated successfully', interaction_processed: { quality: 0.8, duration_minutes: 30, context: 'conversation' } });
    expect(r.updated_relationship.affinity).toBeCloseTo(0.04, 9);
    expect(r.updated_relationship.compatibility_score).toBeCloseTo(0.036, 9);
    expect(r.reverse.trust).toBeCloseTo(0.024, 9);
    const got = await t.call<Json>('relationship.get', { persona1_id: 'Kira', persona2_id: 'Aria', history_limit: 5 });
    expect(got.events).toHaveLength(1);
    expect(got.events[0]).toMatchObject({ source: 'manual', quality: 0.8, minutes: 30 });
  });

  it('a manual type is set and locked until unlocked; participants work too', async () => {
    const bob = { id: '@bob:example.org', display_name: 'Bob', platform: 'matrix' };
    await t.call('relationship.update', { persona1_id: 'Aria', participant: bob, relationship_type: 'mentor' });
    await t.call('relationship.update', { persona1_id: 'Aria', participant: bob, interaction_quality: -1, duration_minutes: 30, context: 'conflict' });
    const rel = (await t.call<Json>('relationship.get', { persona1_id: 'Aria', participant: bob })).relationship;
    expect(rel).toMatchObject({ relationship_type: 'mentor', type_locked: true, counterpart: { kind: 'participant', name: 'Bob' } });
    await t.call('relationship.update', { persona1_id: 'Aria', participant: bob, unlock_type: true });
    expect((await t.call<Json>('relationship.get', { persona1_id: 'Aria', participant: bob })).relationship.type_locked).toBe(false);
  });

  it('compatibility of Aria and Kira matches the test vectors; stats count what exists', async () => {
    const c = await t.call<Json>('relationship.compatibility', { persona1_id: 'Aria', persona2_id: 'Kira' });
    expect(c.compatibility_analysis).toEqual({ overall: 0.667, personality: 0.5, social: 0.82, interests: 0.85, history: 0.5, prediction: 'very_good' });
    expect(c.interaction_suggestions.recommended_topics).toEqual(['magic']);
    await t.call('relationship.update', { persona1_id: 'Aria', persona2_id: 'Kira', interaction_quality: 0.8, duration_minutes: 30 });
    const s = (await t.call<Json>('relationship.stats')).relationship_statistics;
    expect(s).toMatchObject({ total_relationships: 2, persona_relationships: 2, participant_relationships: 0, relationship_types: { stranger: 2 }, total_interactions: 2 });
    expect((await t.fail('relationship.compatibility', { persona1_id: 'Aria', persona2_id: 'aria' })).code).toBe('INVALID_PARAMS');
  });

  it('bad relationship input changes nothing', async () => {
    const before = databaseDigest(t.core);
    expect((await t.fail('relationship.update', { persona1_id: 'Aria', persona2_id: 'Kira', interaction_quality: 2 })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('relationship.update', { persona1_id: 'Aria', persona2_id: 'ghost' })).code).toBe('PERSONA_NOT_FOUND');
    expect((await t.fail('relationship.update', { persona1_id: 'Aria', persona2_id: 'Kira', relationship_type: 'frenemy' })).code).toBe('INVALID_PARAMS');
    expect(databaseDigest(t.core)).toBe(before);
  });
});

describe('cross-persona memory', () => {
  it('public memories are readable by all, shared only by witnesses, private by nobody else', async () => {
    await t.call('memory.store', { persona_id: 'Kira', content: 'The east tower library holds a rune primer.', visibility: 'public', importance: 0.7 });
    await t.call('memory.store', { persona_id: 'Kira', content: 'A secret rune door behind the tower.', visibility: 'shared', importance: 0.8, witnessed_by: ['persona:a1a1a1a1-0000-4000-8000-000000000001'] });
    await t.call('memory.store', { persona_id: 'Kira', content: 'A rune only Kira knows.', visibility: 'private', importance: 0.9 });
    await t.call('memory.store', { persona_id: 'Kira', content: 'A rune shown to nobody in particular.', visibility: 'shared', importance: 0.9 });
    const res = await t.call<Json>('memory.search_cross_persona', { persona_id: 'Aria', query: 'rune', min_importance: 0.3 });
    expect(res.memories.map((m: Json) => m.content).sort()).toEqual(['A secret rune door behind the tower.', 'The east tower library holds a rune primer.']);
    expect(res.memories.every((m: Json) => m.source === 'cross_persona' && m.source_persona.name === 'Kira')).toBe(true);
    const own = await t.call<Json>('memory.search_cross_persona', { persona_id: 'Kira', query: 'rune', min_importance: 0.3 });
    expect(own.memories.every((m: Json) => m.source === 'own')).toBe(true);
    expect(own.memories).toHaveLength(3);
    const stats = (await t.call<Json>('memory.shared_stats')).shared_memory_statistics;
    expect(stats).toMatchObject({ shared_memories: 2, public_memories: 1 });
  });
});

describe('character cards through the operations', () => {
  it('export V3 JSON and PNG, import it back under a new name, conflicts by default', async () => {
    const json = await t.call<Json>('persona.export', { persona_id: 'Aria' });
    expect(json).toMatchObject({ spec: 'v3', format: 'json', filename: 'aria.json' });
    expect(json.card.data.extensions.persona_mcp).toMatchObject({ schema_version: 1, charisma: 18 });
    expect((await t.fail('persona.import', { card: json.card })).code).toBe('CONFLICT');
    const renamed = await t.call<Json>('persona.import', { card: json.card, on_conflict: 'rename' });
    expect(renamed).toMatchObject({ name: 'Aria (2)', created: true, replaced: false, source_spec: 'chara_card_v3' });
    const png = await t.call<Json>('persona.export', { persona_id: 'Kira', format: 'png' });
    expect(readPngTexts(Buffer.from(png.png_base64, 'base64')).map((x) => x.keyword).sort()).toEqual(['ccv3', 'chara']);
    await t.call('memory.store', { persona_id: 'Kira', content: 'kept through replace' });
    const replaced = await t.call<Json>('persona.import', { png_base64: png.png_base64, on_conflict: 'replace' });
    expect(replaced).toMatchObject({ persona_id: 'b2b2b2b2-0000-4000-8000-000000000002', replaced: true, created: false });
    expect((await t.call<Json>('memory.stats', { persona_id: 'Kira' })).total_memories).toBe(1);
    const kira = (await t.call<Json>('persona.get', { persona_id: 'Kira' })).persona;
    expect(kira).toMatchObject({ charisma: 12, topic_preferences: { research: 95 } });
  });

  it('rejects a PNG without a card and an unknown spec with UNSUPPORTED_FORMAT, changing nothing', async () => {
    const before = databaseDigest(t.core);
    const blank = (await import('../../../../src/core/cards/index.ts')).solidPng(4, 4, 0xff0000).toString('base64');
    expect((await t.fail('persona.import', { png_base64: blank })).code).toBe('UNSUPPORTED_FORMAT');
    expect((await t.fail('persona.import', { card: { spec: 'chara_card_v9', data: {} } })).code).toBe('UNSUPPORTED_FORMAT');
    expect((await t.fail('persona.import', {})).code).toBe('INVALID_PARAMS');
    expect(databaseDigest(t.core)).toBe(before);
  });
});
