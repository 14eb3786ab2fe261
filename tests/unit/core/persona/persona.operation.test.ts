import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createConnectionState } from '../../../../src/core/index.ts';
import { createTestCore, databaseDigest, type TestCore } from '../../../support/core-harness.ts';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('persona operations', () => {
  it('a new database is seeded with Aria and Kira, with their spec values and baseline emotions', async () => {
    const list = await t.call<Json>('persona.list');
    expect(list.total_count).toBe(2);
    expect(list.personas.map((p: Json) => [p.name, p.emotion, p.current_priority, p.social_energy])).toEqual([
      ['Aria', 'content', 'social', 150],
      ['Kira', 'curious', 'academic', 80],
    ]);
    const kira = (await t.call<Json>('persona.get', { persona_id: 'KIRA' })).persona;
    expect(kira).toMatchObject({ id: 'b2b2b2b2-0000-4000-8000-000000000002', charisma: 12, intelligence: 18, social_rank: 'scholar' });
    expect(kira.interaction_state).toMatchObject({ social_energy: 80, available_time: 300, is_available: true, cooldown_remaining: 0 });
  });

  it('seeding happens once: deleted seeds do not come back on the next start', async () => {
    await t.call('persona.delete', { persona_id: 'Aria' });
    const again = await (await import('../../../../src/core/index.ts')).seedDefaultPersonas(t.core);
    expect(again).toEqual([]);
    expect((await t.call<Json>('persona.list')).personas.map((p: Json) => p.name)).toEqual(['Kira']);
  });

  it('creates a persona with mapped legacy fields and finds it by id and by name, case-insensitively', async () => {
    const created = await t.call<Json>('persona.create', {
      name: 'Brom', description: 'A gruff dwarven smith.', personality_traits: { stubborn: 80, patient: 'low' },
      topic_preferences: { metalwork: 95 }, charisma: 9, interests: ['ale'], websocket_id: 'ignored-extra',
    });
    expect(created).toMatchObject({ name: 'Brom', created: true });
    expect(created.persona.personality_traits).toEqual({ stubborn: 80, patient: 25 });
    expect(created.persona.topic_preferences).toEqual({ metalwork: 95, ale: 70 });
    expect((await t.call<Json>('persona.get', { persona_id: created.persona_id })).persona.name).toBe('Brom');
    expect((await t.call<Json>('persona.get', { persona_id: 'bROM' })).persona.id).toBe(created.persona_id);
  });

  it('names are unique case-insensitively (CONFLICT, nothing written)', async () => {
    const before = databaseDigest(t.core);
    const err = await t.fail('persona.create', { name: 'aria' });
    expect(err.code).toBe('CONFLICT');
    expect(databaseDigest(t.core)).toBe(before);
  });

  it('update bumps the version, reports changed fields, and honours expected_version', async () => {
    const up = await t.call<Json>('persona.update', { persona_id: 'Kira', charisma: 11, expected_version: 1 });
    expect(up).toMatchObject({ updated: true, version: 2, changed_fields: ['charisma'] });
    expect(up.persona.charisma).toBe(11);
    const before = databaseDigest(t.core);
    const stale = await t.fail('persona.update', { persona_id: 'Kira', charisma: 5, expected_version: 1 });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.details).toMatchObject({ expected_version: 1, version: 2 });
    expect(databaseDigest(t.core)).toBe(before);
  });

  it('renaming onto another persona\'s name is a CONFLICT; nullable fields clear with null', async () => {
    expect((await t.fail('persona.update', { persona_id: 'Kira', name: 'ARIA' })).code).toBe('CONFLICT');
    await t.call('persona.update', { persona_id: 'Kira', nickname: 'Kiki' });
    const cleared = await t.call<Json>('persona.update', { persona_id: 'Kira', nickname: null });
    expect(cleared.persona.nickname).toBeNull();
  });

  it('delete removes the persona and everything it owns, and reports counts', async () => {
    const m = await t.call<Json>('memory.store', { persona_id: 'Kira', content: 'The east tower library holds a rune primer.' });
    await t.call('memory.delete', { memory_id: m.memory_id });
    await t.call('memory.store', { persona_id: 'Kira', content: 'Another note.' });
    const del = await t.call<Json>('persona.delete', { persona_id: 'kira' });
    expect(del).toMatchObject({
      name: 'Kira', deleted: true, message: "Persona 'Kira' and all associated data deleted",
      deleted_counts: { memories: 1, archived_memories: 1, relationships: 0, sessions: 0, messages: 0, conversations: 0 },
    });
    for (const table of ['interaction_states', 'emotional_states', 'visual_states', 'memories', 'memory_archive']) {
      const n = t.core.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE persona_id = ?`).get(del.persona_id) as { n: number };
      expect(n.n, table).toBe(0);
    }
    expect((await t.fail('persona.get', { persona_id: 'Kira' })).code).toBe('PERSONA_NOT_FOUND');
  });

  it('the current persona is per connection: a call without persona_id needs persona.switch (NO_ACTIVE_PERSONA)', async () => {
    expect((await t.fail('persona.get')).code).toBe('NO_ACTIVE_PERSONA');
    const other = createConnectionState(randomUUID(), 'mcp');
    other.currentPersonaId = 'a1a1a1a1-0000-4000-8000-000000000001';
    expect((await t.call<Json>('persona.get', {}, other)).persona.name).toBe('Aria');
    expect((await t.fail('persona.get')).code).toBe('NO_ACTIVE_PERSONA');
  });

  describe('bad input changes nothing and gets a typed error', () => {
    const cases: [string, unknown, string, string[]?][] = [
      ['persona.get', { persona_id: 'no-such-persona' }, 'PERSONA_NOT_FOUND'],
      ['persona.delete', { persona_id: randomUUID() }, 'PERSONA_NOT_FOUND'],
      ['persona.update', { persona_id: 'nobody', charisma: 3 }, 'PERSONA_NOT_FOUND'],
      ['persona.create', { name: '' }, 'INVALID_PARAMS', ['name']],
      ['persona.create', { name: 'X', charisma: 25, intelligence: 0 }, 'INVALID_PARAMS', ['charisma', 'intelligence']],
      ['persona.create', { name: 'X', description: 'd'.repeat(20_001) }, 'INVALID_PARAMS', ['description']],
      ['persona.create', { name: 'X', personality_traits: { brave: 'somewhat' } }, 'INVALID_PARAMS', ['personality_traits.brave']],
      ['persona.create', { name: 'Bad\u0007Name' }, 'INVALID_PARAMS', ['name']],
      ['persona.create', [1, 2, 3], 'INVALID_PARAMS'],
      ['persona.update', { persona_id: 'Aria', social_energy: 500 }, 'INVALID_PARAMS', ['social_energy']],
      ['persona.list', { limit: 0 }, 'INVALID_PARAMS', ['limit']],
      ['persona.nope', {}, 'METHOD_NOT_FOUND'],
    ];
    it.each(cases)('%s %j → %s', async (method, params, code, paths) => {
      const before = databaseDigest(t.core);
      const err = await t.fail(method, params);
      expect(err.code).toBe(code);
      if (paths) expect(err.issues?.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(paths));
      expect(databaseDigest(t.core)).toBe(before);
    });
  });

  it('emits persona events after commit', async () => {
    const seen: string[] = [];
    t.core.events.subscribe((e) => seen.push(`${e.name}:${String(e.data.name)}`));
    await t.call('persona.create', { name: 'Mira' });
    await t.call('persona.update', { persona_id: 'Mira', description: 'A ferry pilot.' });
    await t.call('persona.delete', { persona_id: 'Mira' });
    expect(seen).toEqual(['persona.created:Mira', 'persona.updated:Mira', 'persona.deleted:Mira']);
  });
});
