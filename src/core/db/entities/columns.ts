import type { EntitySchemaColumnOptions } from 'typeorm';

// Every column states its SQLite type explicitly: esbuild/tsx/type-stripping emit no decorator
// metadata, and EntitySchema needs none, so nothing depends on reflection.

/** TEXT NOT NULL. */
export const text = (): EntitySchemaColumnOptions => ({ type: 'text', nullable: false });
/** TEXT NULL. */
export const textNull = (): EntitySchemaColumnOptions => ({ type: 'text', nullable: true });
/** INTEGER NOT NULL. */
export const int = (): EntitySchemaColumnOptions => ({ type: 'integer', nullable: false });
/** INTEGER NULL. */
export const intNull = (): EntitySchemaColumnOptions => ({ type: 'integer', nullable: true });
/** REAL NOT NULL. */
export const real = (): EntitySchemaColumnOptions => ({ type: 'real', nullable: false });
/** REAL NULL. */
export const realNull = (): EntitySchemaColumnOptions => ({ type: 'real', nullable: true });
/** BOOLEAN NOT NULL (stored 0/1). */
export const bool = (): EntitySchemaColumnOptions => ({ type: 'boolean', nullable: false });
/** JSON in a TEXT NOT NULL column. */
export const json = (): EntitySchemaColumnOptions => ({ type: 'simple-json', nullable: false });
/** JSON in a TEXT NULL column. */
export const jsonNull = (): EntitySchemaColumnOptions => ({ type: 'simple-json', nullable: true });
/** TEXT primary key. */
export const textKey = (): EntitySchemaColumnOptions => ({ type: 'text', primary: true });
/** INTEGER PRIMARY KEY AUTOINCREMENT. */
export const rowKey = (): EntitySchemaColumnOptions => ({ type: 'integer', primary: true, generated: 'increment' });

/**
 * TypeORM's insert/update types reject `Record<string, unknown>` JSON columns; rows here are
 * validated by zod before they reach a repository, so the cast only bridges that typing gap.
 */
export function asRowValues<T>(row: T): never {
  return row as never;
}
