import { EntitySchema } from 'typeorm';
import type { Participant } from '../../../shared/index.ts';
import { bool, int, json, real, realNull, text, textKey, textNull } from './columns.ts';

/** Row of `participants`. */
export type ParticipantRow = Participant;

/** `participants`. */
export const ParticipantEntity = new EntitySchema<ParticipantRow>({
  name: 'Participant',
  tableName: 'participants',
  columns: {
    key: textKey(), platform: text(), external_id: text(), display_name: text(), first_seen_at: text(),
    last_seen_at: text(),
  },
});

/** Row of `participant_aliases`: a secondary key folded into a primary one by `participant.link`. */
export interface ParticipantAliasRow {
  alias_key: string;
  primary_key: string;
  linked_at: string;
}

/** `participant_aliases`. */
export const ParticipantAliasEntity = new EntitySchema<ParticipantAliasRow>({
  name: 'ParticipantAlias',
  tableName: 'participant_aliases',
  columns: { alias_key: textKey(), primary_key: text(), linked_at: text() },
});

/** Row of `participant_links`: the audit of one `participant.link` (what moved, in `counts`). */
export interface ParticipantLinkRow {
  id: string;
  primary_key: string;
  secondary_key: string;
  counts: Record<string, number>;
  linked_at: string;
}

/** `participant_links`. */
export const ParticipantLinkEntity = new EntitySchema<ParticipantLinkRow>({
  name: 'ParticipantLink',
  tableName: 'participant_links',
  columns: { id: textKey(), primary_key: text(), secondary_key: text(), counts: json(), linked_at: text() },
});

/** Row of `prune_runs`. */
export interface PruneRunRow {
  id: string;
  persona_id: string | null;
  started_at: string;
  finished_at: string;
  memories_before: number;
  memories_after: number;
  memories_pruned: number;
  target_count: number;
  target_reached: boolean;
  average_importance_pruned: number | null;
  average_importance_kept: number | null;
  processing_time: number;
  forced: boolean;
  dry_run: boolean;
  protected: Record<string, number>;
  pruned_ids: string[];
  trigger: string;
}

/** `prune_runs`. */
export const PruneRunEntity = new EntitySchema<PruneRunRow>({
  name: 'PruneRun',
  tableName: 'prune_runs',
  columns: {
    id: textKey(), persona_id: textNull(), started_at: text(), finished_at: text(), memories_before: int(),
    memories_after: int(), memories_pruned: int(), target_count: int(), target_reached: bool(),
    average_importance_pruned: realNull(), average_importance_kept: realNull(), processing_time: real(),
    forced: bool(), dry_run: bool(), protected: json(), pruned_ids: json(), trigger: text(),
  },
});

/** Row of `decay_runs`. */
export interface DecayRunRow {
  id: string;
  persona_id: string | null;
  started_at: string;
  finished_at: string;
  personas_processed: number;
  memories_processed: number;
  memories_decayed: number;
  average_decay: number;
  auto_prunes_triggered: number;
  mode: string;
  forced: boolean;
  processing_time: number;
}

/** `decay_runs`. */
export const DecayRunEntity = new EntitySchema<DecayRunRow>({
  name: 'DecayRun',
  tableName: 'decay_runs',
  columns: {
    id: textKey(), persona_id: textNull(), started_at: text(), finished_at: text(), personas_processed: int(),
    memories_processed: int(), memories_decayed: int(), average_decay: real(), auto_prunes_triggered: int(),
    mode: text(), forced: bool(), processing_time: real(),
  },
});

/** Row of `settings`: run-time settings as JSON values by key. */
export interface SettingRow {
  key: string;
  value: unknown;
  updated_at: string;
}

/** `settings`. */
export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting',
  tableName: 'settings',
  columns: { key: textKey(), value: json(), updated_at: text() },
});

/** Row of `bot_configs`: the non-secret bot configuration of a persona. */
export interface BotConfigRow {
  persona_id: string;
  config: Record<string, unknown>;
  updated_at: string;
}

/** `bot_configs`. */
export const BotConfigEntity = new EntitySchema<BotConfigRow>({
  name: 'BotConfig',
  tableName: 'bot_configs',
  columns: { persona_id: textKey(), config: json(), updated_at: text() },
});

/** Row of `retention_runs`: one sweep of the archive past `memory.archive.retention_days`. */
export interface RetentionRunRow {
  id: string;
  started_at: string;
  finished_at: string;
  retention_days: number;
  /** Archived memories with `archived_at` before this instant were deleted. */
  cutoff: string;
  memories_deleted: number;
  processing_time: number;
}

/** `retention_runs`. */
export const RetentionRunEntity = new EntitySchema<RetentionRunRow>({
  name: 'RetentionRun',
  tableName: 'retention_runs',
  columns: {
    id: textKey(), started_at: text(), finished_at: text(), retention_days: int(), cutoff: text(), memories_deleted: int(),
    processing_time: real(),
  },
  indices: [{ name: 'IDX_retention_runs_started', columns: ['started_at'] }],
});

/** Row of `prune_state`: per persona, the back-off of automatic pruning (docs/memory.md "Pruning"). */
export interface PruneStateRow {
  persona_id: string;
  /** Automatic runs past `max_memories` wait until the count reaches this (0 = no back-off). */
  next_prune_at_count: number;
  /** Automatic runs that archived nothing (they write no `prune_runs` row). */
  skipped_runs: number;
  /** Active memories of the persona, kept by triggers on `memories`. */
  memory_count: number;
}

/** `prune_state`. */
export const PruneStateEntity = new EntitySchema<PruneStateRow>({
  name: 'PruneState',
  tableName: 'prune_state',
  columns: { persona_id: textKey(), next_prune_at_count: int(), skipped_runs: int(), memory_count: int() },
});
