import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The FTS5 index definitions and their sync triggers for a tokenizer (memories and the archive). */
function ftsStatements(tokenize: string): string[] {
  const out: string[] = [];
  for (const [table, fts] of [['memories', 'memories_fts'], ['memory_archive', 'memory_archive_fts']] as const) {
    out.push(
      `CREATE VIRTUAL TABLE ${fts} USING fts5(content, content='${table}', content_rowid='rid', tokenize='${tokenize}')`,
      `CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${table} BEGIN
        INSERT INTO ${fts}(rowid, content) VALUES (new.rid, new.content); END`,
      `CREATE TRIGGER ${fts}_ad AFTER DELETE ON ${table} BEGIN
        INSERT INTO ${fts}(${fts}, rowid, content) VALUES ('delete', old.rid, old.content); END`,
      `CREATE TRIGGER ${fts}_au AFTER UPDATE OF content ON ${table} BEGIN
        INSERT INTO ${fts}(${fts}, rowid, content) VALUES ('delete', old.rid, old.content);
        INSERT INTO ${fts}(rowid, content) VALUES (new.rid, new.content); END`,
      `INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`,
    );
  }
  return out;
}

/** Drops both FTS5 indexes and their triggers. */
const DROP_FTS = ['memories', 'memory_archive'].flatMap((table) => [
  `DROP TRIGGER IF EXISTS ${table}_fts_ai`, `DROP TRIGGER IF EXISTS ${table}_fts_ad`, `DROP TRIGGER IF EXISTS ${table}_fts_au`,
  `DROP TABLE IF EXISTS ${table}_fts`,
]);

/**
 * Migration 0006 (docs/memory.md "Recall ranking" and "Pruning"):
 * - the memory and archive full-text indexes are rebuilt with the Porter stemmer
 *   (`porter unicode61 remove_diacritics 2`), so "blacksmiths" finds "blacksmith"; existing memories are
 *   re-indexed from their rows (`rebuild`), nothing else changes;
 * - `prune_state`: per persona, the back-off of automatic pruning (`next_prune_at_count`) and how many
 *   automatic runs archived nothing (`skipped_runs`).
 */
export class StemmedRecall0000000000006 implements MigrationInterface {
  name = 'StemmedRecall0000000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [...DROP_FTS, ...ftsStatements('porter unicode61 remove_diacritics 2')]) await queryRunner.query(sql);
    await queryRunner.query(`CREATE TABLE prune_state (
      persona_id TEXT PRIMARY KEY NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
      next_prune_at_count INTEGER NOT NULL DEFAULT 0, skipped_runs INTEGER NOT NULL DEFAULT 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS prune_state');
    for (const sql of [...DROP_FTS, ...ftsStatements('unicode61 remove_diacritics 2')]) await queryRunner.query(sql);
  }
}
