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
 * Migration 0006 (docs/memory.md "How recall ranks" and "Pruning"):
 * - the memory and archive full-text indexes are rebuilt with the Porter stemmer
 *   (`porter unicode61 remove_diacritics 2`), so "blacksmiths" finds "blacksmith"; existing memories are
 *   re-indexed from their rows (`rebuild`), nothing else changes;
 * - `prune_state`: per persona, the back-off of automatic pruning (`next_prune_at_count`), how many
 *   automatic runs archived nothing (`skipped_runs`), and its active memory count (`memory_count`, kept by
 *   triggers, so the insert trigger reads one row instead of counting the persona's memories).
 */
export class StemmedRecall0000000000006 implements MigrationInterface {
  name = 'StemmedRecall0000000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [...DROP_FTS, ...ftsStatements('porter unicode61 remove_diacritics 2')]) await queryRunner.query(sql);
    await queryRunner.query(`CREATE TABLE prune_state (
      persona_id TEXT PRIMARY KEY NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
      next_prune_at_count INTEGER NOT NULL DEFAULT 0, skipped_runs INTEGER NOT NULL DEFAULT 0, memory_count INTEGER NOT NULL DEFAULT 0)`);
    await queryRunner.query(`INSERT INTO prune_state (persona_id, memory_count)
      SELECT persona_id, count(*) FROM memories WHERE persona_id IN (SELECT id FROM personas) GROUP BY persona_id`);
    await queryRunner.query(`CREATE TRIGGER memories_count_ai AFTER INSERT ON memories BEGIN
      INSERT INTO prune_state (persona_id, memory_count) VALUES (new.persona_id, 1)
        ON CONFLICT(persona_id) DO UPDATE SET memory_count = memory_count + 1; END`);
    await queryRunner.query(`CREATE TRIGGER memories_count_ad AFTER DELETE ON memories BEGIN
      UPDATE prune_state SET memory_count = memory_count - 1 WHERE persona_id = old.persona_id; END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS memories_count_ai');
    await queryRunner.query('DROP TRIGGER IF EXISTS memories_count_ad');
    await queryRunner.query('DROP TABLE IF EXISTS prune_state');
    for (const sql of [...DROP_FTS, ...ftsStatements('unicode61 remove_diacritics 2')]) await queryRunner.query(sql);
  }
}
