import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRoleplayPrompt } from '../../../src/core/chat/roleplay-prompt.ts';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Vectors X1–X8 (docs/memory.md): speaker Bob (api:bob), persona Aria, discretion discreet, default
// config, the offline provider; every step goes through the operations table on a real SQLite file.
let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ config: { llm: { provider: 'offline' } } });
});
afterEach(() => t.close());

const bob = { id: 'bob', display_name: 'Bob', platform: 'api' };
const dave = { id: 'dave', display_name: 'Dave', platform: 'api' };
const say = async (participant: Json, message: string): Promise<Json> => {
  t.clock.advance(60_000);
  return t.call<Json>('persona.chat', { persona_id: 'Aria', message, participant, channel: 'api' });
};
const list = async (params: Json) => (await t.call<Json>('memory.list', { persona_id: 'Aria', limit: 200, ...params })).memories as Json[];
const activeFacts = async () => list({ memory_type: 'fact' });
const BOB_FACTS = ['you are a blacksmith', 'you like dragon stories', 'you dislike rain', 'you live in Oakvale now'];

/** X1–X6: Bob tells Aria about himself; returns the results of each step. */
async function bobTalks() {
  const x1 = await say(bob, 'Hello Aria! My name is Bob, I\'m a blacksmith and I live in Riverwood.');
  const x2 = await say(bob, 'Do you remember me?');
  const x3 = await say(bob, 'I love dragon stories. I hate rain.');
  const x4 = await say(bob, 'Actually I live in Oakvale now.');
  const x5 = await say(bob, 'I am not a baker.');
  const x6 = await say(bob, 'What do you know about me?');
  return { x1, x2, x3, x4, x5, x6 };
}

describe('facts, profile and discretion through persona.chat (X1–X8)', () => {
  it('X1–X6: facts are extracted, listed in the result, recalled by O4/O5 and superseded; episodes hold only what Bob said', async () => {
    const { x1, x2, x3, x4, x5, x6 } = await bobTalks();

    // X1: F10 and F3 (not F1: X is the display name); the reply is O3, Aria's first_mes.
    expect(x1.response).toBe("Well met, Bob! I'm Aria. Pull up a chair — have you heard the newest song from the coast?");
    expect(x1.facts.map((f: Json) => [f.op, f.text])).toEqual([['added', 'Bob is a blacksmith.'], ['added', 'Bob lives in Riverwood.']]);
    const [smith, riverwood] = x1.facts as Json[];
    const smithRow = (await t.call<Json>('memory.get', { memory_id: smith!.id })).memory;
    expect(smithRow).toMatchObject({
      memory_type: 'fact', subject_key: 'api:bob', source_key: 'api:bob', participant_key: 'api:bob', fact_key: 'api:bob|is:blacksmith', visibility: 'private',
    });
    expect(smithRow.importance).toBeGreaterThanOrEqual(0.6);
    expect(smithRow.witnessed_by).toEqual(expect.arrayContaining(['api:bob']));

    // X2: O4 in text order.
    expect(x2.response).toBe('Of course, Bob: you are a blacksmith and you live in Riverwood.');
    expect(x2.facts).toEqual([]);

    // X3: O5 before the topic rule ("stories" is one of Aria's favourite subjects).
    expect(x3.facts.map((f: Json) => f.text)).toEqual(['Bob likes dragon stories.', 'Bob dislikes rain.']);
    expect((await t.call<Json>('memory.get', { memory_id: x3.facts[0].id })).memory.fact_key).toBe('api:bob|pref:dragon stories');
    expect(x3.response).toBe("You like dragon stories — I'll remember that, Bob.");

    // X4: the new residence supersedes the old one, which is archived with reason superseded.
    expect(x4.response).toBe("You live in Oakvale now — I'll remember that, Bob.");
    const oakvale = x4.facts.find((f: Json) => f.op === 'added');
    expect(x4.facts).toEqual([{ id: oakvale.id, op: 'added', text: 'Bob lives in Oakvale now.' }, { id: riverwood!.id, op: 'superseded', text: 'Bob lives in Riverwood.' }]);
    const old = (await t.call<Json>('memory.get', { memory_id: riverwood!.id })).memory;
    expect(old).toMatchObject({ archived: true, archive_reason: 'superseded', metadata: { superseded_by: oakvale.id } });

    // X5: negation → no fact; O11 (index of "I am not a baker." at n 4).
    expect(x5.facts).toEqual([]);
    // (Σ code points 1404 + n 4) mod 4 = 0.
    expect(x5.response).toBe("I'm not sure what to say to that.");

    // X6: three of the four active facts, never Riverwood; Riverwood only among the archived.
    expect(x6.response.startsWith('Of course, Bob: ')).toBe(true);
    expect(BOB_FACTS.filter((f) => x6.response.includes(f))).toHaveLength(3);
    expect(x6.response).not.toContain('Riverwood');
    expect((await activeFacts()).map((m) => m.content).sort()).toEqual(['Bob dislikes rain.', 'Bob is a blacksmith.', 'Bob likes dragon stories.', 'Bob lives in Oakvale now.']);
    const archived = await list({ archived: true, memory_type: 'fact' });
    expect(archived.map((m) => [m.content, m.archive_reason])).toEqual([['Bob lives in Riverwood.', 'superseded']]);

    // M1: episodes are Bob's words only — no reply, no "I responded".
    const episodes = await list({ memory_type: 'conversation' });
    expect(episodes.map((m) => m.content).sort()).toEqual([
      'Bob said: Actually I live in Oakvale now.', 'Bob said: Do you remember me?', "Bob said: Hello Aria! My name is Bob, I'm a blacksmith and I live in Riverwood.",
      'Bob said: I am not a baker.', 'Bob said: I love dragon stories. I hate rain.', 'Bob said: What do you know about me?',
    ]);
    expect(episodes.every((m) => m.source_key === 'api:bob')).toBe(true);
  });

  it('restoring the superseded fact undoes the supersede: the slot keeps one active fact', async () => {
    await say(bob, 'I live in Riverwood.');
    const moved = await say(bob, 'I live in Oakvale now.');
    const old = moved.facts.find((f: Json) => f.op === 'superseded');
    const now = moved.facts.find((f: Json) => f.op === 'added');
    const restored = (await t.call<Json>('memory.restore', { memory_id: old.id })).memory;
    expect(restored.metadata).not.toHaveProperty('superseded_by');
    expect((await activeFacts()).map((m) => m.content)).toEqual(['Bob lives in Riverwood.']);
    const retired = (await t.call<Json>('memory.get', { memory_id: now.id })).memory;
    expect(retired).toMatchObject({ archived: true, archive_reason: 'superseded', metadata: { superseded_by: old.id } });
    // And back again: the slot's history stays a chain, never two active facts.
    await t.call('memory.restore', { memory_id: now.id });
    expect((await activeFacts()).map((m) => m.content)).toEqual(['Bob lives in Oakvale now.']);
    const asked = await say(bob, 'What do you know about me?');
    expect(asked.response).toContain('Oakvale');
    expect(asked.response).not.toContain('Riverwood');
  });

  it('the same fact again only touches it; small talk leaves no episode', async () => {
    const first = await say(bob, 'I have a grey horse.');
    const again = await say(bob, 'I have a grey horse!');
    expect(again.facts).toEqual([{ id: first.facts[0].id, op: 'touched', text: 'Bob has a grey horse.' }]);
    const row = (await t.call<Json>('memory.get', { memory_id: first.facts[0].id })).memory;
    expect(row.accessed_count).toBe(1);
    const small = await say(bob, 'Hey Aria, how are you?');
    expect(small.memory_id).toBeNull();
    expect(await list({ memory_type: 'conversation' })).toHaveLength(2);
  });

  it('X7: Dave asks about Bob — discreet Aria names no fact about Bob, in the reply or in memories_used', async () => {
    await bobTalks();
    const x7 = await say(dave, 'What do you know about Bob?');
    expect(x7.response).toBe('Good question, Dave. Let me think about that.');
    expect(x7.memories_used.filter((m: Json) => m.content.includes('Bob'))).toEqual([]);
    // The operator still sees everything.
    const found = (await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'Bob blacksmith' })).memories as Json[];
    expect(found.some((m) => m.content === 'Bob is a blacksmith.')).toBe(true);
  });

  it('X8: with discretion open Aria recalls one of Bob\'s active facts for Dave (O9)', async () => {
    await bobTalks();
    await t.call('memory.config_set', { persona_id: 'Aria', config: { discretion: 'open' } });
    const x8 = await say(dave, 'What do you know about Bob?');
    const active = (await activeFacts()).map((m) => m.content.replace(/\.$/, ''));
    expect(x8.response.startsWith('I recall that Bob ')).toBe(true);
    expect(active.map((f) => `I recall that ${f}.`)).toContain(x8.response);
    expect(x8.response).not.toContain('Riverwood');
  });

  it('the profile reaches no one else; Bob\'s own facts are not repeated as recalled memories for him', async () => {
    await say(bob, 'I am a blacksmith.');
    const r = await say(bob, 'Tell me about the blacksmith trade.');
    expect(r.memories_used.map((m: Json) => m.content)).not.toContain('Bob is a blacksmith.');
    const d = await say(dave, 'Tell me about the blacksmith trade.');
    expect(d.memories_used.map((m: Json) => m.content)).not.toContain('Bob is a blacksmith.');
  });

  it('extraction off: no facts; rules: facts even with remember false are not stored', async () => {
    await t.call('memory.config_set', { config: { extraction: { mode: 'off' } } });
    expect((await say(bob, 'I am a blacksmith.')).facts).toEqual([]);
    await t.call('memory.config_set', { persona_id: 'Aria', config: { extraction: 'rules' } });
    expect((await say(bob, 'I am a blacksmith.')).facts).toHaveLength(1);
    const quiet = await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'I have a dog.', participant: bob, channel: 'api', remember: false });
    expect(quiet.facts).toEqual([]);
    expect((await activeFacts()).map((m) => m.content)).toEqual(['Bob is a blacksmith.']);
  });

  it('conversation turns: Aria keeps what Bob told her from Kira unless she is open', async () => {
    await say(bob, 'I am a blacksmith.');
    const turn = async () => {
      const { conversation_id } = await t.call<Json>('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira', topic: 'crafts' });
      const r = await t.call<Json>('conversation.turn', { conversation_id, speaker_id: 'Aria', input: 'Do you know any blacksmith?' });
      await t.call('conversation.end', { conversation_id });
      return r.turn;
    };
    const discreet = await turn();
    expect(discreet.response_type).toBe('offline');
    expect(discreet.content).not.toContain('blacksmith');
    await t.call('memory.config_set', { persona_id: 'Aria', config: { discretion: 'open' } });
    t.clock.advance(3_600_000);
    expect((await turn()).content).toBe('I recall that Bob is a blacksmith.');
  });

  it('the MCP roleplay prompt (speaker known by name only) recalls only what anyone may hear', async () => {
    await say(bob, 'I am a blacksmith.');
    const text = async () => (await buildRoleplayPrompt(t.core, { persona: 'Aria', participant_name: 'Carol', message: 'any blacksmith around?' })).messages[0]!.content.text;
    expect(await text()).not.toContain('Bob is a blacksmith.');
    await t.call('memory.config_set', { persona_id: 'Aria', config: { discretion: 'open' } });
    expect(await text()).toContain('Bob is a blacksmith.');
  });

  it('discretion and extraction per persona are validated; a bad value changes nothing', async () => {
    const before = (await t.call<Json>('memory.config_get', { persona_id: 'Aria' })).effective;
    expect((await t.fail('memory.config_set', { persona_id: 'Aria', config: { discretion: 'loud' } })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('memory.config_set', { persona_id: 'Aria', config: { extraction: 'sometimes' } })).code).toBe('INVALID_PARAMS');
    expect((await t.fail('memory.config_set', { persona_id: 'Aria', config: { reflection: { enabled: false } } })).code).toBe('INVALID_PARAMS');
    expect((await t.call<Json>('memory.config_get', { persona_id: 'Aria' })).effective).toEqual(before);
    expect(before).toMatchObject({ discretion: 'discreet', extraction: { mode: 'auto' }, reflection: { enabled: true, threshold: 8 } });
  });
});
