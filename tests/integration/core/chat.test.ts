import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createConnectionState, createCore, invokeOperation, OPERATION_TABLE } from '../../../src/core/index.ts';
import { createTestCore, databaseDigest, type TestCore } from '../../support/core-harness.ts';
import { closedPort, createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let llm: ScriptedLlmServer;
let t: TestCore;
beforeAll(async () => {
  llm = await createScriptedLlmServer();
});
afterAll(() => llm.close());
beforeEach(async () => {
  llm.setScript((req) => ({ text: `Aria hums. (${req.messages.at(-1)?.content.length ?? 0})` }));
  t = await createTestCore({ config: { llm: { provider: 'ollama', base_url: llm.ollamaUrl, timeout_ms: 2000 } } });
});
afterEach(() => t.close());

const bob = { id: '@bob:example.org', display_name: 'Bob', platform: 'matrix' };
const barrier = (sessionId: string) => t.core.chatQueue.run(sessionId, async () => undefined);

describe('persona.chat with the scripted LLM server', () => {
  it('a 20-turn chat recalls a fact from turn 2 at turn 20, moves the relationship and the emotion, and survives a restart', async () => {
    const lines = [
      'Hello Aria!', 'My sister Elowen keeps bees near the old mill.', 'The weather turned cold this week.',
      ...Array.from({ length: 16 }, (_, i) => `Tell me a story about the road, part ${i + 1}. Thank you, that is wonderful!`),
      'Do you remember anything about Elowen and her bees?',
    ];
    let last: Json = {};
    const emotions: number[] = [];
    for (const message of lines) {
      t.clock.advance(60_000);
      last = await t.call<Json>('persona.chat', { persona_id: 'Aria', message, participant: bob, channel: 'matrix:!tavern:example.org' });
      emotions.push(last.emotion.mood);
    }
    expect(lines).toHaveLength(20);
    expect(last.llm).toBe('ollama');
    expect(last.response_type).toBe('direct');
    const used = last.memories_used.map((m: Json) => m.content).join('\n');
    expect(used).toContain('Elowen keeps bees');
    const bees = last.memories_used.find((m: Json) => m.content.includes('Elowen keeps bees'));
    expect(bees.score_components.relevance).toBeGreaterThan(0);
    // The recalled memory reached the LLM prompt.
    const prompt = llm.requests.filter((r) => r.schema === null).at(-1)!.messages[0]!.content;
    expect(prompt).toContain('# What you remember');
    expect(prompt).toContain('Elowen keeps bees');
    expect(prompt).toContain('Bob (via matrix). Relationship:');

    expect(last.relationship.interaction_count).toBe(20);
    expect(last.relationship.affinity).toBeGreaterThan(0);
    expect(last.relationship.familiarity).toBeGreaterThan(0);
    expect(last.relationship.relationship_type).toBe('acquaintance');
    expect(new Set(emotions.map((m) => m.toFixed(3))).size).toBeGreaterThan(1);
    expect(last.persona_state.interaction_fatigue).toBeGreaterThan(0);

    const sessionId = last.session_id;
    await barrier(sessionId);
    const again = await createCore({ config: t.core.config, migrate: true, clock: () => t.clock.now() });
    try {
      const conn = createConnectionState(randomUUID(), 'mcp');
      const history = (await invokeOperation(OPERATION_TABLE, 'conversation.history', { session_id: sessionId, limit: 500 }, { core: again, connection: conn })) as Json;
      expect(history.messages).toHaveLength(40);
      expect(history.messages[2].content).toBe('My sister Elowen keeps bees near the old mill.');
      const rel = (await invokeOperation(OPERATION_TABLE, 'relationship.get', { persona1_id: 'Aria', participant: bob }, { core: again, connection: conn })) as Json;
      expect(rel.relationship.interaction_count).toBe(20);
      // The next chat continues the same session after the restart.
      const next = (await invokeOperation(OPERATION_TABLE, 'persona.chat', { persona_id: 'Aria', message: 'Still there?', participant: bob, channel: 'matrix:!tavern:example.org' }, { core: again, connection: conn })) as Json;
      expect(next.session_id).toBe(sessionId);
    } finally {
      await again.close();
    }
  });

  it('the prompt carries the window, the emotion, and the token budget reaches the provider', async () => {
    await t.call('persona.chat', { persona_id: 'Kira', message: 'Hello there', participant: bob, token_budget: 64 });
    await t.call('persona.chat', { persona_id: 'Kira', message: 'What are you reading?', participant: bob, token_budget: 64 });
    const req = llm.requests.filter((r) => r.schema === null).at(-1)!;
    expect(req.body.options).toMatchObject({ num_predict: 64, temperature: 0.7, top_k: 40 });
    expect(req.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(req.messages[1]!.content).toBe('Bob: Hello there');
    expect(req.messages.at(-1)!.content).toBe('Bob: What are you reading?');
    expect(req.messages[0]!.content).toContain('# How you feel right now');
    expect(req.messages[0]!.content).toMatch(/^You are Kira\./);
  });

  it('streams deltas through notify and ends with the full response', async () => {
    llm.setScript(() => ({ text: 'Well met, Bob! Pull up a chair.' }));
    const deltas: Json[] = [];
    const { personaChat } = await import('../../../src/core/chat/chat.operation.ts');
    const input = personaChat.input.parse({ persona_id: 'Aria', message: 'Hi', participant: bob, stream: true });
    const res = await personaChat.handler({ core: t.core, connection: t.connection, requestId: 7, notify: (method, params) => { deltas.push({ method, ...params }); } }, input);
    expect(deltas.map((d) => d.delta).join('')).toBe('Well met, Bob! Pull up a chair.');
    expect(deltas.every((d) => d.method === 'persona.chat.delta' && d.request_id === 7 && d.stream_id === res.stream_id)).toBe(true);
    expect(deltas.map((d) => d.index)).toEqual(deltas.map((_, i) => i));
    expect(res).toMatchObject({ response: 'Well met, Bob! Pull up a chair.', chunk_count: deltas.length, finish_reason: 'stop' });
  });

  it('cancelling a stream keeps the partial reply as cancelled and stores no memory', async () => {
    llm.setScript(() => ({ text: 'one two three four five six seven eight', delayMs: 25 }));
    const { personaChat } = await import('../../../src/core/chat/chat.operation.ts');
    const ac = new AbortController();
    const input = personaChat.input.parse({ persona_id: 'Aria', message: 'Sing', participant: bob, stream: true });
    let n = 0;
    const res = await personaChat.handler({ core: t.core, connection: t.connection, signal: ac.signal, notify: () => { n += 1; if (n === 2) ac.abort(); } }, input);
    expect(res.finish_reason).toBe('cancelled');
    expect(res.response).toBe('one two');
    expect(res.memory_id).toBeNull();
    const history = await t.call<Json>('conversation.history', { session_id: res.session_id });
    expect(history.messages.map((m: Json) => [m.role, m.finish_reason])).toEqual([['participant', null], ['persona', 'cancelled']]);
  });

  it('with no LLM reachable the offline responder answers and says so', async () => {
    await t.call('system.configure_llm', { base_url: `http://127.0.0.1:${await closedPort()}` });
    const res = await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'Hello!', participant: bob });
    expect(res).toMatchObject({
      llm: 'offline', response_type: 'offline', model: null,
      response: "Well met, Bob! I'm Aria. Pull up a chair — have you heard the newest song from the coast?",
      llm_error: { code: 'LLM_UNAVAILABLE' },
    });
    expect(res.llm_error.message).toContain('connection refused');
  });

  it('with fallback off an unreachable LLM is LLM_UNAVAILABLE and nothing is stored', async () => {
    await t.call('system.configure_llm', { base_url: `http://127.0.0.1:${await closedPort()}`, offline_fallback: false });
    await t.call('persona.list');
    const before = databaseDigest(t.core);
    const err = await t.fail('persona.chat', { persona_id: 'Aria', message: 'Hello!', participant: bob });
    expect(err.code).toBe('LLM_UNAVAILABLE');
    expect(databaseDigest(t.core).replace(/"updated_at":"[^"]+"/g, '')).toBe(before.replace(/"updated_at":"[^"]+"/g, ''));
  });

  it('the offline provider answers deterministically (rule 4 on the second greeting)', async () => {
    await t.call('system.configure_llm', { provider: 'offline' });
    await t.call('persona.chat', { persona_id: 'Aria', message: 'Hello!', participant: bob });
    const second = await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'Hi again', participant: bob });
    expect(second).toMatchObject({ response: 'Hello again, Bob.', llm: 'offline', response_type: 'offline' });
    expect(second.llm_error).toBeUndefined();
  });

  it('sessions are per participant and channel; session_id must match; clear starts fresh', async () => {
    const a = await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'Hi', participant: bob, channel: 'room-1' });
    const b = await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'Hi', participant: bob, channel: 'room-2' });
    const c = await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'Hi', participant: { id: 'carol' }, channel: 'room-1' });
    expect(new Set([a.session_id, b.session_id, c.session_id]).size).toBe(3);
    expect((await t.fail('persona.chat', { persona_id: 'Aria', message: 'x', participant: { id: 'carol' }, session_id: a.session_id })).code).toBe('CONFLICT');
    expect((await t.fail('persona.chat', { persona_id: 'Aria', message: 'x', session_id: randomUUID() })).code).toBe('SESSION_NOT_FOUND');
    expect(await t.call('session.clear', { session_id: a.session_id })).toEqual({ session_id: a.session_id, cleared: true, messages_deleted: 0 });
    const fresh = await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'Hi', participant: bob, channel: 'room-1' });
    expect(fresh.session_id).not.toBe(a.session_id);
    expect((await t.call<Json>('session.list', { persona_id: 'Aria', status: 'all' })).total).toBe(4);
  });

  it('bad chat input changes nothing', async () => {
    const before = databaseDigest(t.core);
    for (const [params, code] of [
      [{ persona_id: 'Aria', message: '' }, 'INVALID_PARAMS'],
      [{ persona_id: 'Aria', message: 'x'.repeat(8001) }, 'INVALID_PARAMS'],
      [{ persona_id: 'Aria', message: 'hi', token_budget: 5 }, 'INVALID_PARAMS'],
      [{ persona_id: 'ghost', message: 'hi' }, 'PERSONA_NOT_FOUND'],
      [{ message: 'hi' }, 'NO_ACTIVE_PERSONA'],
    ] as const) expect((await t.fail('persona.chat', params)).code).toBe(code);
    expect(databaseDigest(t.core)).toBe(before);
  });
});

describe('avatar cues around a reply', () => {
  it('speaking while the reply is generated, then expression, gaze and a gesture from the reply', async () => {
    llm.setScript(() => ({ text: 'Hello, Bob! What brings you here?', delayMs: 50 }));
    const pending = t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'Hi', participant: bob });
    await new Promise((r) => setTimeout(r, 25));
    const speakingSeen = (await t.call<Json>('visual.get', { persona_id: 'Aria' })).visual;
    await pending;
    expect(speakingSeen).toMatchObject({ speaking: true, animation_tags: ['speaking'] });
    const after = (await t.call<Json>('visual.get', { persona_id: 'Aria' })).visual;
    expect(after).toMatchObject({ speaking: false, gesture: 'wave', gesture_seq: 1, gaze_target: 'matrix:@bob:example.org', expression_source: 'auto' });
    expect(after.animation_tags).not.toContain('speaking');
  });
});

describe('avatar tags across chat and conversations', () => {
  it('a persona in an active conversation keeps in_conversation through a chat turn', async () => {
    await t.call('system.configure_llm', { provider: 'offline' });
    await t.call('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira', topic: 'magic' });
    await t.call('persona.chat', { persona_id: 'Aria', message: 'Hello!', participant: bob });
    expect((await t.call<Json>('visual.get', { persona_id: 'Aria' })).visual.animation_tags).toContain('in_conversation');
  });
});
