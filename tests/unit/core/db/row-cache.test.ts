import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../src/core/index.ts';
import { cachedRow } from '../../../../src/core/db/index.ts';
import { createRepositories } from '../../../../src/core/repositories.ts';
import { createTestCore, type TestCore } from '../../../support/core-harness.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

// The row cache must never serve a row the database no longer holds, whoever changed it and by
// whatever path: these tests change rows behind the repositories' back and expect the new values.

let t: TestCore | undefined;
let other: BetterSqlite3.Database | undefined;
afterEach(async () => {
  other?.close();
  other = undefined;
  await t?.close();
  t = undefined;
});

const ARIA = 'a1a1a1a1-0000-4000-8000-000000000001';
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function start() {
  t = await createTestCore();
  const repos = createRepositories(t.core.db.manager);
  return { core: t.core, repos };
}

describe('row cache', () => {
  it('serves the same frozen row while nothing changed; callers cannot edit it', async () => {
    const { repos } = await start();
    const a = await repos.personas.resolve('Aria');
    const b = await repos.personas.resolve('Aria');
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a!.personality_traits)).toBe(true);
    expect(() => { (a as { name: string }).name = 'Changed'; }).toThrow(TypeError);
    expect(() => { (a!.tags as string[]).push('x'); }).toThrow(TypeError);
    expect((await repos.personas.get(ARIA))!.name).toBe('Aria');
  });

  it('a write on the same connection by any path (raw SQL, no transaction) is seen at once', async () => {
    const { core, repos } = await start();
    expect((await repos.personas.get(ARIA))!.description).not.toBe('raw edit');
    core.db.sqlite.prepare('UPDATE personas SET description = ? WHERE id = ?').run('raw edit', ARIA);
    expect((await repos.personas.get(ARIA))!.description).toBe('raw edit');
    expect((await repos.personas.resolve('Aria'))!.description).toBe('raw edit');
  });

  it('another connection\'s commit is seen (from the next turn when a read snapshot is open)', async () => {
    const { core, repos } = await start();
    other = new BetterSqlite3(core.db.file);
    other.pragma('busy_timeout = 5000');
    expect((await repos.states.getInteraction(ARIA))!.social_energy).not.toBe(7);
    other.prepare('UPDATE interaction_states SET social_energy = 7 WHERE persona_id = ?').run(ARIA);
    expect((await repos.states.getInteraction(ARIA))!.social_energy).toBe(7);

    core.db.readSnapshot();
    expect((await repos.personas.resolve('Aria'))!.name).toBe('Aria');
    other.prepare("UPDATE personas SET name = 'Aria Two' WHERE id = ?").run(ARIA);
    // Same turn: the snapshot still shows the old row, exactly as an uncached read would.
    expect((await repos.personas.get(ARIA))!.name).toBe('Aria');
    await tick();
    expect((await repos.personas.get(ARIA))!.name).toBe('Aria Two');
    expect(await repos.personas.resolve('Aria')).toBeNull();
    expect((await repos.personas.resolve('Aria Two'))!.id).toBe(ARIA);
  });

  it('in a read snapshot, a write transaction of our own is seen by the reads after it', async () => {
    const { core, repos } = await start();
    core.db.readSnapshot();
    expect((await repos.personas.get(ARIA))!.description).not.toBe('committed');
    await core.db.transaction(async (em) => {
      await em.query("UPDATE personas SET description = 'committed' WHERE id = ?", [ARIA]);
    });
    expect((await repos.personas.get(ARIA))!.description).toBe('committed');
    core.db.readSnapshot();
    expect((await repos.personas.resolve('Aria'))!.description).toBe('committed');
  });

  it('a rolled-back write transaction leaves nothing cached from inside it', async () => {
    const { core, repos } = await start();
    await repos.personas.get(ARIA);
    await expect(core.db.transaction(async (em) => {
      const inner = createRepositories(em);
      core.db.sqlite.prepare("UPDATE personas SET description = 'doomed' WHERE id = ?").run(ARIA);
      expect((await inner.personas.get(ARIA))!.description).toBe('doomed');
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect((await repos.personas.get(ARIA))!.description).not.toBe('doomed');
  });

  it('a missing row is not cached: a persona created later is found', async () => {
    const { core, repos } = await start();
    expect(await repos.personas.resolve('Nobody')).toBeNull();
    await t!.call('persona.create', { name: 'Nobody', description: 'late' });
    expect((await repos.personas.resolve('Nobody'))!.description).toBe('late');
    expect(core.db.sqlite.open).toBe(true);
  });

  it('connections opened without the cache read through', async () => {
    const temp = makeTempDir();
    let db: Database | undefined;
    try {
      db = await openDatabase({ file: join(temp.dir, 'db.sqlite'), migrate: true });
      const plain = new BetterSqlite3(db.file);
      let loads = 0;
      const load = () => { loads += 1; return { n: loads }; };
      expect(cachedRow(plain, 'k', load)).toEqual({ n: 1 });
      expect(cachedRow(plain, 'k', load)).toEqual({ n: 2 });
      expect(cachedRow(db.sqlite, 'k', load)).toEqual({ n: 3 });
      expect(cachedRow(db.sqlite, 'k', load)).toEqual({ n: 3 });
      plain.close();
    } finally {
      await db?.close();
      temp.cleanup();
    }
  });
});
