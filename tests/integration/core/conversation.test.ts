import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AppError, type DomainEvent } from '../../../src/shared/index.ts';
import { createConnectionState, createOperationTable, invokeOperation, type ConnectionState } from '../../../src/core/index.ts';
import { createRepositories } from '../../../src/core/repositories.ts';
import { CONVERSATION_OPERATIONS } from '../../../src/core/conversation/conversation.operation.ts';
import { createTestCore, databaseDigest, type TestCore } from '../../support/core-harness.ts';
import { createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ARIA = 'a1a1a1a1-0000-4000-8000-000000000001';
const KIRA = 'b2b2b2b2-0000-4000-8000-000000000002';
// The conversation operations are called through their own table (validation and output checks
// included), so these tests do not depend on their registration in OPERATION_TABLE.
const table = createOperationTable(CONVERSATION_OPERATIONS);

let t: TestCore;
let events: DomainEvent[];
const conv = <T = Json>(method: string, params: unknown = {}, connection: ConnectionState = t.connection) =>
  invokeOperation(table, method, params, { core: t.core, connection }) as Promise<T>;
const convFail = (method: string, params: unknown = {}, connection: ConnectionState = t.connection): Promise<AppError> =>
  conv(method, params, connection).then(() => { throw new Error(`${method} was expected to fail`); }, (err: unknown) => {
    if (err instanceof AppError) return err;
    throw err;
  });
const interaction = async (id: string) => (await createRepositories(t.core.db.manager).states.getInteraction(id))!;
const relationship = async (subject: string, counterpart: string) => (await createRepositories(t.core.db.manager).relationships.get(subject, `persona:${counterpart}`))!;
const rows = (sql: string, ...args: unknown[]) => t.core.db.sqlite.prepare(sql).all(...args) as Json[];
const tags = async (persona: string) => (await t.call<Json>('visual.get', { persona_id: persona })).visual.animation_tags as string[];

describe('conversations with the offline provider', () => {
  beforeEach(async () => {
    t = await createTestCore();
    await t.call('system.configure_llm', { provider: 'offline' });
    events = [];
    t.core.events.subscribe((e) => events.push(e));
  });
  afterEach(() => t.close());

  it('Aria and Kira talk turn by turn: alternating speakers, continue scores, messages, relationships, emotions, memories', async () => {
    const started = await conv('conversation.start', { persona1_id: 'Aria', persona2_id: 'kira' });
    expect(started).toMatchObject({ participants: [ARIA, KIRA], topic: 'general', started: true, token_budget: 1000, status: 'active' });
    expect(t.connection.lastConversationId).toBe(started.conversation_id);
    expect(await tags('Aria')).toContain('in_conversation');
    expect(await conv('conversation.status')).toMatchObject({ id: started.conversation_id, turn_count: 0, continue_score: 50, next_speaker_id: ARIA, status: 'active', duration: 0 });

    const first = await conv('conversation.turn');
    // Fresh, general, 0 s: Aria 61; opener 6 "What do you make of recent events?" has a "?" → offline rule 8.
    expect(first.turn).toMatchObject({ turn_number: 1, speaker_id: ARIA, speaker_name: 'Aria', response_type: 'offline', llm: 'offline', continue_score: 61, content: 'Good question, Kira. Let me think about that.' });
    expect(first).toMatchObject({ continue_score: 61, should_continue: true, ended: false, exit_reason: null, next_speaker_id: KIRA });
    // Offline: int(8 words × 1.3 × 1.0) = 10 tokens.
    expect([first.turn.tokens_used, first.tokens_remaining, first.memories_created.length, first.cooldowns]).toEqual([10, 990, 2, undefined]);

    const second = await conv('conversation.turn', { conversation_id: started.conversation_id });
    // Kira at 30 s against Aria, history from turn 1 (compatibility ≈ .0018 → ≈ −2.48): 27 + 12.5 + 8.8 − 2.48 + 10 → 55.
    expect(second).toMatchObject({ turn: { turn_number: 2, speaker_id: KIRA, continue_score: 55, response_type: 'offline' }, next_speaker_id: ARIA });
    const third = await conv('conversation.turn');
    expect(third.turn.speaker_id).toBe(ARIA);

    const history = await t.call<Json>('conversation.history', { conversation_id: started.conversation_id });
    expect(history.kind).toBe('conversation');
    expect(history.messages.map((m: Json) => [m.seq, m.speaker_key, m.continue_score, m.response_type])).toEqual([
      [1, `persona:${ARIA}`, 61, 'offline'], [2, `persona:${KIRA}`, 55, 'offline'], [3, `persona:${ARIA}`, third.continue_score, 'offline'],
    ]);
    expect(history.messages[1].metadata).toMatchObject({ turn_number: 2, input: first.turn.content, input_author: 'Aria' });

    // Relationships moved both ways, once per turn each, with q = (score − 50)/50 over 5 minutes.
    const [ak, ka] = [await relationship(ARIA, KIRA), await relationship(KIRA, ARIA)];
    expect([ak.interaction_count, ka.interaction_count, ak.total_interaction_time]).toEqual([3, 3, 15]);
    expect([ak.affinity > 0, ka.familiarity > 0]).toEqual([true, true]);
    const evs = rows('SELECT subject_id, quality, minutes, source FROM relationship_events ORDER BY rowid');
    expect(evs).toHaveLength(6);
    expect(evs.every((e) => e.source === 'conversation' && e.minutes === 5)).toBe(true);
    expect(evs.slice(0, 2).map((e) => e.quality)).toEqual([0.22, 0.22]);
    expect(evs[2]!.quality).toBeCloseTo(0.1, 12);

    // Fatigue: speaker apply_fatigue(30), listener apply_fatigue(15); the clock stands still, so nothing regenerates.
    const [ia, ik] = [await interaction(ARIA), await interaction(KIRA)];
    expect([ia.interaction_fatigue, ia.social_energy, ia.available_time, ik.interaction_fatigue, ik.social_energy, ik.available_time]).toEqual([2.5, 148.75, 525, 2, 79, 240]);
    // Emotions: every turn costs each participant 0.01 energy (speaker pays, listeners appraise).
    expect((await t.call<Json>('emotional.get_state', { persona_id: 'Aria' })).emotional_state.energy_level).toBeCloseTo(0.77, 9);

    // Memories for both: the speaker's "I said to …", each listener's "… said to me: …".
    const mems = rows('SELECT persona_id, content, importance, emotional_valence, witnessed_by, related_personas, conversation_id, metadata FROM memories ORDER BY rowid');
    expect(mems).toHaveLength(6);
    expect(mems[0]).toMatchObject({ persona_id: ARIA, content: 'I said to Kira: Good question, Kira. Let me think about that.', conversation_id: started.conversation_id });
    expect(mems[1]).toMatchObject({ persona_id: KIRA, content: 'Aria said to me: Good question, Kira. Let me think about that.' });
    expect(mems[0]!.emotional_valence).toBeCloseTo(0.22, 12);
    expect(JSON.parse(mems[0]!.witnessed_by)).toEqual([`persona:${ARIA}`, `persona:${KIRA}`]);
    expect(JSON.parse(mems[1]!.related_personas)).toEqual([ARIA]);
    expect(JSON.parse(mems[1]!.metadata)).toEqual({ conversation_id: started.conversation_id, turn_number: 1, topic: 'general', response_type: 'offline' });
    expect(mems.every((m) => m.importance > 0 && m.importance <= 1)).toBe(true);

    expect(await conv('conversation.status')).toMatchObject({ turn_count: 3, duration: 90, continue_score: third.continue_score, next_speaker_id: KIRA, status: 'active', ended_at: null });
    expect(await conv('conversation.list', { persona_id: 'Kira' })).toMatchObject({ total: 1, conversations: [{ id: started.conversation_id, message_count: 3, score_history: [61, 55, third.continue_score], last_speaker_id: ARIA }] });
    expect((await conv('conversation.list', { status: 'ended' })).total).toBe(0);

    const turnEvents = events.filter((e) => e.name === 'conversation.turn');
    expect(turnEvents.map((e) => e.persona_id)).toEqual([ARIA, KIRA, ARIA]);
    expect(turnEvents[0]!.data).toMatchObject({ conversation_id: started.conversation_id, turn: { turn_number: 1 } });
    expect(events.filter((e) => e.name === 'memory.changed')).toHaveLength(6);

    const ended = await conv('conversation.end');
    expect(ended).toMatchObject({ conversation_id: started.conversation_id, ended: true, reason: 'user_request', final_stats: { duration: 90, turns: 3, tokens_used: 1000 - third.tokens_remaining } });
    expect([ended.cooldowns[ARIA], ended.cooldowns[KIRA]]).toEqual([300 * (1 + 2.5 / 100), 300 * (1 + 2 / 100)]);
    expect(await tags('Aria')).not.toContain('in_conversation');
    expect((await conv('conversation.list', { status: 'all' })).conversations[0]).toMatchObject({ status: 'ended', exit_reason: 'user_request', should_continue: false });
  });

  it('a conversation ends by a low score, applies cooldowns once, and then refuses turns and a second end', async () => {
    await t.call('persona.update', { persona_id: 'Kira', current_priority: 'urgent' });
    const { conversation_id: id } = await conv('conversation.start', { participants: ['Aria', 'Kira'] });
    const results: Json[] = [];
    for (let i = 0; i < 4; i += 1) results.push(await conv('conversation.turn', { conversation_id: id }));
    // Urgent Kira: time = 30 − duration/2 → 43 at 30 s (constrained), 27 at 90 s (template, below 40 → ends).
    expect(results.map((r) => r.turn.continue_score)).toEqual([61, 43, 56, 27]);
    expect(results.map((r) => r.turn.response_type)).toEqual(['offline', 'offline', 'offline', 'template']);
    const last = results[3]!;
    expect(last.turn).toMatchObject({ speaker_id: KIRA, llm: 'template', content: "I'm sorry, I have to go now.", tokens_used: 0 });
    expect(last).toMatchObject({ ended: true, exit_reason: 'natural_conclusion', should_continue: false, next_speaker_id: null });
    // Final score 27 < 30 → × 2; each participant's own fatigue (3 each): 600 × 1.03.
    expect([last.cooldowns[ARIA], last.cooldowns[KIRA]].map((c: number) => c.toFixed(9))).toEqual(['618.000000000', '618.000000000']);
    const until = new Date(t.clock.now().getTime() + 618_000).toISOString();
    expect([(await interaction(ARIA)).cooldown_until, (await interaction(KIRA)).cooldown_until]).toEqual([until, until]);
    expect(events.filter((e) => e.name === 'conversation.ended')).toHaveLength(1);
    expect(events.at(-1)!.name).toBe('conversation.ended');

    const before = databaseDigest(t.core);
    expect((await convFail('conversation.end', { conversation_id: id })).code).toBe('CONFLICT');
    expect((await convFail('conversation.turn', { conversation_id: id })).code).toBe('CONFLICT');
    expect(databaseDigest(t.core)).toBe(before);
    expect(events.filter((e) => e.name === 'conversation.ended')).toHaveLength(1);
    expect(await conv('conversation.status', { conversation_id: id })).toMatchObject({ status: 'ended', exit_reason: 'natural_conclusion', next_speaker_id: null, should_continue: false });

    // Both are now on cooldown: a new start names the unavailable persona, unless forced.
    const unavailable = await convFail('conversation.start', { persona1_id: 'Kira', persona2_id: 'Aria' });
    expect([unavailable.code, unavailable.details]).toMatchObject(['PERSONA_UNAVAILABLE', { persona_id: KIRA, persona: 'Kira' }]);
    expect(unavailable.details!.cooldown_remaining).toBeCloseTo(618, 6);
    expect(unavailable.message).toContain('Kira');
    expect(databaseDigest(t.core)).toBe(before);
    const forced = await conv('conversation.start', { persona1_id: 'Kira', persona2_id: 'Aria', force: true, topic: 'magic' });
    expect(forced.participants).toEqual([KIRA, ARIA]);
  });

  it('ends at the time limit, which defaults to the shortest available time', async () => {
    await conv('conversation.start', { participants: ['Aria', 'Kira'], max_duration: 60 });
    expect((await conv('conversation.list')).conversations[0].max_duration).toBe(60);
    await conv('conversation.turn');
    const r = await conv('conversation.turn');
    expect([r.ended, r.exit_reason, r.cooldowns[ARIA]]).toEqual([true, 'time_limit', 300 * 1.015]);
    await t.call('persona.create', { name: 'Milo', available_time: 120 });
    const other = await conv('conversation.start', { participants: ['Milo', 'Aria'], force: true });
    expect((await conv('conversation.list', { persona_id: 'Milo' })).conversations[0]).toMatchObject({ id: other.conversation_id, max_duration: 120 });
  });

  it('a persona already in a conversation → CONFLICT; nothing changes', async () => {
    await t.call('persona.create', { name: 'Milo' });
    const first = await conv('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira' });
    const before = databaseDigest(t.core);
    const err = await convFail('conversation.start', { participants: ['Milo', 'Kira'], force: true });
    expect([err.code, err.details]).toMatchObject(['CONFLICT', { persona_id: KIRA, conversation_id: first.conversation_id }]);
    expect(databaseDigest(t.core)).toBe(before);
    expect(t.connection.lastConversationId).toBe(first.conversation_id);
    await conv('conversation.end');
    expect((await conv('conversation.start', { participants: ['Milo', 'Kira'], force: true })).status).toBe('active');
  });

  it('speaker_id, topic drift and three participants', async () => {
    await t.call('persona.create', { name: 'Milo' });
    const { conversation_id: id } = await conv('conversation.start', { participants: ['Aria', 'Kira', 'Milo'], topic: 'magic' });
    const r1 = await conv('conversation.turn', { speaker_id: 'Kira', input: 'Tell me about magic, Kira.' });
    // Nobody has spoken yet, so Kira is scored against (and answers) the next participant, Milo (magic preference 50 → topic 16, not 19.25).
    expect(r1.turn).toMatchObject({ speaker_id: KIRA, continue_score: 64, content: 'Ah, magic — one of my favourite subjects, Milo.' });
    expect([r1.memories_created.length, r1.next_speaker_id === KIRA]).toEqual([3, false]);
    expect(rows('SELECT content FROM memories WHERE persona_id = ?', KIRA)[0]!.content).toMatch(/^I said to Aria, Milo: /);
    expect((await conv('conversation.turn', { topic: 'gossip' })).turn.speaker_id).not.toBe(KIRA);
    expect((await conv('conversation.list')).conversations[0]).toMatchObject({ topic: 'gossip', topic_drift_count: 1 });
    expect(rows('SELECT count(*) AS n FROM relationship_events')[0]!.n).toBe(8);
    await t.call('persona.create', { name: 'Zed' });
    const before = databaseDigest(t.core);
    expect((await convFail('conversation.turn', { conversation_id: id, speaker_id: 'Zed' })).code).toBe('CONFLICT');
    expect((await convFail('conversation.turn', { conversation_id: id, speaker_id: 'Nobody' })).code).toBe('PERSONA_NOT_FOUND');
    expect(databaseDigest(t.core)).toBe(before);
  });

  it('unknown ids → CONVERSATION_NOT_FOUND; bad params → INVALID_PARAMS; nothing changes', async () => {
    const before = databaseDigest(t.core);
    const unknown = randomUUID();
    for (const m of ['conversation.turn', 'conversation.end', 'conversation.status']) {
      const err = await convFail(m, { conversation_id: unknown });
      expect(err.code).toBe('CONVERSATION_NOT_FOUND');
      expect(err.details).toEqual({ conversation_id: unknown });
    }
    const fresh = createConnectionState(randomUUID(), 'mcp');
    expect((await convFail('conversation.turn', {}, fresh)).code).toBe('CONVERSATION_NOT_FOUND');
    for (const params of [
      {}, { persona1_id: 'Aria' }, { participants: ['Aria'] }, { participants: ['Aria', 'aria'] }, { persona1_id: 'Aria', persona2_id: 'Kira', participants: ['Aria', 'Kira'] },
      { participants: ['Aria', 'Kira'], token_budget: 99 }, { participants: ['Aria', 'Kira'], max_duration: 10 }, { participants: ['Aria', 'Kira'], topic: 'x'.repeat(65) },
      { participants: Array.from({ length: 9 }, (_, i) => `p${i}`) },
    ]) expect((await convFail('conversation.start', params)).code).toBe('INVALID_PARAMS');
    expect((await convFail('conversation.start', { participants: ['Aria', ARIA] })).code).toBe('INVALID_PARAMS');
    expect((await convFail('conversation.start', { participants: ['Aria', 'Ghost'] })).code).toBe('PERSONA_NOT_FOUND');
    expect((await convFail('conversation.turn', { conversation_id: 'not-a-uuid' })).code).toBe('INVALID_PARAMS');
    expect((await convFail('conversation.turn', { input: '' })).code).toBe('INVALID_PARAMS');
    expect((await convFail('conversation.list', { status: 'open' })).code).toBe('INVALID_PARAMS');
    expect(databaseDigest(t.core)).toBe(before);
    expect(t.connection.lastConversationId).toBeNull();
  });
});

describe('conversations with the scripted LLM server', () => {
  let llm: ScriptedLlmServer;
  beforeAll(async () => {
    llm = await createScriptedLlmServer();
  });
  afterAll(() => llm.close());
  beforeEach(async () => {
    llm.requests.length = 0;
    llm.setScript((req) => {
      const name = /^You are (\w+)/.exec(req.messages[0]?.content ?? '')?.[1] ?? 'Someone';
      return { text: `${name}: The old runes hum when the moon is full, and I have notes on every one of them, friend.` };
    });
    t = await createTestCore({ config: { llm: { provider: 'ollama', base_url: llm.ollamaUrl, timeout_ms: 2000 } } });
    events = [];
    t.core.events.subscribe((e) => events.push(e));
  });
  afterEach(() => t.close());

  it('routes by score: full_llm with the opener, then the other persona answers what was said', async () => {
    await conv('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira', topic: 'magic' });
    const r1 = await conv('conversation.turn');
    expect(r1.turn).toMatchObject({ speaker_id: ARIA, continue_score: 68, response_type: 'full_llm', llm: 'ollama', tokens_used: 20 });
    // tokens_used is the provider's completion count (the scripted server counts 20 words, the echoed prefix included).
    // The speaker's name prefix the model echoed is stripped.
    expect(r1.turn.content).toBe('The old runes hum when the moon is full, and I have notes on every one of them, friend.');
    const q1 = llm.requests[0]!;
    expect(q1.body.options).toMatchObject({ temperature: 0.6, num_predict: 300, top_k: 40 });
    expect(q1.messages[0]!.content).toMatch(/^You are Aria\./);
    expect(q1.messages[0]!.content).toContain('Kira (via persona).');
    expect(q1.messages[0]!.content).toContain('Situation: A conversation about magic.');
    expect(q1.messages.at(-1)).toEqual({ role: 'user', content: '(You open the conversation with Kira. Begin with: "Something odd happened to me today.")' });

    const r2 = await conv('conversation.turn');
    expect(r2.turn).toMatchObject({ speaker_id: KIRA, continue_score: 62, response_type: 'full_llm' });
    const q2 = llm.requests[1]!;
    expect(q2.messages[0]!.content).toMatch(/^You are Kira\./);
    expect(q2.messages.at(-1)).toEqual({ role: 'user', content: `Aria: ${r1.turn.content}` });
    expect((await conv('conversation.turn')).turn.speaker_id).toBe(ARIA);
    expect(llm.requests[2]!.messages.slice(1).map((m) => m.role)).toEqual(['assistant', 'user']);
    expect(events.some((e) => e.name === 'visual.changed' && (e.data.visual as Json).speaking === true)).toBe(true);
  });

  it('a constrained turn carries the guidelines; the budget ends the conversation', async () => {
    await conv('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira', topic: 'gossip', token_budget: 100 });
    const r1 = await conv('conversation.turn');
    expect(r1.turn).toMatchObject({ continue_score: 59, response_type: 'constrained', tokens_used: 20 });
    const q1 = llm.requests[0]!;
    expect(q1.body.options).toMatchObject({ temperature: 0.5, num_predict: 50 });
    expect(q1.messages.at(-1)).toEqual({
      role: 'system',
      content: '# Response guidelines\n- Keep your reply under 50 words.\n- Be brief and concise.\n- Start wrapping up the conversation politely.',
    });
    expect(r1).toMatchObject({ ended: false, tokens_remaining: 80 });
    const r2 = await conv('conversation.turn');
    expect(r2).toMatchObject({ ended: false, tokens_remaining: 60 });
    const r3 = await conv('conversation.turn');
    expect(r3).toMatchObject({ ended: true, exit_reason: 'budget_exhausted', tokens_remaining: 40, next_speaker_id: null });
    expect(Object.keys(r3.cooldowns).sort()).toEqual([ARIA, KIRA].sort());
    const ended = events.filter((e) => e.name === 'conversation.ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.data).toMatchObject({ exit_reason: 'budget_exhausted', cooldowns: r3.cooldowns });
  });

  it('a failing provider falls back to the offline responder, reported offline', async () => {
    llm.setScript(() => ({ status: 500 }));
    await conv('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira' });
    const r = await conv('conversation.turn');
    expect(r.turn).toMatchObject({ response_type: 'offline', llm: 'offline', content: 'Good question, Kira. Let me think about that.' });
    const msg = (await t.call<Json>('conversation.history', { conversation_id: r.conversation_id })).messages[0];
    expect(msg.metadata.llm_error).toMatchObject({ code: 'LLM_UNAVAILABLE' });
    await t.call('system.configure_llm', { offline_fallback: false });
    const before = databaseDigest(t.core);
    expect((await convFail('conversation.turn')).code).toBe('LLM_UNAVAILABLE');
    expect(databaseDigest(t.core)).toBe(before);
  });

  it('streams the reply as persona.chat.delta notifications', async () => {
    const { conversation_id } = await conv('conversation.start', { participants: ['Aria', 'Kira'], topic: 'magic' });
    const op = CONVERSATION_OPERATIONS.find((o) => o.name === 'conversation.turn')!;
    const deltas: Json[] = [];
    const res = (await op.handler({ core: t.core, connection: t.connection, requestId: 9, notify: (method, params) => { deltas.push({ method, ...params }); } }, op.input.parse({ stream: true }))) as Json;
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((d) => d.method === 'persona.chat.delta' && d.request_id === 9 && d.conversation_id === conversation_id)).toBe(true);
    expect(deltas.map((d) => d.delta).join('')).toContain(res.turn.content);
  });
});
