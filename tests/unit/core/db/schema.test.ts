import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../../../src/core/db/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

const temp = makeTempDir();
let db: Database;
beforeAll(async () => {
  db = await openDatabase({ file: join(temp.dir, 'schema.sqlite'), migrate: true });
});
afterAll(async () => {
  await db.close();
  temp.cleanup();
});

const SQLITE_TYPE: Record<string, string> = { text: 'TEXT', integer: 'INTEGER', real: 'REAL', boolean: 'BOOLEAN', 'simple-json': 'TEXT', blob: 'BLOB' };

describe('migrations and entities', () => {
  it('the database runs in WAL mode with foreign keys and a busy timeout', () => {
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(db.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
  });

  it('every entity column exists in the migrated table with the same type and nullability', () => {
    const mismatches: string[] = [];
    for (const meta of db.dataSource.entityMetadatas) {
      const cols = db.sqlite.prepare(`PRAGMA table_info(${meta.tableName})`).all() as { name: string; type: string; notnull: number }[];
      const byName = new Map(cols.map((c) => [c.name, c]));
      expect(cols.length, `table ${meta.tableName} exists`).toBeGreaterThan(0);
      for (const col of meta.columns) {
        const actual = byName.get(col.databaseName);
        const type = SQLITE_TYPE[String(col.type)];
        if (!actual) mismatches.push(`${meta.tableName}.${col.databaseName} missing`);
        else if (actual.type !== type) mismatches.push(`${meta.tableName}.${col.databaseName}: ${actual.type} ≠ ${type}`);
        else if (!col.isPrimary && Boolean(actual.notnull) === col.isNullable) mismatches.push(`${meta.tableName}.${col.databaseName}: nullability`);
      }
      for (const c of cols) {
        if (!meta.columns.some((m) => m.databaseName === c.name)) mismatches.push(`${meta.tableName}.${c.name} has no entity column`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('running migrations again is a no-op', async () => {
    expect(await db.migrate()).toEqual([]);
  });
});
