import { Initial0000000000001 } from './0001-initial.ts';
import { RecallIndexes0000000000002 } from './0002-recall-indexes.ts';

/** Numbered migrations in order; the class name ends in its 13-digit sequence number (TypeORM's rule). */
export const MIGRATIONS = [Initial0000000000001, RecallIndexes0000000000002];
