import type BetterSqlite3 from 'better-sqlite3';

import { prepared as statement } from './row-codec.ts';

/** Converts a row to SQLite values: objects and arrays as JSON text, booleans as 0/1. */
export function toSqlValues(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  }
  return out;
}

/**
 * Inserts or updates one row by its primary key in a single statement (INSERT … ON CONFLICT DO
 * UPDATE), without the read TypeORM's save() does first. Never REPLACE: that would delete the row
 * and cascade to its children.
 */
export function upsertRow(sqlite: BetterSqlite3.Database, table: string, keys: readonly string[], row: Record<string, unknown>): void {
  const cols = Object.keys(row);
  const updates = cols.filter((c) => !keys.includes(c)).map((c) => `"${c}" = excluded."${c}"`);
  const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (${keys.map((k) => `"${k}"`).join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  statement(sqlite, sql).run(toSqlValues(row));
}

/** The better-sqlite3 connection behind a TypeORM entity manager. */
export function sqliteOf(em: { connection: { driver: unknown } }): BetterSqlite3.Database {
  return (em.connection.driver as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
}
