// The memory browser's kinds, a fact's slot and people, its superseded history, a reflection's evidence.
import { describe, expect, it } from 'vitest';
import type { MemoryView } from '../../../src/shared/index.ts';
import {
  evidenceIds, keyLabel, kindOfFilter, metaParts, slotHistory, slotPredicate, supersededBy, typeLabel, typeOptions,
} from '../../../src/renderer/components/memory/memory-kinds.ts';

const fact = (id: string, over: Partial<MemoryView> = {}): MemoryView => ({
  id, persona_id: 'p', content: id, memory_type: 'fact', importance: 0.6, base_importance: 0.6, importance_source: 'scored', emotional_valence: 0,
  visibility: 'private', witnessed_by: [], related_personas: [], participant_key: 'api:bob', session_id: null, conversation_id: null, channel: null,
  pinned: false, metadata: {}, created_at: '2026-01-01T00:00:00.000Z', last_accessed_at: null, restored_at: null, accessed_count: 0,
  subject_key: 'api:bob', fact_key: 'api:bob|lives_in', source_key: 'api:bob', archived: false, ...over,
});
const gone = (id: string, archivedAt: string, by: string | null) => fact(id, { archived: true, archived_at: archivedAt, archive_reason: 'superseded', metadata: by ? { superseded_by: by } : {} });

describe('memory kinds', () => {
  it('maps kinds to memory types and back; other types select no kind', () => {
    expect(kindOfFilter('')).toBe('all');
    expect(kindOfFilter('conversation')).toBe('episode');
    expect(kindOfFilter('fact')).toBe('fact');
    expect(kindOfFilter('reflection')).toBe('reflection');
    expect(kindOfFilter('secret')).toBeNull();
    expect(typeLabel('conversation')).toBe('episode');
    expect(typeLabel('lore')).toBe('lore');
    expect(typeOptions(['conversation', 'reflection', 'secret'])).toEqual(['conversation', 'reflection', 'secret', 'fact']);
  });

  it('reads a slot and the people keys', () => {
    expect(slotPredicate('api:bob|pref:dragon stories')).toBe('pref:dragon stories');
    expect(slotPredicate('lives_in')).toBe('lives_in');
    expect(keyLabel('api:bob', 'the world')).toBe('bob (api)');
    expect(keyLabel('matrix:@bob:hs', '')).toBe('@bob:hs (matrix)');
    expect(keyLabel('persona:kira', '')).toBe('persona kira');
    expect(keyLabel(null, 'the world')).toBe('the world');
  });

  it('reads superseded_by and evidence from metadata, ignoring other shapes', () => {
    expect(supersededBy({ metadata: { superseded_by: 'x' } })).toBe('x');
    expect(supersededBy({ metadata: { superseded_by: 3 } })).toBeNull();
    expect(evidenceIds({ metadata: { evidence: ['a', 2, '', 'b'] } })).toEqual(['a', 'b']);
    expect(evidenceIds({ metadata: { evidence: 'a' } })).toEqual([]);
  });

  it('orders a slot history along the superseded_by chain, then facts removed without a successor', () => {
    const now = fact('oakvale');
    const history = slotHistory([now], [
      gone('riverwood', '2026-02-01T00:00:00.000Z', 'millbrook'),
      gone('deleted', '2026-03-01T00:00:00.000Z', null),
      gone('millbrook', '2026-02-10T00:00:00.000Z', 'oakvale'),
      gone('hamlet', '2026-01-05T00:00:00.000Z', 'riverwood'),
    ]);
    expect(history.map((h) => [h.memory.id, h.current])).toEqual([
      ['oakvale', true], ['millbrook', false], ['riverwood', false], ['hamlet', false], ['deleted', false],
    ]);
    expect(slotHistory([], [gone('a', '2026-01-01T00:00:00.000Z', null), gone('b', '2026-01-02T00:00:00.000Z', 'a')]).map((h) => h.memory.id)).toEqual(['b', 'a']);
  });
});

describe('the line under a memory', () => {
  const line = (m: Partial<MemoryView>) => metaParts({ id: 'm', fact_key: null, subject_key: null, source_key: null, metadata: {}, ...m }).map((p) => `${p.label} ${p.value}${p.link ? ` →${p.link}` : ''}`).join(' · ');
  it('names a fact\'s slot and people, once when the speaker talked about themselves', () => {
    expect(line({ fact_key: 'api:bob|lives_in', subject_key: 'api:bob', source_key: 'api:bob' })).toBe('slot lives_in · about and told by bob (api)');
    expect(line({ fact_key: 'api:bob|owes', subject_key: 'api:bob', source_key: 'api:dave' })).toBe('slot owes · about bob (api) · told by dave (api)');
    expect(line({ fact_key: 'persona:x|rule', subject_key: null, source_key: null })).toBe('slot rule · about the world · told by nobody (own knowledge)');
  });
  it('names an episode\'s speaker, a superseded fact\'s successor and a reflection\'s evidence; nothing for a plain memory', () => {
    expect(line({ source_key: 'api:bob' })).toBe('told by bob (api)');
    expect(line({ fact_key: 'api:bob|lives_in', subject_key: 'api:bob', source_key: 'api:bob', metadata: { superseded_by: 'n' } })).toBe('slot lives_in · about and told by bob (api) · superseded by the newer fact →n');
    expect(line({ metadata: { evidence: ['a', 'b'] } })).toBe('rests on 2 memories →m');
    expect(line({})).toBe('');
  });
});
