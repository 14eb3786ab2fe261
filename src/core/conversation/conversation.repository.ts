import type { EntityManager } from 'typeorm';
import type { Conversation } from '../../shared/index.ts';
import { decodeRow, findRow, insertRow, prepared, sqliteOf, upsertRow } from '../db/index.ts';

/** Filters of `conversation.list`. */
export interface ConversationListFilter {
  persona_id?: string;
  status: 'active' | 'ended' | 'all';
  limit: number;
  offset: number;
}

/** Persona ↔ persona conversations and their members (`conversations`, `conversation_members`). */
export interface ConversationRepository {
  get(id: string): Conversation | null;
  insert(conversation: Conversation): void;
  save(conversation: Conversation): void;
  /**
   * Adds a persona as a member at `position`; false when the persona is already an active member
   * of another conversation (the unique index on active members), nothing written then.
   */
  addMember(conversationId: string, personaId: string, position: number): boolean;
  /** The active conversation the persona takes part in, or null. */
  activeConversationOf(personaId: string): string | null;
  /** Marks every member of a conversation inactive (it ended). */
  deactivateMembers(conversationId: string): void;
  /** Messages spoken so far per speaker key in a conversation. */
  turnsBySpeaker(conversationId: string): { speaker_key: string; turns: number }[];
  /** Newest first, optionally one persona's. */
  list(filter: ConversationListFilter): { rows: Conversation[]; total: number };
  /** Number of conversations still active. */
  countActive(): number;
  /** Number of conversations ever started on a channel (the autopilot's). */
  countByChannel(channel: string): number;
  /** Deletes every conversation the persona took part in (members and messages cascade); returns how many. */
  deleteForPersona(personaId: string): number;
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** Conversation repository bound to an entity manager. */
export function createConversationRepository(em: EntityManager): ConversationRepository {
  const sqlite = sqliteOf(em);
  const stmt = (sql: string) => prepared(sqlite, sql);
  return {
    get: (id) => findRow<Conversation>(sqlite, 'conversations', { id }),
    insert(conversation) {
      insertRow(sqlite, 'conversations', { ...conversation });
    },
    save(conversation) {
      upsertRow(sqlite, 'conversations', ['id'], { ...conversation });
    },
    addMember(conversation_id, persona_id, position) {
      try {
        insertRow(sqlite, 'conversation_members', { conversation_id, persona_id, position, active: true });
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    activeConversationOf(personaId) {
      const row = stmt('SELECT conversation_id FROM conversation_members WHERE persona_id = ? AND active = 1 LIMIT 1').get(personaId) as { conversation_id: string } | undefined;
      return row?.conversation_id ?? null;
    },
    deactivateMembers(conversationId) {
      stmt('UPDATE conversation_members SET active = 0 WHERE conversation_id = ?').run(conversationId);
    },
    turnsBySpeaker(conversationId) {
      return stmt('SELECT speaker_key, count(*) AS turns FROM messages WHERE conversation_id = ? GROUP BY speaker_key')
        .all(conversationId) as { speaker_key: string; turns: number }[];
    },
    list(f) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: f.limit, offset: f.offset };
      if (f.status !== 'all') { where.push('c.status = @status'); params.status = f.status; }
      if (f.persona_id) {
        where.push('EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.persona_id = @persona)');
        params.persona = f.persona_id;
      }
      const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (stmt(`SELECT count(*) AS n FROM conversations c ${cond}`).get(params) as { n: number }).n;
      const raws = stmt(`SELECT c.* FROM conversations c ${cond} ORDER BY c.started_at DESC, c.rowid DESC LIMIT @limit OFFSET @offset`)
        .all(params) as Record<string, unknown>[];
      return { rows: raws.map((r) => decodeRow<Conversation>('conversations', r)), total };
    },
    countActive() {
      return (stmt("SELECT count(*) AS n FROM conversations WHERE status = 'active'").get() as { n: number }).n;
    },
    countByChannel(channel) {
      return (stmt('SELECT count(*) AS n FROM conversations WHERE channel = ?').get(channel) as { n: number }).n;
    },
    deleteForPersona(personaId) {
      return stmt('DELETE FROM conversations WHERE id IN (SELECT conversation_id FROM conversation_members WHERE persona_id = ?)').run(personaId).changes;
    },
  };
}
