import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../../../../src/core/db/index.ts';
import { createRepositories } from '../../../../src/core/repositories.ts';
import type { Conversation } from '../../../../src/shared/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';
import { insertBarePersona } from '../../../support/bare-persona.ts';

const temp = makeTempDir();
let db: Database;
const A = 'a1a1a1a1-0000-4000-8000-000000000001';
const K = 'b2b2b2b2-0000-4000-8000-000000000002';
const C1 = 'c1c1c1c1-0000-4000-8000-000000000001';
const C2 = 'c2c2c2c2-0000-4000-8000-000000000002';

beforeAll(async () => {
  db = await openDatabase({ file: join(temp.dir, 'conversations.sqlite'), migrate: true });
  insertBarePersona(db, A, 'Aria');
  insertBarePersona(db, K, 'Kira');
});
afterAll(async () => {
  await db.close();
  temp.cleanup();
});

function conversation(id: string, startedAt: string): Conversation {
  return {
    id, participants: [A, K], observers: [], channel: null, topic: 'tea', topic_drift_count: 0, duration: 0, max_duration: 600,
    token_budget: 1000, tokens_used: 0, continue_score: 50, score_history: [], turn_count: 0, last_speaker_id: null,
    status: 'active', started_at: startedAt, ended_at: null, exit_reason: null,
  };
}

describe('conversation repository', () => {
  it('stores conversations, refuses a second active membership, ends, lists and deletes by persona', async () => {
    await db.transaction(async (em) => {
      const r = createRepositories(em).conversations;
      r.insert(conversation(C1, '2026-11-25T12:00:00.000Z'));
      expect(r.addMember(C1, A, 0)).toBe(true);
      expect(r.addMember(C1, K, 1)).toBe(true);
      r.insert(conversation(C2, '2026-11-25T13:00:00.000Z'));
      expect(r.addMember(C2, A, 0)).toBe(false);
      expect(r.activeConversationOf(A)).toBe(C1);
      await createRepositories(em).sessions.appendMessage({
        id: randomUUID(), session_id: null, conversation_id: C1, role: 'persona', speaker_key: `persona:${A}`, speaker_name: 'Aria', content: 'hi',
        created_at: '2026-11-25T12:01:00.000Z', llm: null, model: null, response_type: null, finish_reason: null, tokens_used: null,
        prompt_tokens: null, continue_score: null, processing_time: null, metadata: {},
      });
    });
    const r = createRepositories(db.manager).conversations;
    expect(r.get(C1)?.participants).toEqual([A, K]);
    expect(r.get('nope')).toBeNull();
    expect(r.turnsBySpeaker(C1)).toEqual([{ speaker_key: `persona:${A}`, turns: 1 }]);
    expect(r.countActive()).toBe(2);
    expect(r.list({ status: 'all', limit: 10, offset: 0 }).rows.map((c) => c.id)).toEqual([C2, C1]);
    expect(r.list({ status: 'active', persona_id: K, limit: 10, offset: 0 })).toMatchObject({ total: 1, rows: [{ id: C1 }] });

    await db.transaction(async (em) => {
      const w = createRepositories(em).conversations;
      w.deactivateMembers(C1);
      w.save({ ...conversation(C1, '2026-11-25T12:00:00.000Z'), status: 'ended' });
    });
    expect(r.activeConversationOf(A)).toBeNull();
    expect(r.countActive()).toBe(1);
    expect(r.list({ status: 'ended', limit: 10, offset: 0 }).rows.map((c) => c.id)).toEqual([C1]);
    expect(await db.transaction(async (em) => createRepositories(em).conversations.deleteForPersona(K))).toBe(1);
    expect(r.get(C1)).toBeNull();
    expect(r.get(C2)).not.toBeNull();
  });
});
