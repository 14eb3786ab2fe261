import { Initial0000000000001 } from './0001-initial.ts';
import { RecallIndexes0000000000002 } from './0002-recall-indexes.ts';
import { MemoryEmbeddings0000000000003 } from './0003-memory-embeddings.ts';
import { RetentionRuns0000000000004 } from './0004-retention-runs.ts';
import { MemoryFacts0000000000005 } from './0005-memory-facts.ts';
import { StemmedRecall0000000000006 } from './0006-stemmed-recall.ts';
import { ParticipantAliases0000000000007 } from './0007-participant-aliases.ts';

/** Numbered migrations in order; the class name ends in its 13-digit sequence number (TypeORM's rule). */
export const MIGRATIONS = [
  Initial0000000000001, RecallIndexes0000000000002, MemoryEmbeddings0000000000003, RetentionRuns0000000000004, MemoryFacts0000000000005,
  StemmedRecall0000000000006, ParticipantAliases0000000000007,
];
