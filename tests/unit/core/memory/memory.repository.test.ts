import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../../../src/core/db/index.ts';
import { createRepositories } from '../../../../src/core/repositories.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';
import { memoryFixture } from '../../../support/fixtures.ts';
import { insertBarePersona } from '../../../support/bare-persona.ts';

const temp = makeTempDir();
let db: Database;
const P = 'a1a1a1a1-0000-4000-8000-000000000001';
const Q = 'b2b2b2b2-0000-4000-8000-000000000002';

beforeAll(async () => {
  db = await openDatabase({ file: join(temp.dir, 'mem.sqlite'), migrate: true });
  insertBarePersona(db, P, 'Aria');
  insertBarePersona(db, Q, 'Kira');
});
afterAll(async () => {
  await db.close();
  temp.cleanup();
});

const ftsIds = (repo: ReturnType<typeof createRepositories>['memories'], q: string, archived = false) =>
  repo.getMany(repo.search(P, [q.replace(/"/g, '')], 50, archived).map((m) => m.id), archived).map((m) => m.content);

describe('memory repository and its FTS5 index', () => {
  it('finds inserted memories by word, scoped to the owner, best BM25 first', async () => {
    const repos = createRepositories(db.manager);
    await repos.memories.insert(memoryFixture(P, { content: 'A dragon burned the mill' }));
    await repos.memories.insert(memoryFixture(P, { content: 'The dragon, the dragon! A dragon over the mill' }));
    await repos.memories.insert(memoryFixture(Q, { content: 'Kira saw a dragon too' }));
    const hits = repos.memories.search(P, ['dragon'], 10, false);
    const rows = repos.memories.getMany(hits.map((h) => h.id), false);
    expect(rows.map((h) => h.content)).toEqual(['The dragon, the dragon! A dragon over the mill', 'A dragon burned the mill']);
    expect(hits[0]!.bm25).toBeGreaterThan(hits[1]!.bm25);
    expect(rows.every((h) => h.persona_id === P)).toBe(true);
  });

  it('keeps the index in step with updates and deletes', async () => {
    const repos = createRepositories(db.manager);
    const m = memoryFixture(P, { content: 'The lighthouse keeper sings' });
    await repos.memories.insert(m);
    expect(ftsIds(repos.memories, '"lighthouse"')).toEqual(['The lighthouse keeper sings']);
    await repos.memories.save({ ...m, content: 'The harbour master whistles' });
    expect(ftsIds(repos.memories, '"lighthouse"')).toEqual([]);
    expect(ftsIds(repos.memories, '"harbour"')).toEqual(['The harbour master whistles']);
    expect(await repos.memories.purge(m.id)).toBe(true);
    expect(ftsIds(repos.memories, '"harbour"')).toEqual([]);
    expect(await repos.memories.purge(m.id)).toBe(false);
  });

  it('archiving moves a memory to the archive index with its reason, and restore brings it back', async () => {
    const repos = createRepositories(db.manager);
    const m = memoryFixture(P, { content: 'The ferry sank near the cliffs', accessed_count: 3 });
    await repos.memories.insert(m);
    const fields = { archived_at: '2026-11-02T00:00:00.000Z', archive_reason: 'pruned' as const, prune_score: 0.25, run_id: 'r1' };
    expect(await repos.memories.archive(m.id, fields)).toBe(true);
    expect(await repos.memories.get(m.id)).toBeNull();
    expect(ftsIds(repos.memories, '"ferry"')).toEqual([]);
    expect(ftsIds(repos.memories, '"ferry"', true)).toEqual(['The ferry sank near the cliffs']);
    const archived = await repos.memories.getArchived(m.id);
    expect(archived).toMatchObject({ archive_reason: 'pruned', prune_score: 0.25, run_id: 'r1', accessed_count: 3, content: m.content });

    const restored = await repos.memories.restore(m.id, '2026-11-03T00:00:00.000Z');
    expect(restored).toEqual({ ...m, restored_at: '2026-11-03T00:00:00.000Z' });
    expect(ftsIds(repos.memories, '"ferry"')).toEqual(['The ferry sank near the cliffs']);
    expect(ftsIds(repos.memories, '"ferry"', true)).toEqual([]);
    expect(await repos.memories.restore(m.id, '2026-11-03T00:00:00.000Z')).toBeNull();
  });

  it('a prune batch leaves a memory pinned after the selection active; a delete archives it anyway', async () => {
    const repos = createRepositories(db.manager);
    const pinned = memoryFixture(P, { content: 'pinned while the prune ran', pinned: true });
    const loose = memoryFixture(P, { content: 'not pinned, selected by the prune' });
    await repos.memories.insert(pinned);
    await repos.memories.insert(loose);
    const moved = repos.memories.archiveMany([{ id: pinned.id, prune_score: 0.1 }, { id: loose.id, prune_score: 0.1 }], { archived_at: pinned.created_at, archive_reason: 'pruned', run_id: null });
    expect(moved).toBe(1);
    expect(repos.memories.getMany([pinned.id], false).map((m) => m.id)).toEqual([pinned.id]);
    expect(repos.memories.getMany([loose.id], true).map((m) => m.id)).toEqual([loose.id]);
    expect(repos.memories.archiveMany([{ id: pinned.id, prune_score: null }], { archived_at: pinned.created_at, archive_reason: 'deleted', run_id: null })).toBe(1);
  });

  it('round-trips every field, including JSON and booleans', async () => {
    const repos = createRepositories(db.manager);
    const m = memoryFixture(P, {
      pinned: true, metadata: { nested: { a: [1, 2] } }, witnessed_by: ['persona:x', 'mcp:bob'], related_personas: [Q],
      last_accessed_at: '2026-11-05T00:00:00.000Z', participant_key: 'mcp:bob', channel: 'conn:1',
    });
    await repos.memories.insert(m);
    expect(await repos.memories.get(m.id)).toEqual(m);
    const page = { order_by: 'created_at' as const, order: 'desc' as const, limit: 10, offset: 0 };
    expect(repos.memories.list(P, false, { ...page, pinned: true }).rows).toEqual([m]);
    expect(repos.memories.list(P, false, { ...page, participant_key: 'mcp:bob' }).total).toBe(1);
  });

  it('deleting the persona cascades to its memories and their index rows', async () => {
    const repos = createRepositories(db.manager);
    await repos.memories.insert(memoryFixture(Q, { content: 'Runes of the east tower' }));
    expect(repos.memories.countAll(Q).memories).toBeGreaterThan(0);
    await repos.personas.delete(Q);
    expect(repos.memories.countAll(Q)).toEqual({ memories: 0, archived: 0 });
    const left = db.sqlite.prepare("SELECT count(*) AS n FROM memories_fts WHERE memories_fts MATCH 'runes'").get() as { n: number };
    expect(left.n).toBe(0);
  });
});
