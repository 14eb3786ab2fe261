import type BetterSqlite3 from 'better-sqlite3';
import type { EntitySchema } from 'typeorm';
import { ENTITIES } from './entities/index.ts';
import { toSqlValues } from './upsert.ts';

// Fast paths for the hottest reads and writes: prepared statements decoded with the column types
// the entity schemas declare (JSON columns parsed, booleans as true/false), so TypeORM's query
// building stays off the chat path while the entity schemas remain the single source of types.

type Decoder = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * Builds the decoder of one table as straight-line code over its declared columns, so every row
 * of the table gets the same object shape with no per-column lookups (this runs on every read of
 * the hot paths). Names come from the entity schemas, never from input, and are embedded as JSON
 * string literals. Columns a row lacks (a narrower SELECT) are left out, as before.
 */
function compileDecoder(columns: readonly { name: string; type: unknown }[]): Decoder {
  const lines = columns.filter((c) => c.name !== 'rid').map(({ name, type }) => {
    const key = JSON.stringify(name);
    const value = type === 'simple-json'
      ? `typeof v === 'string' ? JSON.parse(v) : v`
      : type === 'boolean' ? 'v === 1 || v === true' : 'v';
    return `v = raw[${key}]; if (v !== undefined || ${key} in raw) out[${key}] = ${value};`;
  });
  return new Function('raw', `'use strict'; const out = {}; let v; ${lines.join(' ')} return out;`) as Decoder;
}

const decoders = new Map<string, { decode: Decoder; known: ReadonlySet<string> }>();
for (const entity of ENTITIES as EntitySchema[]) {
  const opts = entity.options;
  const columns = Object.entries(opts.columns ?? {}).map(([name, col]) => ({ name, type: (col as { type?: unknown }).type }));
  decoders.set(opts.tableName as string, { decode: compileDecoder(columns), known: new Set(columns.map((c) => c.name)) });
}

/** Decodes a raw SQLite row of `table` to its typed row (JSON columns parsed, booleans as true/false, `rid` dropped). */
export function decodeRow<T>(table: string, raw: Record<string, unknown>): T {
  const codec = decoders.get(table);
  if (!codec) throw new Error(`no codec for table ${table}`);
  const out = codec.decode(raw);
  // Columns the schema does not declare (computed SELECT columns) pass through unchanged.
  for (const k in raw) if (!codec.known.has(k)) out[k] = raw[k];
  return out as T;
}

const stmts = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** A prepared statement cached per connection. */
export function prepared(sqlite: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let m = stmts.get(sqlite);
  if (!m) stmts.set(sqlite, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = sqlite.prepare(sql)));
  return st;
}

/** One row of `table` matching `where` (column = value pairs), decoded; null when none. */
export function findRow<T>(sqlite: BetterSqlite3.Database, table: string, where: Record<string, unknown>): T | null {
  const keys = Object.keys(where);
  const raw = prepared(sqlite, `SELECT * FROM "${table}" WHERE ${keys.map((k) => `"${k}" = @${k}`).join(' AND ')} LIMIT 1`).get(toSqlValues(where)) as Record<string, unknown> | undefined;
  return raw ? decodeRow<T>(table, raw) : null;
}

/** Inserts one row into `table` (JSON and booleans encoded). */
export function insertRow(sqlite: BetterSqlite3.Database, table: string, row: Record<string, unknown>): void {
  const cols = Object.keys(row);
  prepared(sqlite, `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(toSqlValues(row));
}
