import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../../../src/core/repositories.ts';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(() => t.close());

async function storeFact(content: string, factKey: string): Promise<string> {
  const r = await t.call<Json>('memory.store', {
    persona_id: 'Aria', content, memory_type: 'fact', subject_key: 'api:bob', source_key: 'api:bob', fact_key: factKey,
  });
  return r.memory_id as string;
}

describe('memory.list fact_key filter', () => {
  it('lists only the memories of one fact slot, active or archived, and leaves the other filters as they were', async () => {
    const riverwood = await storeFact('Bob lives in Riverwood.', 'api:bob|lives_in');
    const oakvale = await storeFact('Bob lives in Oakvale now.', 'api:bob|lives_in');
    await storeFact('Bob is a blacksmith.', 'api:bob|is:blacksmith');
    await t.call('memory.store', { persona_id: 'Aria', content: 'Bob said: I live in Riverwood.', memory_type: 'conversation' });
    // The older fact leaves the slot the way consolidation archives it (docs/memory.md, facts).
    await t.core.db.transaction(async (em) => {
      const memories = createRepositories(em).memories;
      const old = await memories.get(riverwood);
      await memories.save({ ...old!, metadata: { superseded_by: oakvale } });
      await memories.archive(riverwood, { archived_at: t.clock.now().toISOString(), archive_reason: 'superseded', prune_score: null, run_id: null });
    });

    const active = await t.call<Json>('memory.list', { persona_id: 'Aria', fact_key: 'api:bob|lives_in' });
    expect(active.total).toBe(1);
    expect(active.memories.map((m: Json) => m.id)).toEqual([oakvale]);
    expect(active.memories[0]).toMatchObject({ fact_key: 'api:bob|lives_in', subject_key: 'api:bob', source_key: 'api:bob', archived: false });

    const history = await t.call<Json>('memory.list', { persona_id: 'Aria', archived: true, fact_key: 'api:bob|lives_in' });
    expect(history.total).toBe(1);
    expect(history.memories[0]).toMatchObject({ id: riverwood, archive_reason: 'superseded', metadata: { superseded_by: oakvale }, fact_key: 'api:bob|lives_in' });

    expect((await t.call<Json>('memory.list', { persona_id: 'Aria', fact_key: 'api:bob|from' })).total).toBe(0);
    const all = await t.call<Json>('memory.list', { persona_id: 'Aria', limit: 200 });
    expect(all.memories.filter((m: Json) => m.content.includes('Bob')).map((m: Json) => m.content).sort())
      .toEqual(['Bob is a blacksmith.', 'Bob lives in Oakvale now.', 'Bob said: I live in Riverwood.']);
    const facts = await t.call<Json>('memory.list', { persona_id: 'Aria', memory_type: 'fact', fact_key: 'api:bob|is:blacksmith' });
    expect(facts.memories.map((m: Json) => m.content)).toEqual(['Bob is a blacksmith.']);
  });

  it('refuses an empty fact_key with a typed error', async () => {
    await expect(t.call('memory.list', { persona_id: 'Aria', fact_key: '' })).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });
});
