import type { MigrationInterface, QueryRunner } from 'typeorm';

// Tables for every aggregate (personas, memories, relationships, sessions, …). Memory text is indexed with
// FTS5 through external-content tables kept in sync by triggers; `rid` is an explicit INTEGER PRIMARY KEY so
// the FTS rowids stay stable across VACUUM.
const UP = [
  `CREATE TABLE personas (
    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, nickname TEXT, description TEXT NOT NULL,
    personality TEXT NOT NULL, scenario TEXT NOT NULL, first_mes TEXT NOT NULL, alternate_greetings TEXT NOT NULL,
    group_only_greetings TEXT NOT NULL, mes_example TEXT NOT NULL, system_prompt TEXT NOT NULL,
    post_history_instructions TEXT NOT NULL, creator_notes TEXT NOT NULL, creator_notes_multilingual TEXT,
    tags TEXT NOT NULL, creator TEXT NOT NULL, character_version TEXT NOT NULL, character_book TEXT,
    assets TEXT NOT NULL, source TEXT NOT NULL, personality_traits TEXT NOT NULL, topic_preferences TEXT NOT NULL,
    charisma INTEGER NOT NULL, intelligence INTEGER NOT NULL, social_rank TEXT NOT NULL, speaking_style TEXT NOT NULL,
    full_name TEXT NOT NULL, emotional_baseline TEXT NOT NULL, interaction_defaults TEXT NOT NULL, llm TEXT,
    memory_policy TEXT, extensions TEXT NOT NULL, card_extra TEXT, version INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE UNIQUE INDEX "IDX_personas_name_nocase" ON personas (name COLLATE NOCASE)`,
  `CREATE TABLE interaction_states (
    persona_id TEXT PRIMARY KEY NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    interest_level INTEGER NOT NULL, interaction_fatigue REAL NOT NULL, current_priority TEXT NOT NULL,
    available_time REAL NOT NULL, available_time_max REAL NOT NULL, social_energy REAL NOT NULL,
    cooldown_until TEXT, updated_at TEXT NOT NULL, last_decayed_at TEXT, last_pruned_at TEXT)`,
  `CREATE TABLE emotional_states (
    persona_id TEXT PRIMARY KEY NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    mood REAL NOT NULL, energy_level REAL NOT NULL, stress_level REAL NOT NULL, curiosity REAL NOT NULL,
    updated_at TEXT NOT NULL)`,
  `CREATE TABLE visual_states (
    persona_id TEXT PRIMARY KEY NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    record TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE TABLE participants (
    key TEXT PRIMARY KEY NOT NULL, platform TEXT NOT NULL, external_id TEXT NOT NULL, display_name TEXT NOT NULL,
    first_seen_at TEXT NOT NULL, last_seen_at TEXT NOT NULL)`,
  `CREATE TABLE memories (
    rid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, id TEXT NOT NULL,
    persona_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    content TEXT NOT NULL, memory_type TEXT NOT NULL, importance REAL NOT NULL, base_importance REAL NOT NULL,
    importance_source TEXT NOT NULL, emotional_valence REAL NOT NULL, visibility TEXT NOT NULL,
    witnessed_by TEXT NOT NULL, related_personas TEXT NOT NULL, participant_key TEXT, session_id TEXT,
    conversation_id TEXT, channel TEXT, pinned BOOLEAN NOT NULL, metadata TEXT NOT NULL, created_at TEXT NOT NULL,
    last_accessed_at TEXT, restored_at TEXT, accessed_count INTEGER NOT NULL)`,
  `CREATE UNIQUE INDEX "IDX_memories_id" ON memories (id)`,
  `CREATE INDEX "IDX_memories_persona_created" ON memories (persona_id, created_at)`,
  `CREATE INDEX "IDX_memories_persona_importance" ON memories (persona_id, importance)`,
  `CREATE TABLE memory_archive (
    rid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, id TEXT NOT NULL,
    persona_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    content TEXT NOT NULL, memory_type TEXT NOT NULL, importance REAL NOT NULL, base_importance REAL NOT NULL,
    importance_source TEXT NOT NULL, emotional_valence REAL NOT NULL, visibility TEXT NOT NULL,
    witnessed_by TEXT NOT NULL, related_personas TEXT NOT NULL, participant_key TEXT, session_id TEXT,
    conversation_id TEXT, channel TEXT, pinned BOOLEAN NOT NULL, metadata TEXT NOT NULL, created_at TEXT NOT NULL,
    last_accessed_at TEXT, restored_at TEXT, accessed_count INTEGER NOT NULL,
    archived_at TEXT NOT NULL, archive_reason TEXT NOT NULL, prune_score REAL, run_id TEXT)`,
  `CREATE UNIQUE INDEX "IDX_memory_archive_id" ON memory_archive (id)`,
  `CREATE INDEX "IDX_memory_archive_persona_archived" ON memory_archive (persona_id, archived_at)`,
  `CREATE VIRTUAL TABLE memories_fts USING fts5(content, content='memories', content_rowid='rid', tokenize='unicode61 remove_diacritics 2')`,
  `CREATE TRIGGER memories_fts_ai AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts(rowid, content) VALUES (new.rid, new.content); END`,
  `CREATE TRIGGER memories_fts_ad AFTER DELETE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, content) VALUES ('delete', old.rid, old.content); END`,
  `CREATE TRIGGER memories_fts_au AFTER UPDATE OF content ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, content) VALUES ('delete', old.rid, old.content);
    INSERT INTO memories_fts(rowid, content) VALUES (new.rid, new.content); END`,
  `CREATE VIRTUAL TABLE memory_archive_fts USING fts5(content, content='memory_archive', content_rowid='rid', tokenize='unicode61 remove_diacritics 2')`,
  `CREATE TRIGGER memory_archive_fts_ai AFTER INSERT ON memory_archive BEGIN
    INSERT INTO memory_archive_fts(rowid, content) VALUES (new.rid, new.content); END`,
  `CREATE TRIGGER memory_archive_fts_ad AFTER DELETE ON memory_archive BEGIN
    INSERT INTO memory_archive_fts(memory_archive_fts, rowid, content) VALUES ('delete', old.rid, old.content); END`,
  `CREATE TRIGGER memory_archive_fts_au AFTER UPDATE OF content ON memory_archive BEGIN
    INSERT INTO memory_archive_fts(memory_archive_fts, rowid, content) VALUES ('delete', old.rid, old.content);
    INSERT INTO memory_archive_fts(rowid, content) VALUES (new.rid, new.content); END`,
  `CREATE TABLE relationships (
    subject_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE, counterpart_key TEXT NOT NULL,
    counterpart_persona_id TEXT REFERENCES personas(id) ON DELETE CASCADE,
    affinity REAL NOT NULL, trust REAL NOT NULL, respect REAL NOT NULL, familiarity REAL NOT NULL,
    relationship_type TEXT NOT NULL, type_locked BOOLEAN NOT NULL, interaction_count INTEGER NOT NULL,
    total_interaction_time REAL NOT NULL, recent_interaction_quality REAL NOT NULL, first_meeting TEXT NOT NULL,
    last_interaction TEXT NOT NULL, memorable_moments TEXT NOT NULL, PRIMARY KEY (subject_id, counterpart_key))`,
  `CREATE INDEX "IDX_relationships_counterpart_persona" ON relationships (counterpart_persona_id)`,
  `CREATE TABLE relationship_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, subject_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    counterpart_key TEXT NOT NULL, counterpart_persona_id TEXT REFERENCES personas(id) ON DELETE CASCADE,
    quality REAL NOT NULL, minutes REAL NOT NULL, context TEXT NOT NULL, source TEXT NOT NULL, deltas TEXT NOT NULL,
    at TEXT NOT NULL)`,
  `CREATE INDEX "IDX_relationship_events_pair" ON relationship_events (subject_id, counterpart_key, at)`,
  `CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL, persona_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    participant_key TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, turn_count INTEGER NOT NULL,
    summary TEXT, summary_upto_seq INTEGER NOT NULL, created_at TEXT NOT NULL, last_activity_at TEXT NOT NULL,
    closed_at TEXT, last_connection_id TEXT)`,
  `CREATE UNIQUE INDEX "IDX_sessions_open_key" ON sessions (persona_id, participant_key, channel) WHERE status = 'open'`,
  `CREATE TABLE conversations (
    id TEXT PRIMARY KEY NOT NULL, participants TEXT NOT NULL, observers TEXT NOT NULL, channel TEXT,
    topic TEXT NOT NULL, topic_drift_count INTEGER NOT NULL, duration REAL NOT NULL, max_duration REAL NOT NULL,
    token_budget INTEGER NOT NULL, tokens_used INTEGER NOT NULL, continue_score INTEGER NOT NULL,
    score_history TEXT NOT NULL, turn_count INTEGER NOT NULL, last_speaker_id TEXT, status TEXT NOT NULL,
    started_at TEXT NOT NULL, ended_at TEXT, exit_reason TEXT)`,
  `CREATE TABLE conversation_members (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    persona_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    active BOOLEAN NOT NULL, PRIMARY KEY (conversation_id, persona_id))`,
  `CREATE UNIQUE INDEX "IDX_conversation_members_active" ON conversation_members (persona_id) WHERE active = 1`,
  `CREATE TABLE messages (
    id TEXT PRIMARY KEY NOT NULL, session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE,
    conversation_id TEXT REFERENCES conversations(id) ON DELETE CASCADE, seq INTEGER NOT NULL, role TEXT NOT NULL,
    speaker_key TEXT NOT NULL, speaker_name TEXT NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL, llm TEXT,
    model TEXT, response_type TEXT, finish_reason TEXT, tokens_used INTEGER, prompt_tokens INTEGER,
    continue_score INTEGER, processing_time REAL, metadata TEXT NOT NULL,
    CHECK ((session_id IS NULL) <> (conversation_id IS NULL)))`,
  `CREATE UNIQUE INDEX "IDX_messages_session_seq" ON messages (session_id, seq) WHERE session_id IS NOT NULL`,
  `CREATE UNIQUE INDEX "IDX_messages_conversation_seq" ON messages (conversation_id, seq) WHERE conversation_id IS NOT NULL`,
  `CREATE TABLE prune_runs (
    id TEXT PRIMARY KEY NOT NULL, persona_id TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
    memories_before INTEGER NOT NULL, memories_after INTEGER NOT NULL, memories_pruned INTEGER NOT NULL,
    target_count INTEGER NOT NULL, target_reached BOOLEAN NOT NULL, average_importance_pruned REAL,
    average_importance_kept REAL, processing_time REAL NOT NULL, forced BOOLEAN NOT NULL, dry_run BOOLEAN NOT NULL,
    protected TEXT NOT NULL, pruned_ids TEXT NOT NULL, trigger TEXT NOT NULL)`,
  `CREATE INDEX "IDX_prune_runs_started" ON prune_runs (started_at)`,
  `CREATE TABLE decay_runs (
    id TEXT PRIMARY KEY NOT NULL, persona_id TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
    personas_processed INTEGER NOT NULL, memories_processed INTEGER NOT NULL, memories_decayed INTEGER NOT NULL,
    average_decay REAL NOT NULL, auto_prunes_triggered INTEGER NOT NULL, mode TEXT NOT NULL, forced BOOLEAN NOT NULL,
    processing_time REAL NOT NULL)`,
  `CREATE INDEX "IDX_decay_runs_started" ON decay_runs (started_at)`,
  `CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE TABLE bot_configs (
    persona_id TEXT PRIMARY KEY NOT NULL REFERENCES personas(id) ON DELETE CASCADE, config TEXT NOT NULL,
    updated_at TEXT NOT NULL)`,
];

const DOWN = [
  'bot_configs', 'settings', 'decay_runs', 'prune_runs', 'messages', 'conversation_members', 'conversations',
  'sessions', 'relationship_events', 'relationships', 'memory_archive_fts', 'memory_archive', 'memories_fts',
  'memories', 'participants', 'visual_states', 'emotional_states', 'interaction_states', 'personas',
];

/** Migration 0001: the initial schema. */
export class Initial0000000000001 implements MigrationInterface {
  name = 'Initial0000000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of DOWN) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
