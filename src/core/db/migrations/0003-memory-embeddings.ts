import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Migration 0003: memory embeddings (optional, docs/memory.md "How recall ranks"). Vectors are float32 blobs
 * compared with sqlite-vec's vec_distance_cosine; a changed or deleted memory drops its vector.
 */
export class MemoryEmbeddings0000000000003 implements MigrationInterface {
  name = 'MemoryEmbeddings0000000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE memory_embeddings (
      memory_id TEXT PRIMARY KEY NOT NULL, persona_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
      model TEXT NOT NULL, dims INTEGER NOT NULL, embedding BLOB NOT NULL, created_at TEXT NOT NULL)`);
    await queryRunner.query('CREATE INDEX "IDX_memory_embeddings_persona_model" ON memory_embeddings (persona_id, model)');
    await queryRunner.query('CREATE TRIGGER memory_embeddings_ad AFTER DELETE ON memories BEGIN DELETE FROM memory_embeddings WHERE memory_id = old.id; END');
    await queryRunner.query('CREATE TRIGGER memory_embeddings_au AFTER UPDATE OF content ON memories BEGIN DELETE FROM memory_embeddings WHERE memory_id = old.id; END');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS memory_embeddings');
  }
}
