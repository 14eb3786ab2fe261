import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError, isoNow, type Session } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';

/** The key of a chat session. */
export interface SessionKey {
  persona_id: string;
  participant_key: string;
  channel: string;
}

/**
 * Resolves the session of a chat: a given `session_id` must exist, be open and belong to the
 * persona and participant; otherwise the open session of the key is used (closed first when idle
 * longer than `idleHours`) or a new one is created.
 */
export async function resolveSession(
  em: EntityManager,
  key: SessionKey,
  opts: { session_id?: string; idleHours: number; now: Date; connectionId: string },
): Promise<{ session: Session; created: boolean }> {
  const repos = createRepositories(em).sessions;
  const at = isoNow(opts.now);
  if (opts.session_id) {
    const s = await repos.get(opts.session_id);
    if (!s) throw new AppError('SESSION_NOT_FOUND', `Session not found: ${opts.session_id}`, { details: { session_id: opts.session_id } });
    if (s.status !== 'open') throw new AppError('CONFLICT', 'Session is closed', { details: { session_id: s.id } });
    if (s.persona_id !== key.persona_id || s.participant_key !== key.participant_key) {
      throw new AppError('CONFLICT', 'Session belongs to another persona or participant', { details: { session_id: s.id } });
    }
    return { session: s, created: false };
  }
  const open = await repos.getOpen(key.persona_id, key.participant_key, key.channel);
  if (open) {
    const idleMs = opts.now.getTime() - Date.parse(open.last_activity_at);
    if (idleMs <= opts.idleHours * 3_600_000) return { session: open, created: false };
    await repos.save({ ...open, status: 'closed', closed_at: at });
  }
  const session: Session = {
    id: randomUUID(), ...key, status: 'open', turn_count: 0, summary: null, summary_upto_seq: 0,
    created_at: at, last_activity_at: at, closed_at: null, last_connection_id: opts.connectionId,
  };
  await repos.insert(session);
  return { session, created: true };
}

/** Removes a session this call created when the call failed before storing anything (nothing is left behind). */
export async function discardIfEmpty(em: EntityManager, sessionId: string): Promise<void> {
  const repos = createRepositories(em).sessions;
  if (repos.messageCount({ session_id: sessionId }) === 0) repos.delete(sessionId);
}
