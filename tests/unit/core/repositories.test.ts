import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database, type RelationshipRow } from '../../../src/core/db/index.ts';
import { createRepositories } from '../../../src/core/repositories.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { insertBarePersona } from '../../support/bare-persona.ts';

const temp = makeTempDir();
let db: Database;
const A = 'a1a1a1a1-0000-4000-8000-000000000001';
const K = 'b2b2b2b2-0000-4000-8000-000000000002';
const AT = '2026-11-25T12:00:00.000Z';

beforeAll(async () => {
  db = await openDatabase({ file: join(temp.dir, 'repos.sqlite'), migrate: true });
  insertBarePersona(db, A, 'Aria');
  insertBarePersona(db, K, 'Kira');
});
afterAll(async () => {
  await db.close();
  temp.cleanup();
});

function rel(subject: string, key: string, counterpartPersona: string | null, last: string): RelationshipRow {
  return {
    subject_id: subject, counterpart_key: key, counterpart_persona_id: counterpartPersona, affinity: 0.1, trust: 0.2, respect: 0,
    familiarity: 0.05, relationship_type: 'stranger', type_locked: false, interaction_count: 1, total_interaction_time: 5,
    recent_interaction_quality: 0.5, first_meeting: AT, last_interaction: last, memorable_moments: [{ at: AT, quality: 0.9, context: 'chat', minutes: 5 }],
  };
}

describe('persona repository', () => {
  it('resolves by id or case-insensitive name, lists by name', async () => {
    const r = createRepositories(db.manager).personas;
    expect((await r.resolve(A))?.name).toBe('Aria');
    expect((await r.resolve(A.toUpperCase()))?.name).toBe('Aria');
    expect((await r.resolve('  kIrA '))?.id).toBe(K);
    expect(await r.resolve('nobody')).toBeNull();
    expect((await r.list()).map((p) => p.name)).toEqual(['Aria', 'Kira']);
  });
  it('the database itself refuses a second persona with the same name in other case', () => {
    expect(() => insertBarePersona(db, randomUUID(), 'ARIA')).toThrow(/UNIQUE/);
  });
});

describe('relationship repository', () => {
  it('saves, lists latest first with kind filters, records events, and cascades when the counterpart persona goes', async () => {
    const r = createRepositories(db.manager).relationships;
    await r.save(rel(A, `persona:${K}`, K, '2026-11-25T10:00:00.000Z'));
    await r.save(rel(A, 'matrix:@bob:x', null, '2026-11-25T11:00:00.000Z'));
    expect((await r.get(A, 'matrix:@bob:x'))?.memorable_moments).toHaveLength(1);
    expect((await r.list(A, { kind: 'all', limit: 10, offset: 0 })).rows.map((x) => x.counterpart_key)).toEqual(['matrix:@bob:x', `persona:${K}`]);
    expect((await r.list(A, { kind: 'persona', limit: 10, offset: 0 })).total).toBe(1);
    expect((await r.list(A, { kind: 'participant', limit: 10, offset: 0 })).total).toBe(1);
    for (const q of [0.1, 0.2, 0.3]) {
      await r.addEvent({ subject_id: A, counterpart_key: 'matrix:@bob:x', counterpart_persona_id: null, quality: q, minutes: 5,
        context: 'conversation', source: 'chat', deltas: { affinity: q, trust: 0, respect: 0, familiarity: 0 }, at: AT });
    }
    expect((await r.events(A, 'matrix:@bob:x', 2)).map((e) => e.quality)).toEqual([0.3, 0.2]);
    expect(await r.countInvolving(K)).toBe(1);
    insertBarePersona(db, '11111111-0000-4000-8000-000000000001', 'Temp');
    await r.save(rel(A, 'persona:11111111-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001', AT));
    await createRepositories(db.manager).personas.delete('11111111-0000-4000-8000-000000000001');
    expect(await r.get(A, 'persona:11111111-0000-4000-8000-000000000001')).toBeNull();
  });
});

describe('participant and settings repositories', () => {
  it('touch creates then refreshes display name and last_seen_at', async () => {
    const r = createRepositories(db.manager).participants;
    const first = await r.touch({ key: 'mcp:bob', platform: 'mcp', external_id: 'bob', display_name: 'Bob' }, AT);
    expect(first).toMatchObject({ first_seen_at: AT, last_seen_at: AT, display_name: 'Bob' });
    const later = await r.touch({ key: 'mcp:bob', platform: 'mcp', external_id: 'bob', display_name: 'Robert' }, '2026-11-26T00:00:00.000Z');
    expect(later).toMatchObject({ first_seen_at: AT, last_seen_at: '2026-11-26T00:00:00.000Z', display_name: 'Robert' });
  });
  it('settings round-trip JSON values', async () => {
    const r = createRepositories(db.manager).settings;
    expect(await r.get('missing')).toBeUndefined();
    await r.set('llm', { provider: 'offline', nested: [1, { a: true }] }, AT);
    expect(await r.get('llm')).toEqual({ provider: 'offline', nested: [1, { a: true }] });
  });
});

describe('session repository', () => {
  it('one open session per key, messages numbered per session, windows and pages', async () => {
    const r = createRepositories(db.manager).sessions;
    const id = randomUUID();
    const s = { id, persona_id: A, participant_key: 'mcp:bob', channel: 'conn:1', status: 'open' as const, turn_count: 0, summary: null,
      summary_upto_seq: 0, created_at: AT, last_activity_at: AT, closed_at: null, last_connection_id: null };
    await r.insert(s);
    await expect(r.insert({ ...s, id: randomUUID() })).rejects.toThrow(/UNIQUE/);
    expect((await r.getOpen(A, 'mcp:bob', 'conn:1'))?.id).toBe(id);
    for (let i = 1; i <= 5; i += 1) {
      const m = await r.appendMessage({ id: randomUUID(), session_id: id, conversation_id: null, role: i % 2 ? 'participant' : 'persona',
        speaker_key: 'mcp:bob', speaker_name: 'Bob', content: `m${i}`, created_at: AT, llm: null, model: null, response_type: null,
        finish_reason: null, tokens_used: null, prompt_tokens: null, continue_score: null, processing_time: null, metadata: { i } });
      expect(m.seq).toBe(i);
    }
    expect(r.lastMessages({ session_id: id }, 2).map((m) => m.content)).toEqual(['m4', 'm5']);
    expect(r.page({ session_id: id }, 2, 4)).toMatchObject({ has_more: true });
    expect(r.page({ session_id: id }, 2, 4).messages.map((m) => m.seq)).toEqual([2, 3]);
    expect(r.messageCount({ session_id: id })).toBe(5);
    expect((await r.list({ persona_id: A, status: 'open', limit: 10, offset: 0 })).rows[0]).toMatchObject({ id, message_count: 5 });
    await r.save({ ...s, status: 'closed', closed_at: AT });
    expect(await r.getOpen(A, 'mcp:bob', 'conn:1')).toBeNull();
    expect(await r.countForPersona(A)).toEqual({ sessions: 1, messages: 5, conversations: 0 });
    expect(r.deleteMessages(id)).toBe(5);
  });
});
