import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../src/core/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

let db: Database;
let other: BetterSqlite3.Database;
let cleanup: () => void;
afterEach(async () => {
  other.close();
  await db.close();
  cleanup();
});

const tick = () => new Promise((resolve) => setImmediate(resolve));
const count = () => (db.sqlite.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n;

async function setup() {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  const file = join(temp.dir, 'db.sqlite');
  db = await openDatabase({ file, migrate: true });
  other = new BetterSqlite3(file);
  other.pragma('busy_timeout = 5000');
}
const otherWrites = (key: string) => other.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, '1', 'now')").run(key);

describe('per-turn read snapshot', () => {
  it('reads in one event-loop turn share a snapshot; another process\'s commit shows from the next turn', async () => {
    await setup();
    db.readSnapshot();
    expect(count()).toBe(0);
    otherWrites('a');
    expect(count()).toBe(0);
    await tick();
    expect(db.sqlite.inTransaction).toBe(false);
    expect(count()).toBe(1);
  });

  it('a write transaction ends the snapshot first and sees the latest data; reads then continue', async () => {
    await setup();
    db.readSnapshot();
    expect(count()).toBe(0);
    otherWrites('b');
    const seen = await db.transaction(async (em) => {
      await em.query("INSERT INTO settings (key, value, updated_at) VALUES ('c', '1', 'now')");
      return count();
    });
    expect(seen).toBe(2);
    db.readSnapshot();
    expect(count()).toBe(2);
    await tick();
    expect(db.sqlite.inTransaction).toBe(false);
    // The other process can write again: no lock was left behind.
    otherWrites('d');
    expect(count()).toBe(3);
  });
});
