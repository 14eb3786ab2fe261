import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Migration 0004: `retention_runs`, the record of each archive retention sweep (`memory.archive.retention_days`). */
export class RetentionRuns0000000000004 implements MigrationInterface {
  name = 'RetentionRuns0000000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE retention_runs (
      id TEXT PRIMARY KEY NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, retention_days INTEGER NOT NULL,
      cutoff TEXT NOT NULL, memories_deleted INTEGER NOT NULL, processing_time REAL NOT NULL)`);
    await queryRunner.query('CREATE INDEX "IDX_retention_runs_started" ON retention_runs (started_at)');
    // The sweep selects archived rows by age across personas.
    await queryRunner.query('CREATE INDEX "IDX_memory_archive_archived" ON memory_archive (archived_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS "IDX_memory_archive_archived"');
    await queryRunner.query('DROP TABLE IF EXISTS retention_runs');
  }
}
