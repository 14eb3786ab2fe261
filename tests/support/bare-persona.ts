import type { Database } from '../../src/core/db/index.ts';

/** Inserts a minimal persona row straight into SQLite (repository tests that need an owner). */
export function insertBarePersona(db: Database, id: string, name: string): void {
  const now = new Date().toISOString();
  db.sqlite.prepare(
    `INSERT INTO personas (id, name, description, personality, scenario, first_mes, alternate_greetings,
      group_only_greetings, mes_example, system_prompt, post_history_instructions, creator_notes, tags, creator,
      character_version, assets, source, personality_traits, topic_preferences, charisma, intelligence, social_rank,
      speaking_style, full_name, emotional_baseline, interaction_defaults, extensions, version, created_at, updated_at)
     VALUES (?, ?, '', '', '', '', '[]', '[]', '', '', '', '', '[]', '', '', '[]', '[]', '{}', '{}', 10, 10,
      'commoner', '', '', '{}', '{}', '{}', 1, ?, ?)`,
  ).run(id, name, now, now);
}
