import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, databaseDigest, type TestCore } from '../../support/core-harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ config: { llm: { provider: 'offline' } } });
});
afterEach(() => t.close());

const bob = { id: '@bob:example.org', display_name: 'Bob', platform: 'matrix' };

describe('state.save / state.load', () => {
  it('a saved bundle loads as a new persona with every memory, relationship and session, and replace restores in place', async () => {
    await t.call('persona.chat', { persona_id: 'Kira', message: 'Hello there! I found an old rune by the river.', participant: bob });
    await t.call('persona.chat', { persona_id: 'Kira', message: 'Tell me about magic', participant: bob });
    const m = await t.call<Json>('memory.store', { persona_id: 'Kira', content: 'To archive' });
    await t.call('memory.delete', { memory_id: m.memory_id });
    await t.call('relationship.update', { persona1_id: 'Kira', persona2_id: 'Aria', interaction_quality: 0.8, duration_minutes: 30 });
    const saved = await t.call<Json>('state.save', { persona_id: 'Kira', include_sessions: true });
    expect(saved.state_saved).toBe(true);
    expect(saved.bundle.counts).toEqual({ memories: 2, archived_memories: 1, relationships: 3, participants: 1, sessions: 1, messages: 4 });
    expect(saved.bytes).toBeGreaterThan(1000);

    const loaded = await t.call<Json>('state.load', { bundle: JSON.parse(JSON.stringify(saved.bundle)) });
    expect(loaded).toMatchObject({ state_loaded: true, mode: 'new', counts: { memories: 2, archived_memories: 1, relationships: 3, participants: 1, sessions: 1, messages: 4 }, warnings: [] });
    expect(loaded.persona_id).not.toBe('b2b2b2b2-0000-4000-8000-000000000002');
    const copy = (await t.call<Json>('persona.get', { persona_id: loaded.persona_id })).persona;
    expect(copy).toMatchObject({ name: 'Kira (2)', charisma: 12, topic_preferences: { research: 95 } });
    expect((await t.call<Json>('memory.stats', { persona_id: loaded.persona_id })).archived_memories).toBe(1);
    expect((await t.call<Json>('relationship.get', { persona1_id: loaded.persona_id, participant: bob })).relationship.interaction_count).toBe(2);
    expect(loaded.current_persona_id).toBe(loaded.persona_id);

    await t.call('memory.store', { persona_id: 'Kira', content: 'written after the save' });
    const replaced = await t.call<Json>('state.load', { bundle: saved.bundle, mode: 'replace' });
    expect(replaced.persona_id).toBe('b2b2b2b2-0000-4000-8000-000000000002');
    expect((await t.call<Json>('memory.stats', { persona_id: 'Kira' })).total_memories).toBe(2);
  });

  it('an unknown bundle version is UNSUPPORTED_FORMAT and a broken bundle changes nothing', async () => {
    const saved = await t.call<Json>('state.save', { persona_id: 'Aria' });
    const before = databaseDigest(t.core);
    expect((await t.fail('state.load', { bundle: { ...saved.bundle, version: 2 } })).code).toBe('UNSUPPORTED_FORMAT');
    const broken = { ...saved.bundle, memories: [{ id: 'x' }] };
    expect((await t.fail('state.load', { bundle: broken })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('state.load', { bundle: saved.bundle, mode: 'replace', target_persona_id: 'ghost' })).code).toBe('PERSONA_NOT_FOUND');
    expect(databaseDigest(t.core)).toBe(before);
  });
});
