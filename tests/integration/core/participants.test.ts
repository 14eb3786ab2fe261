// Identity (docs/memory.md "Who is who") through the operations table on a real SQLite file:
// participant.list/get/link/forget, aliases followed wherever a participant is named, vectors X11
// and X12 of the persona-mind test set. X10 (REST + OpenAI-compatible endpoint) is in
// tests/integration/api/identity.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../../../src/core/repositories.ts';
import { OPERATION_TABLE, createConnectionState, createCore, invokeOperation } from '../../../src/core/index.ts';
import { createTestCore, databaseDigest, type TestCore } from '../../support/core-harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(() => t.close());

const bobMatrix = { id: '@bob:hs', display_name: 'Bob', platform: 'matrix' };
const chat = (message: string, participant: Json, extra: Json = {}) => {
  t.clock.advance(60_000);
  return t.call<Json>('persona.chat', { persona_id: 'Aria', message, participant, ...extra });
};
const storeFact = (subject: string, predicate: string, content: string, extra: Json = {}) => {
  t.clock.advance(60_000);
  return t.call<Json>('memory.store', {
    persona_id: 'Aria', content, memory_type: 'fact', subject_key: subject, source_key: subject, fact_key: `${subject}|${predicate}`, ...extra,
  });
};

/** Every row of every table whose text (any column, JSON included) contains `needle` (any case unless `exact`), as `table: row`. */
function rowsNaming(needle: string, exact = false): string[] {
  const sqlite = t.core.db.sqlite;
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  const out: string[] = [];
  for (const { name } of tables) {
    const cols = (sqlite.prepare(`SELECT name FROM pragma_table_info('${name}')`).all() as { name: string }[]).map((c) => c.name);
    if (!cols.length) continue;
    const where = cols.map((c) => (exact ? `instr(CAST("${c}" AS TEXT), @n) > 0` : `instr(lower(CAST("${c}" AS TEXT)), lower(@n)) > 0`)).join(' OR ');
    for (const row of sqlite.prepare(`SELECT * FROM "${name}" WHERE ${where}`).all({ n: needle })) out.push(`${name}: ${JSON.stringify(row)}`);
  }
  return out;
}

describe('participant keys', () => {
  it('one person whatever the case of the id outside matrix; matrix ids stay case-sensitive; the display name keeps the latest spelling', async () => {
    const a = await chat('Hello there, Aria.', { id: 'Carol' });
    const b = await chat('Hello again, Aria.', { id: 'CAROL', display_name: 'Carol B.' });
    expect(a.participant.key).toBe('api:carol');
    expect(b.participant.key).toBe('api:carol');
    expect(b.relationship.interaction_count).toBe(2);
    await chat('Hi.', { id: '@Eve:hs', platform: 'Matrix' });
    await chat('Hi.', { id: '@eve:hs', platform: 'matrix' });
    const list = await t.call<Json>('participant.list', {});
    expect(list.participants.map((p: Json) => p.key).sort()).toEqual(['api:carol', 'matrix:@Eve:hs', 'matrix:@eve:hs']);
    const carol = await t.call<Json>('participant.get', { key: 'API:Carol' });
    expect(carol.participant).toMatchObject({ key: 'api:carol', platform: 'api', external_id: 'carol', display_name: 'Carol B.' });
  });

  it('an MCP caller without a platform is on platform api, as on REST', async () => {
    const r = await chat('Good evening.', { id: 'dave' });
    expect(r.participant).toMatchObject({ key: 'api:dave', platform: 'api' });
  });
});

describe('participant.list', () => {
  it('filters by text and platform and pages with a cursor, most recently seen first', async () => {
    for (const id of ['ann', 'bea', 'cid', 'dan']) await chat('Hello Aria, nice day.', { id });
    await chat('Hello Aria, nice day.', bobMatrix);
    const first = await t.call<Json>('participant.list', { limit: 2 });
    expect(first.total).toBe(5);
    expect(first.participants.map((p: Json) => p.key)).toEqual(['matrix:@bob:hs', 'api:dan']);
    const second = await t.call<Json>('participant.list', { limit: 2, cursor: first.next_cursor });
    expect(second.participants.map((p: Json) => p.key)).toEqual(['api:cid', 'api:bea']);
    const third = await t.call<Json>('participant.list', { limit: 2, cursor: second.next_cursor });
    expect(third.participants.map((p: Json) => p.key)).toEqual(['api:ann']);
    expect(third.next_cursor).toBeNull();
    expect((await t.call<Json>('participant.list', { platform: 'MATRIX' })).participants.map((p: Json) => p.key)).toEqual(['matrix:@bob:hs']);
    expect((await t.call<Json>('participant.list', { query: 'Bo' })).participants.map((p: Json) => p.key)).toEqual(['matrix:@bob:hs']);
    expect((await t.call<Json>('participant.list', { query: '%' })).total).toBe(0);
  });

  it('rejects a bad cursor, limit or platform with INVALID_PARAMS', async () => {
    expect((await t.fail('participant.list', { cursor: 'nonsense' })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('participant.list', { limit: 0 })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('participant.list', { platform: 'un real!' })).code).toBe('INVALID_PARAMS');
  });
});

describe('participant.get', () => {
  it('lists each persona\'s relationship and facts, superseded ones marked with their successor', async () => {
    await chat('Hello Aria.', { id: 'bob' });
    const old = await storeFact('api:bob', 'lives_in', 'Bob lives in Riverwood.');
    const now = await storeFact('api:bob', 'lives_in', 'Bob lives in Oakvale now.');
    await t.call('memory.update', { memory_id: old.memory_id, metadata: { superseded_by: now.memory_id } });
    // Supersede as consolidation does (the facts engine's path), then read it back through participant.get.
    await t.core.db.transaction(async (em) => {
      await createRepositories(em).memories.archive(old.memory_id, { archived_at: t.clock.now().toISOString(), archive_reason: 'superseded', prune_score: null, run_id: null });
    });
    const got = await t.call<Json>('participant.get', { key: 'api:bob' });
    expect(got.resolved_from).toBeNull();
    const aria = got.personas.find((p: Json) => p.persona_name === 'Aria');
    expect(aria.relationship.interaction_count).toBe(1);
    expect(aria.facts.map((f: Json) => [f.content, f.status, f.superseded_by])).toEqual([
      ['Bob lives in Oakvale now.', 'active', null],
      ['Bob lives in Riverwood.', 'superseded', now.memory_id],
    ]);
  });

  it('PARTICIPANT_NOT_FOUND for an unknown key, INVALID_PARAMS for a persona key', async () => {
    const e = await t.fail('participant.get', { key: 'api:nobody' });
    expect(e.code).toBe('PARTICIPANT_NOT_FOUND');
    expect(e.details).toEqual({ key: 'api:nobody' });
    expect((await t.fail('participant.get', { key: 'persona:a1a1a1a1-0000-4000-8000-000000000001' })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('participant.get', {})).code).toBe('INVALID_PARAMS');
  });
});

describe('participant.link (X11)', () => {
  it('folds api:bob into matrix:@bob:hs: facts re-subjected and consolidated, one merged relationship, later calls as api:bob resolve', async () => {
    for (let i = 0; i < 3; i += 1) await chat('Thank you, Aria, that was wonderful!', bobMatrix);
    await chat('I am upset. This is terrible.', { id: 'bob' });
    const relM = (await t.call<Json>('relationship.get', { persona1_id: 'Aria', participant: bobMatrix })).relationship;
    const relA = (await t.call<Json>('relationship.get', { persona1_id: 'Aria', participant: { id: 'bob' } })).relationship;
    const olderSlot = await storeFact('matrix:@bob:hs', 'is:blacksmith', 'Bob is a blacksmith.');
    const newerSlot = await storeFact('api:bob', 'is:blacksmith', 'Bob is a master blacksmith.');
    const other = await storeFact('api:bob', 'lives_in', 'Bob lives in Riverwood.', { witnessed_by: ['api:bob', 'api:carol'] });

    const linked = await t.call<Json>('participant.link', { primary: 'matrix:@bob:hs', secondary: 'API:Bob' });
    expect(linked).toMatchObject({ success: true, primary: 'matrix:@bob:hs', secondary: 'api:bob', aliases: ['api:bob'], relationships_merged: 1, facts_superseded: 1 });
    // Rows that named api:bob: its chat's episode(s) and the two facts it told.
    const named = t.core.db.sqlite.prepare("SELECT count(*) AS n FROM memories WHERE participant_key = 'matrix:@bob:hs' AND session_id IN (SELECT id FROM sessions WHERE id IN (SELECT session_id FROM messages WHERE content = 'I am upset. This is terrible.'))").get() as { n: number };
    expect(linked.moved.memories).toBe(named.n + 2);

    const facts = t.core.db.sqlite.prepare("SELECT id, subject_key, fact_key, source_key, witnessed_by FROM memories WHERE memory_type = 'fact' ORDER BY created_at").all() as Json[];
    expect(facts.map((f) => f.id)).toEqual([newerSlot.memory_id, other.memory_id]);
    for (const f of facts) {
      expect(f.subject_key).toBe('matrix:@bob:hs');
      expect(f.source_key).toBe('matrix:@bob:hs');
      expect(f.fact_key.startsWith('matrix:@bob:hs|')).toBe(true);
    }
    expect(JSON.parse(facts[1]!.witnessed_by)).toEqual(['matrix:@bob:hs', 'api:carol']);
    const superseded = await t.call<Json>('memory.get', { memory_id: olderSlot.memory_id });
    expect(superseded.memory).toMatchObject({ archived: true, archive_reason: 'superseded', metadata: { superseded_by: newerSlot.memory_id } });

    // One merged relationship: counts summed, axes weighted by interaction count.
    const rels = (await t.call<Json>('relationship.list', { persona_id: 'Aria', kind: 'participant' })).relationships;
    expect(rels.map((r: Json) => r.counterpart_key)).toEqual(['matrix:@bob:hs']);
    expect(rels[0].interaction_count).toBe(relM.interaction_count + relA.interaction_count);
    const expected = (relM.affinity * relM.interaction_count + relA.affinity * relA.interaction_count) / (relM.interaction_count + relA.interaction_count);
    expect(rels[0].affinity).toBeCloseTo(expected, 10);
    expect(rels[0].first_meeting).toBe(relM.first_meeting);
    expect(rels[0].last_interaction).toBe(relA.last_interaction);
    expect(t.core.db.sqlite.prepare("SELECT count(*) AS n FROM relationship_events WHERE counterpart_key = 'api:bob'").get()).toEqual({ n: 0 });
    expect(t.core.db.sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE participant_key = 'api:bob'").get()).toEqual({ n: 0 });
    expect(t.core.db.sqlite.prepare("SELECT count(*) AS n FROM messages WHERE speaker_key = 'api:bob'").get()).toEqual({ n: 0 });
    expect(t.core.db.sqlite.prepare("SELECT count(*) AS n FROM participants WHERE key = 'api:bob'").get()).toEqual({ n: 0 });

    // A later call as api:bob resolves to matrix:@bob:hs everywhere a participant is named.
    const later = await chat('Good morning!', { id: 'bob', display_name: 'Bobby' });
    expect(later.participant.key).toBe('matrix:@bob:hs');
    expect(later.relationship.interaction_count).toBe(rels[0].interaction_count + 1);
    const viaAlias = await t.call<Json>('relationship.get', { persona1_id: 'Aria', participant: { id: 'BOB' } });
    expect(viaAlias.relationship.counterpart_key).toBe('matrix:@bob:hs');
    const search = await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'Riverwood', participant: { id: 'bob' } });
    expect(search.memories.map((m: Json) => m.id)).toContain(other.memory_id);
    const got = await t.call<Json>('participant.get', { key: 'api:bob' });
    expect(got.resolved_from).toBe('api:bob');
    expect(got.participant.key).toBe('matrix:@bob:hs');
    expect(got.aliases.map((a: Json) => a.key)).toEqual(['api:bob']);
    expect(got.links).toHaveLength(1);
    expect(got.personas.find((p: Json) => p.persona_name === 'Aria').facts.map((f: Json) => f.status).sort()).toEqual(['active', 'active', 'superseded']);
    const stored = await t.call<Json>('memory.store', { persona_id: 'Aria', content: 'Bob owns a forge.', subject_key: 'api:BOB', witnessed_by: ['API:bob'] });
    const row = t.core.db.sqlite.prepare('SELECT subject_key, witnessed_by FROM memories WHERE id = ?').get(stored.memory_id) as Json;
    expect(row).toEqual({ subject_key: 'matrix:@bob:hs', witnessed_by: '["matrix:@bob:hs"]' });
    const edited = await t.call<Json>('memory.update', { memory_id: stored.memory_id, witnessed_by: ['API:Bob', 'Carol', 'matrix:@bob:hs'] });
    expect(edited.memory.witnessed_by).toEqual(['matrix:@bob:hs', 'api:carol']);
  });

  it('refuses what is not a link, changing nothing', async () => {
    await chat('Hello.', bobMatrix);
    await chat('Hello.', { id: 'bob' });
    await chat('Hello.', { id: 'carol' });
    const before = databaseDigest(t.core);
    expect((await t.fail('participant.link', { primary: 'api:bob', secondary: 'API:BOB' })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('participant.link', { primary: 'api:bob', secondary: 'api:ghost' })).code).toBe('PARTICIPANT_NOT_FOUND');
    expect((await t.fail('participant.link', { primary: 'api:ghost', secondary: 'api:bob' })).code).toBe('PARTICIPANT_NOT_FOUND');
    expect((await t.fail('participant.link', { primary: 'persona:x', secondary: 'api:bob' })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('participant.link', { primary: 'api:bob' })).code).toBe('INVALID_PARAMS');
    expect(databaseDigest(t.core)).toBe(before);
    await t.call('participant.link', { primary: 'matrix:@bob:hs', secondary: 'api:bob' });
    expect((await t.fail('participant.link', { primary: 'matrix:@bob:hs', secondary: 'api:bob' })).code).toBe('CONFLICT');
    expect((await t.fail('participant.link', { primary: 'api:carol', secondary: 'api:bob' })).code).toBe('CONFLICT');
    // Linking the primary into a third identity carries its aliases along.
    await t.call('participant.link', { primary: 'api:carol', secondary: 'matrix:@bob:hs' });
    expect((await t.call<Json>('participant.get', { key: 'api:bob' })).participant.key).toBe('api:carol');
    expect((await t.call<Json>('participant.get', { key: 'api:carol' })).aliases.map((a: Json) => a.key).sort()).toEqual(['api:bob', 'matrix:@bob:hs']);
  });
});

describe('participant.forget (X12)', () => {
  it('leaves no row anywhere naming api:dave or its alias: memories, archive, facts, sessions, messages, relationships, witnessed_by, metadata, audit', async () => {
    await chat('Hello Aria, I am Dave.', { id: 'dave' });
    await chat('The lake looked calm this morning.', { id: 'Dave' });
    await chat('Hello from discord.', { id: 'dave#1', platform: 'discord' });
    await t.call('participant.link', { primary: 'api:dave', secondary: 'discord:dave#1' });
    const witnessed = await chat('Dave and I went fishing.', { id: 'bob' }, { witnesses: [{ id: 'dave' }, { id: 'carol' }] });
    const fact = await storeFact('api:dave', 'likes:sailing', 'Dave likes sailing.');
    await t.call('memory.delete', { memory_id: fact.memory_id });
    await storeFact('api:dave', 'from', 'Dave is from Oakvale.');
    const aboutDave = await t.call<Json>('memory.store', { persona_id: 'Kira', content: 'Someone mentioned a sailor.', metadata: { heard_from: 'api:dave', note: 'keep' }, witnessed_by: ['api:dave', 'api:bob'] });
    await t.call('relationship.update', { persona1_id: 'Kira', participant: { id: 'dave' }, interaction_quality: 0.5 });
    // Vectors of one of Dave's active memories and of his archived fact (as the embedding fill writes them).
    const davesEpisode = (t.core.db.sqlite.prepare("SELECT id FROM memories WHERE participant_key = 'api:dave' LIMIT 1").get() as { id: string }).id;
    const vector = t.core.db.sqlite.prepare("INSERT INTO memory_embeddings (memory_id, persona_id, model, dims, embedding, created_at) VALUES (?, 'a1a1a1a1-0000-4000-8000-000000000001', 'test', 2, ?, '2026-11-25T12:00:00.000Z')");
    for (const id of [davesEpisode, fact.memory_id]) vector.run(id, Buffer.from(new Float32Array([0.6, 0.8]).buffer));
    expect(rowsNaming('api:dave').length).toBeGreaterThan(5);
    expect(rowsNaming('discord:dave#1').length).toBeGreaterThan(0);

    const bad = databaseDigest(t.core);
    expect((await t.fail('participant.forget', { key: 'api:dave' })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('participant.forget', { key: 'api:dave', confirm: false })).code).toBe('INVALID_PARAMS');
    expect(databaseDigest(t.core)).toBe(bad);

    const r = await t.call<Json>('participant.forget', { key: 'API:Dave', confirm: true });
    expect(r).toMatchObject({ success: true, key: 'api:dave', keys: ['api:dave', 'discord:dave#1'], participant_found: true });
    expect(r.deleted).toMatchObject({ participants: 1, aliases: 1, links: 1, relationships: 2, archived_memories: 1, facts: 2 });
    expect(r.deleted.sessions).toBe(2);
    expect(r.deleted.embeddings).toBe(2);
    expect(t.core.db.sqlite.prepare('SELECT count(*) AS n FROM memory_embeddings WHERE memory_id IN (?, ?)').get(davesEpisode, fact.memory_id)).toEqual({ n: 0 });
    expect(r.deleted.messages).toBe(6);
    expect(rowsNaming('api:dave')).toEqual([]);
    expect(rowsNaming('discord:dave#1')).toEqual([]);

    // What others said stays, without Dave as a witness; other metadata stays.
    const bobs = await t.call<Json>('memory.get', { memory_id: witnessed.memory_id });
    expect(bobs.memory.witnessed_by).toContain('api:bob');
    expect(bobs.memory.witnessed_by).toContain('api:carol');
    const kira = await t.call<Json>('memory.get', { memory_id: aboutDave.memory_id });
    expect(kira.memory.metadata).toEqual({ note: 'keep' });
    expect(kira.memory.witnessed_by).toEqual(['api:bob']);
    expect((await t.fail('participant.get', { key: 'api:dave' })).code).toBe('PARTICIPANT_NOT_FOUND');
    expect((await t.fail('participant.get', { key: 'discord:dave#1' })).code).toBe('PARTICIPANT_NOT_FOUND');
    // A later chat as dave starts from nothing.
    expect((await chat('Hello?', { id: 'dave' })).relationship.interaction_count).toBe(1);
  });
});

describe('participants of an earlier release', () => {
  it('opening the data dir gives them the current key: mcp:bob becomes api:bob (an alias kept), api:Carol merges into api:carol', async () => {
    await chat('Hello from the old MCP client.', { id: 'bob', platform: 'mcp' });
    await chat('Hello, I am Carol.', { id: 'carolx' });
    await chat('Hello again, lower case Carol.', { id: 'carol' });
    // What the previous release stored for a REST caller "Carol": the id kept its case in every key.
    const sqlite = t.core.db.sqlite;
    const rename = (sql: string) => sqlite.prepare(sql).run({ from: 'api:carolx', to: 'api:Carol' });
    rename("UPDATE participants SET key = @to, external_id = 'Carol' WHERE key = @from");
    rename('UPDATE relationships SET counterpart_key = @to WHERE counterpart_key = @from');
    rename('UPDATE relationship_events SET counterpart_key = @to WHERE counterpart_key = @from');
    rename('UPDATE sessions SET participant_key = @to WHERE participant_key = @from');
    rename('UPDATE messages SET speaker_key = @to WHERE speaker_key = @from');
    rename('UPDATE memories SET participant_key = @to, source_key = @to, witnessed_by = replace(witnessed_by, @from, @to) WHERE participant_key = @from');
    const config = t.core.config;
    await t.core.close();
    t.core = await createCore({ config, migrate: true, clock: () => t.clock.now() });
    const call = <T = Json>(method: string, params: unknown) => invokeOperation(OPERATION_TABLE, method, params, { core: t.core, connection: createConnectionState('c2', 'mcp') }) as Promise<T>;

    const list = await call<Json>('participant.list', {});
    expect(list.participants.map((p: Json) => [p.key, p.aliases])).toEqual(expect.arrayContaining([['api:bob', ['mcp:bob']], ['api:carol', []]]));
    expect(list.total).toBe(2);
    const rels = (await call<Json>('relationship.list', { persona_id: 'Aria', kind: 'participant' })).relationships;
    expect(rels.map((r: Json) => [r.counterpart_key, r.interaction_count]).sort()).toEqual([['api:bob', 1], ['api:carol', 2]]);
    // Only the audit rows still name the old keys (and the alias row, for mcp:bob).
    expect(rowsNaming('api:Carol', true).map((r) => r.split(':')[0])).toEqual(['participant_links']);
    expect(rowsNaming('mcp:bob', true).map((r) => r.split(':')[0]).sort()).toEqual(['participant_aliases', 'participant_links']);
    // A caller still naming the old platform reaches the same person.
    const again = await call<Json>('persona.chat', { persona_id: 'Aria', message: 'Still me.', participant: { id: 'Bob', platform: 'mcp' } });
    expect(again.participant.key).toBe('api:bob');
    expect(again.relationship.interaction_count).toBe(2);
  });
});

describe('state bundles of an earlier release', () => {
  it('state.load keys their participants by the current rule', async () => {
    await chat('Hello there, Aria, lovely evening.', { id: 'bob' });
    const saved = await t.call<Json>('state.save', { persona_id: 'Aria' });
    const legacy = JSON.parse(JSON.stringify(saved.bundle).replaceAll('api:bob', 'mcp:Bob').replaceAll('"platform":"api"', '"platform":"mcp"').replaceAll('"external_id":"bob"', '"external_id":"Bob"'));
    expect(JSON.stringify(legacy)).toContain('mcp:Bob');
    const loaded = await t.call<Json>('state.load', { bundle: legacy, mode: 'new' });
    const rels = (await t.call<Json>('relationship.list', { persona_id: loaded.persona_id, kind: 'participant' })).relationships;
    expect(rels.map((r: Json) => r.counterpart_key)).toEqual(['api:bob']);
    expect(rowsNaming('mcp:Bob', true).map((r) => r.split(':')[0]).sort()).toEqual(['participant_aliases', 'participant_links']);
  });
});
