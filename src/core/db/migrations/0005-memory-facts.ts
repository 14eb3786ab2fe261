import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Migration 0005: who a memory is about and who told it (docs/memory.md "How facts are learned" and
 * "Whom a persona tells").
 * `subject_key` (whom a fact is about), `fact_key` (the slot `{subject_key}|{predicate}` a fact fills)
 * and `source_key` (who told the persona; null = its own knowledge) on memories and the archive.
 * Existing rows keep nulls: what a persona held before stays its own knowledge.
 */
export class MemoryFacts0000000000005 implements MigrationInterface {
  name = 'MemoryFacts0000000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['memories', 'memory_archive']) {
      for (const column of ['subject_key', 'fact_key', 'source_key']) {
        await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ${column} TEXT NULL`);
      }
    }
    // Consolidation finds the active fact of a slot; profiles read facts about one subject.
    await queryRunner.query('CREATE INDEX "IDX_memories_persona_fact" ON memories (persona_id, fact_key) WHERE fact_key IS NOT NULL');
    await queryRunner.query('CREATE INDEX "IDX_memories_persona_subject" ON memories (persona_id, subject_key) WHERE subject_key IS NOT NULL');
    await queryRunner.query('CREATE INDEX "IDX_memory_archive_persona_fact" ON memory_archive (persona_id, fact_key) WHERE fact_key IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['IDX_memories_persona_fact', 'IDX_memories_persona_subject', 'IDX_memory_archive_persona_fact']) {
      await queryRunner.query(`DROP INDEX IF EXISTS "${index}"`);
    }
    for (const table of ['memories', 'memory_archive']) {
      for (const column of ['subject_key', 'fact_key', 'source_key']) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    }
  }
}
