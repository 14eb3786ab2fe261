import type BetterSqlite3 from 'better-sqlite3';
import type { EntitySchema } from 'typeorm';
import { ENTITIES } from './entities/index.ts';
import { toSqlValues } from './upsert.ts';

// Fast paths for the hottest reads and writes: prepared statements decoded with the column types
// the entity schemas declare (JSON columns parsed, booleans as true/false), so TypeORM's query
// building stays off the chat path while the entity schemas remain the single source of types.

interface Codec { json: Set<string>; bool: Set<string>; drop: Set<string> }

const codecs = new Map<string, Codec>();
for (const entity of ENTITIES as EntitySchema[]) {
  const opts = entity.options;
  const codec: Codec = { json: new Set(), bool: new Set(), drop: new Set() };
  for (const [name, col] of Object.entries(opts.columns ?? {})) {
    const type = (col as { type?: unknown }).type;
    if (type === 'simple-json') codec.json.add(name);
    if (type === 'boolean') codec.bool.add(name);
    if (name === 'rid') codec.drop.add(name);
  }
  codecs.set(opts.tableName as string, codec);
}

/** Decodes a raw SQLite row of `table` to its typed row. */
export function decodeRow<T>(table: string, raw: Record<string, unknown>): T {
  const codec = codecs.get(table);
  if (!codec) throw new Error(`no codec for table ${table}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (codec.drop.has(k)) continue;
    out[k] = codec.json.has(k) && typeof v === 'string' ? JSON.parse(v) : codec.bool.has(k) ? v === 1 || v === true : v;
  }
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
