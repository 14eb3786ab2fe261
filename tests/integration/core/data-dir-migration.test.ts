import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { AppConfigSchema } from '../../../src/shared/index.ts';
import { OPERATION_TABLE, createConnectionState, createCore, invokeOperation, type CoreContext } from '../../../src/core/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

// A data dir written by the release before the persona mind (commit e096e77, migrations 0001–0004; see
// tests/fixtures/README.md) opens with this code: migrations 0005–0006 run, every memory and archived
// memory is kept, and the rebuilt Porter index finds them by other word forms
// (docs/memory.md "How recall ranks").
const FIXTURE = join(import.meta.dirname, '../../fixtures/prev-release-e096e77.sqlite');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Row = { id: string; persona_id: string; content: string; importance: number; created_at: string };

const temp = makeTempDir();
let core: CoreContext;
let before: { memories: Row[]; archive: Row[] };
const call = (method: string, params: unknown) =>
  invokeOperation(OPERATION_TABLE, method, params, { core, connection: createConnectionState(randomUUID(), 'mcp') }) as Promise<Json>;
/** The trigger-kept counts of prune_state beside a real count, per persona. */
const counts = () => ({
  kept: core.db.sqlite.prepare('SELECT persona_id, memory_count AS n FROM prune_state WHERE memory_count > 0 ORDER BY persona_id').all(),
  real: core.db.sqlite.prepare('SELECT persona_id, count(*) AS n FROM memories GROUP BY persona_id ORDER BY persona_id').all(),
});
const rows = (db: Database.Database, table: string) =>
  db.prepare(`SELECT id, persona_id, content, importance, created_at FROM ${table} ORDER BY id`).all() as Row[];

beforeAll(async () => {
  const file = join(temp.dir, 'persona-mcp.sqlite');
  copyFileSync(FIXTURE, file);
  const old = new Database(file, { readonly: true });
  before = { memories: rows(old, 'memories'), archive: rows(old, 'memory_archive') };
  const migrated = (old.prepare('SELECT name FROM migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  expect(migrated.at(-1)).toBe('RetentionRuns0000000000004');
  expect(String((old.prepare("SELECT sql FROM sqlite_master WHERE name = 'memories_fts'").get() as { sql: string }).sql)).not.toContain('porter');
  old.close();
  const config = AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' }, llm: { provider: 'offline' } });
  core = await createCore({ config, migrate: true, seed: true, clock: () => new Date('2026-12-01T12:00:00.000Z') });
});
afterAll(async () => {
  await core.close();
  temp.cleanup();
});

describe('a data dir of the previous release', () => {
  it('migrates: every memory and archived memory is kept as it was, with null fact columns', () => {
    expect(before.memories.length).toBeGreaterThanOrEqual(10);
    expect(before.archive.length).toBe(2);
    expect(rows(core.db.sqlite, 'memories')).toEqual(before.memories);
    expect(rows(core.db.sqlite, 'memory_archive')).toEqual(before.archive);
    const names = (core.db.sqlite.prepare('SELECT name FROM migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
    // Every migration after the previous release's last one (0004) ran, in order.
    expect(names.slice(names.indexOf('RetentionRuns0000000000004') + 1)).toEqual(['MemoryFacts0000000000005', 'StemmedRecall0000000000006', 'ParticipantAliases0000000000007']);
    expect(core.db.sqlite.prepare('SELECT count(*) AS n FROM memories WHERE subject_key IS NOT NULL OR fact_key IS NOT NULL OR source_key IS NOT NULL').get()).toEqual({ n: 0 });
    for (const fts of ['memories_fts', 'memory_archive_fts']) {
      expect((core.db.sqlite.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(fts) as { sql: string }).sql).toContain("tokenize='porter unicode61 remove_diacritics 2'");
    }
    // The per-persona memory count the insert trigger reads starts from the existing memories.
    const c = counts();
    expect(c.kept).toEqual(c.real);
    expect(c.real.length).toBe(2);
    // The rebuilt indexes hold every row (FTS5 integrity check against the content tables).
    for (const fts of ['memories_fts', 'memory_archive_fts']) expect(() => core.db.sqlite.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('integrity-check')`).run()).not.toThrow();
  });

  it('old memories are found through the stemmed index: blacksmiths → blacksmith, trip → trips, archived horse → horses', async () => {
    const aria = (await call('memory.search', { persona_id: 'Aria', query: 'Any blacksmiths?' })).memories as Json[];
    // The old release's exchange memory quotes its offline reply, which quoted the blacksmith memory.
    expect(aria.map((m) => m.content)).toEqual(['Bob is a blacksmith from Riverwood.', expect.stringContaining('I responded: That reminds me: Bob is a blacksmith')]);
    const trip = (await call('memory.search', { persona_id: 'Aria', query: 'a trip north' })).memories as Json[];
    expect(trip[0]!.content).toBe('Carol took two trips to the northern lighthouses.');
    const archived = (await call('memory.search', { persona_id: 'Aria', query: 'horse', archived: true })).memories as Json[];
    expect(archived.map((m) => m.content)).toEqual(['Dave keeps three horses in the eastern stables.']);
    // The chat episode of the old release is indexed too.
    const sword = (await call('memory.search', { persona_id: 'Aria', query: 'forging sword' })).memories as Json[];
    expect(sword[0]!.content).toContain('I forge swords');
  });

  it('the migrated indexes stay in step: restore, update and new memories are searchable', async () => {
    const victim = before.archive.find((r) => r.content.includes('horses')) as Row;
    await call('memory.restore', { memory_id: victim.id });
    expect(((await call('memory.search', { persona_id: 'Aria', query: 'horse' })).memories as Json[]).map((m) => m.id)).toEqual([victim.id]);
    const m = await call('memory.store', { persona_id: 'Kira', content: 'The lanterns were relit by the watchmen.' });
    expect(((await call('memory.search', { persona_id: 'Kira', query: 'watchman lantern' })).memories as Json[]).map((x) => x.id)).toEqual([m.memory_id]);
    await call('memory.delete', { memory_id: m.memory_id });
    const c = counts();
    expect(c.kept).toEqual(c.real);
  });
});
