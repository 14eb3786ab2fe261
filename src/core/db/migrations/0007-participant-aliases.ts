import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Migration 0007: linked identities (docs/memory.md "Who is who"). `participant_aliases` maps a
 * secondary key folded into a primary one, so later calls with it resolve to the primary;
 * `participant_links` is the audit of every `participant.link` (who was folded into whom, what moved).
 */
export class ParticipantAliases0000000000007 implements MigrationInterface {
  name = 'ParticipantAliases0000000000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE participant_aliases (
      alias_key TEXT PRIMARY KEY NOT NULL, primary_key TEXT NOT NULL, linked_at TEXT NOT NULL)`);
    await queryRunner.query('CREATE INDEX "IDX_participant_aliases_primary" ON participant_aliases (primary_key)');
    await queryRunner.query(`CREATE TABLE participant_links (
      id TEXT PRIMARY KEY NOT NULL, primary_key TEXT NOT NULL, secondary_key TEXT NOT NULL, counts TEXT NOT NULL,
      linked_at TEXT NOT NULL)`);
    await queryRunner.query('CREATE INDEX "IDX_participant_links_linked" ON participant_links (linked_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS participant_links');
    await queryRunner.query('DROP TABLE IF EXISTS participant_aliases');
  }
}
