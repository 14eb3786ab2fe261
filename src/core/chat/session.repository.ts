import type { EntityManager } from 'typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import type { Message, Session } from '../../shared/index.ts';
import { SessionEntity, decodeRow, findRow, insertRow, prepared, upsertRow } from '../db/index.ts';

/** Filters for `session.list`. */
export interface SessionListFilter {
  persona_id?: string;
  participant_key?: string;
  channel?: string;
  status: 'open' | 'closed' | 'all';
  limit: number;
  offset: number;
}

/** Chat sessions and the messages of sessions and conversations. */
export interface SessionRepository {
  get(id: string): Promise<Session | null>;
  /** The open session of a (persona, participant, channel) key, if any. */
  getOpen(personaId: string, participantKey: string, channel: string): Promise<Session | null>;
  insert(session: Session): Promise<void>;
  save(session: Session): Promise<void>;
  list(filter: SessionListFilter): Promise<{ rows: (Session & { message_count: number })[]; total: number }>;
  /** Appends a message with the next seq of its session/conversation; returns the stored message. */
  appendMessage(message: Omit<Message, 'seq'>): Promise<Message>;
  /** The last `n` messages of a session or conversation, oldest first. */
  lastMessages(owner: { session_id: string } | { conversation_id: string }, n: number): Message[];
  /** Messages before `beforeSeq` (or the newest), ascending; `has_more` when older ones exist. */
  page(owner: { session_id: string } | { conversation_id: string }, limit: number, beforeSeq?: number): { messages: Message[]; has_more: boolean };
  messageCount(owner: { session_id: string } | { conversation_id: string }): number;
  deleteMessages(sessionId: string): number;
  /** Every session of a persona (state bundles). */
  listForPersona(personaId: string): Session[];
  /** Every message of a session, in order (state bundles). */
  messagesOf(sessionId: string): Message[];
  /** Inserts a message as it is, seq included (state bundles). */
  insertMessage(message: Message): void;
  /** Deletes a session row (its messages cascade); returns true when there was one. */
  delete(id: string): boolean;
  countForPersona(personaId: string): Promise<{ sessions: number; messages: number; conversations: number }>;
  countOpen(): Promise<number>;
}

const rowToMessage = (row: Record<string, unknown>): Message => decodeRow<Message>('messages', row);

/** Session repository bound to an entity manager. */
export function createSessionRepository(em: EntityManager): SessionRepository {
  const sessions = em.getRepository(SessionEntity);
  const sqlite = (em.connection.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  const ownerClause = (owner: { session_id: string } | { conversation_id: string }) =>
    'session_id' in owner ? { col: 'session_id', id: owner.session_id } : { col: 'conversation_id', id: owner.conversation_id };

  return {
    get: async (id) => findRow<Session>(sqlite, 'sessions', { id }),
    getOpen: async (persona_id, participant_key, channel) => findRow<Session>(sqlite, 'sessions', { persona_id, participant_key, channel, status: 'open' }),
    async insert(session) {
      insertRow(sqlite, 'sessions', { ...session });
    },
    async save(session) {
      upsertRow(sqlite, 'sessions', ['id'], { ...session });
    },
    async list(f) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: f.limit, offset: f.offset };
      if (f.persona_id) { where.push('s.persona_id = @persona'); params.persona = f.persona_id; }
      if (f.participant_key) { where.push('s.participant_key = @pkey'); params.pkey = f.participant_key; }
      if (f.channel) { where.push('s.channel = @channel'); params.channel = f.channel; }
      if (f.status !== 'all') { where.push('s.status = @status'); params.status = f.status; }
      const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (sqlite.prepare(`SELECT count(*) AS n FROM sessions s ${cond}`).get(params) as { n: number }).n;
      const rows = sqlite.prepare(
        `SELECT s.*, (SELECT count(*) FROM messages m WHERE m.session_id = s.id) AS message_count FROM sessions s ${cond}
         ORDER BY s.last_activity_at DESC, s.id ASC LIMIT @limit OFFSET @offset`,
      ).all(params) as (Session & { message_count: number })[];
      return { rows, total };
    },
    async appendMessage(message) {
      const { col, id } = message.session_id
        ? { col: 'session_id', id: message.session_id }
        : { col: 'conversation_id', id: message.conversation_id as string };
      const next = (sqlite.prepare(`SELECT coalesce(max(seq), 0) + 1 AS n FROM messages WHERE ${col} = ?`).get(id) as { n: number }).n;
      const stored: Message = { ...message, seq: next };
      insertRow(sqlite, 'messages', { ...stored });
      return stored;
    },
    lastMessages(owner, n) {
      const { col, id } = ownerClause(owner);
      const rows = sqlite.prepare(`SELECT * FROM messages WHERE ${col} = ? ORDER BY seq DESC LIMIT ?`).all(id, n) as Record<string, unknown>[];
      return rows.reverse().map(rowToMessage);
    },
    page(owner, limit, beforeSeq) {
      const { col, id } = ownerClause(owner);
      const before = beforeSeq ?? Number.MAX_SAFE_INTEGER;
      const rows = sqlite.prepare(`SELECT * FROM messages WHERE ${col} = ? AND seq < ? ORDER BY seq DESC LIMIT ?`)
        .all(id, before, limit + 1) as Record<string, unknown>[];
      const has_more = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(rowToMessage), has_more };
    },
    messageCount(owner) {
      const { col, id } = ownerClause(owner);
      return (sqlite.prepare(`SELECT count(*) AS n FROM messages WHERE ${col} = ?`).get(id) as { n: number }).n;
    },
    deleteMessages(sessionId) {
      return sqlite.prepare('DELETE FROM messages WHERE session_id = ?').run(sessionId).changes;
    },
    listForPersona(personaId) {
      const rows = prepared(sqlite, 'SELECT * FROM sessions WHERE persona_id = ?').all(personaId) as Record<string, unknown>[];
      return rows.map((r) => decodeRow<Session>('sessions', r));
    },
    messagesOf(sessionId) {
      return (prepared(sqlite, 'SELECT * FROM messages WHERE session_id = ? ORDER BY seq').all(sessionId) as Record<string, unknown>[]).map(rowToMessage);
    },
    insertMessage(message) {
      insertRow(sqlite, 'messages', { ...message });
    },
    delete(id) {
      return prepared(sqlite, 'DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
    },
    async countForPersona(personaId) {
      const s = await sessions.countBy({ persona_id: personaId });
      const m = (sqlite.prepare(
        'SELECT count(*) AS n FROM messages m JOIN sessions s ON s.id = m.session_id WHERE s.persona_id = ?',
      ).get(personaId) as { n: number }).n;
      const c = (sqlite.prepare(
        'SELECT count(DISTINCT conversation_id) AS n FROM conversation_members WHERE persona_id = ?',
      ).get(personaId) as { n: number }).n;
      return { sessions: s, messages: m, conversations: c };
    },
    countOpen: () => sessions.countBy({ status: 'open' }),
  };
}
