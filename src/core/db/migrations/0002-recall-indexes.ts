import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Migration 0002: index for "most recently accessed" recall candidates, so they need no table scan. */
export class RecallIndexes0000000000002 implements MigrationInterface {
  name = 'RecallIndexes0000000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_memories_persona_accessed" ON memories (persona_id, last_accessed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS "IDX_memories_persona_accessed"');
  }
}
