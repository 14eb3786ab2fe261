/** Persistence: the database handle, entities and migrations. TypeORM stays inside this folder and the repositories. */
export * from './database.ts';
export * from './entities/index.ts';
export { MIGRATIONS } from './migrations/index.ts';
export * from './upsert.ts';
export * from './row-codec.ts';
export { cachedRow } from './row-cache.ts';
