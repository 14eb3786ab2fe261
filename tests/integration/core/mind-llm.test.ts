import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';
import { createScriptedLlmServer, type ScriptedLlmServer, type SeenRequest } from '../../support/scripted-llm-server.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// LLM fact extraction and reflection (docs/memory.md "How facts are learned", "Reflection") against the
// scripted LLM server, in both wire formats: Ollama `format` and OpenAI-compatible `response_format`.
let llm: ScriptedLlmServer;
let t: TestCore | undefined;
beforeAll(async () => {
  llm = await createScriptedLlmServer();
});
afterAll(() => llm.close());
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const bob = { id: 'bob', display_name: 'Bob', platform: 'api' };
const dave = { id: 'dave', display_name: 'Dave', platform: 'api' };
/** Which structured request this is, by the schema it asks for. */
const kindOf = (req: SeenRequest) => (req.schema ? Object.keys((req.schema.properties ?? {}) as Json)[0] ?? 'other' : 'chat');
/** The known facts the extractor was shown (the user message is the JSON input). */
const knownFacts = (req: SeenRequest): { id: string; text: string }[] => JSON.parse(req.messages.at(-1)!.content).known_facts;

async function start(kind: 'ollama' | 'openai', memory: Json = {}) {
  t = await createTestCore({ config: { llm: { provider: kind, base_url: kind === 'ollama' ? llm.ollamaUrl : llm.openaiUrl, timeout_ms: 3000 }, memory } });
  return t;
}
const chat = async (tc: TestCore, participant: Json, message: string) => {
  tc.clock.advance(60_000);
  return tc.call<Json>('persona.chat', { persona_id: 'Aria', message, participant, channel: 'api' });
};
const facts = async (tc: TestCore, archived = false) =>
  ((await tc.call<Json>('memory.list', { persona_id: 'Aria', memory_type: 'fact', archived, limit: 200 })).memories as Json[]);

describe.each(['ollama', 'openai'] as const)('LLM extraction over %s', (kind) => {
  it('add, then update and delete by id after the reply; invalid items and unknown ids are dropped item by item', async () => {
    const tc = await start(kind);
    const base = llm.requests.length;
    const mine = () => llm.requests.slice(base);
    let turn = 0;
    llm.setScript((req) => {
      if (kindOf(req) === 'chat') return { text: 'Aria nods.' };
      if (kindOf(req) !== 'facts') return { json: { insights: [] } };
      turn += 1;
      if (turn === 1) {
        return {
          delayMs: 300,
          json: { facts: [
            { op: 'add', about: 'speaker', predicate: 'lives_in', text: 'Bob lives in Riverwood.' },
            { op: 'add', about: 'speaker', predicate: 'works', text: 'Bob works at the forge.' },
            { op: 'add', about: 'world', predicate: 'Bad Predicate', text: 'Dropped.' },
          ] },
        };
      }
      const known = knownFacts(req);
      const home = known.find((f) => f.text.includes('Riverwood'))!;
      const work = known.find((f) => f.text.includes('forge'))!;
      return { json: { facts: [
        { op: 'update', id: home.id, about: 'speaker', predicate: 'lives_in', text: 'Bob lives in Oakvale.' },
        { op: 'delete', id: work.id, about: 'speaker', predicate: 'works', text: 'Bob no longer works at the forge.' },
        { op: 'update', id: '00000000-0000-4000-8000-000000000000', about: 'speaker', predicate: 'age', text: 'Bob is 40.' },
        { op: 'add', about: 'speaker', text: 'No predicate.' },
      ] } };
    });

    const first = await chat(tc, bob, 'I live in Riverwood and work at the forge.');
    // The reply does not wait for extraction: the LLM's facts arrive afterwards, as memory.changed events.
    expect(first.llm).toBe(kind);
    expect(first.facts).toEqual([]);
    expect(await facts(tc)).toEqual([]);
    const changed: Json[] = [];
    tc.core.events.subscribe((e) => { if (e.name === 'memory.changed') changed.push(e.data); });
    await tc.core.idle();
    expect(changed.map((c) => c.change)).toEqual(['created', 'created']);
    expect((await facts(tc)).map((m) => [m.content, m.subject_key, m.source_key, m.fact_key]).sort()).toEqual([
      ['Bob lives in Riverwood.', 'api:bob', 'api:bob', 'api:bob|lives_in'], ['Bob works at the forge.', 'api:bob', 'api:bob', 'api:bob|works'],
    ]);
    const extraction = mine().filter((r) => kindOf(r) === 'facts');
    expect(extraction).toHaveLength(1);
    // The schema travels in the provider's own format.
    if (kind === 'ollama') expect(extraction[0]!.body.format).toMatchObject({ type: 'object', properties: { facts: { type: 'array', maxItems: 5 } } });
    else expect(extraction[0]!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { schema: { properties: { facts: { maxItems: 5 } } } } });
    expect(JSON.parse(extraction[0]!.messages.at(-1)!.content)).toMatchObject({ persona: 'Aria', speaker: 'Bob', message: 'I live in Riverwood and work at the forge.', reply: 'Aria nods.', known_facts: [] });

    const before = await facts(tc);
    const riverwood = before.find((m) => m.content.includes('Riverwood'))!;
    const forge = before.find((m) => m.content.includes('forge'))!;
    await chat(tc, bob, 'I moved to Oakvale and quit the forge.');
    await tc.core.idle();
    expect(knownFacts(mine().filter((r) => kindOf(r) === 'facts').at(-1)!).map((f) => f.id).sort()).toEqual([riverwood.id, forge.id].sort());
    const active = await facts(tc);
    expect(active.map((m) => m.content)).toEqual(['Bob lives in Oakvale.']);
    const archived = await facts(tc, true);
    expect(archived.find((m) => m.id === riverwood.id)).toMatchObject({ archive_reason: 'superseded', metadata: { superseded_by: active[0]!.id } });
    expect(archived.find((m) => m.id === forge.id)).toMatchObject({ archive_reason: 'superseded' });
    expect(archived.find((m) => m.id === forge.id)!.metadata.superseded_by).toBeUndefined();
    // A deleted fact comes back with memory.restore.
    await tc.call('memory.restore', { memory_id: forge.id });
    expect((await facts(tc)).map((m) => m.content).sort()).toEqual(['Bob lives in Oakvale.', 'Bob works at the forge.']);
  });

  it('a malformed structured answer is retried once, then the rules extract the facts', async () => {
    const tc = await start(kind);
    llm.setScript((req) => (kindOf(req) === 'chat' ? { text: 'Aria smiles.' } : { text: 'Sure! Bob is a smith, I think.' }));
    const before = llm.requests.length;
    const r = await chat(tc, bob, "I'm a blacksmith and I have two dogs.");
    expect(r.facts).toEqual([]);
    await tc.core.idle();
    const structured = llm.requests.slice(before).filter((q) => kindOf(q) === 'facts');
    expect(structured).toHaveLength(2);
    expect(structured[1]!.messages.at(-1)!.content).toContain('contains no JSON object');
    expect((await facts(tc)).map((m) => [m.content, m.metadata.extraction]).sort()).toEqual([['Bob has two dogs.', 'rules'], ['Bob is a blacksmith.', 'rules']]);
  });
});

describe('extraction modes with an LLM', () => {
  it('llm: the LLM only — a failed answer leaves no facts; rules: facts with the turn and no extraction call', async () => {
    const tc = await start('ollama', { extraction: { mode: 'llm' }, reflection: { enabled: false } });
    llm.setScript((req) => (kindOf(req) === 'chat' ? { text: 'Aria smiles.' } : { text: 'no json' }));
    const before = llm.requests.length;
    await chat(tc, bob, "I'm a blacksmith.");
    await tc.core.idle();
    expect(llm.requests.slice(before).filter((r) => kindOf(r) === 'facts')).toHaveLength(2);
    expect(await facts(tc)).toEqual([]);
    await tc.call('memory.config_set', { persona_id: 'Aria', config: { extraction: 'rules' } });
    const r = await chat(tc, bob, "I'm a blacksmith.");
    await tc.core.idle();
    expect(r.facts.map((f: Json) => [f.op, f.text])).toEqual([['added', 'Bob is a blacksmith.']]);
    expect(llm.requests.slice(before).filter((q) => kindOf(q) === 'facts')).toHaveLength(2);
  });
});

describe('the profile reaches the LLM prompt', () => {
  it('section 3 lists what Bob told; section 4 does not repeat it; Dave\'s prompt has neither', async () => {
    const tc = await start('ollama', { extraction: { mode: 'rules' }, reflection: { enabled: false } });
    llm.setScript(() => ({ text: 'Aria nods.' }));
    await chat(tc, bob, 'I am a blacksmith. I live in Oakvale.');
    await chat(tc, bob, 'Tell me about blacksmith work in Oakvale.');
    const forBob = llm.requests.filter((r) => r.schema === null).at(-1)!.messages[0]!.content;
    expect(forBob).toContain('What you know about Bob:\n- Bob is a blacksmith.\n- Bob lives in Oakvale.');
    expect(forBob.split('Bob is a blacksmith.')).toHaveLength(2);
    await chat(tc, dave, 'Tell me about blacksmith work in Oakvale.');
    const forDave = llm.requests.filter((r) => r.schema === null).at(-1)!.messages[0]!.content;
    expect(forDave).not.toContain('What you know about');
    expect(forDave).not.toContain('Bob is a blacksmith.');
  });
});

describe('reflection (LLM only)', () => {
  it('a reflection citing what Bob said in private is recalled for Bob, never for Dave', async () => {
    const tc = await start('ollama', { reflection: { threshold: 0.5 }, extraction: { mode: 'rules' } });
    llm.setScript((req) => {
      if (kindOf(req) === 'chat') return { text: 'Aria listens.' };
      if (kindOf(req) !== 'insights') return { json: { facts: [] } };
      const input = JSON.parse(req.messages.at(-1)!.content) as { id: string; text: string }[];
      const fear = input.filter((m) => m.text.includes('deep water'));
      return { json: { insights: [
        { text: 'Bob is secretly afraid of deep water.', evidence: fear.map((m) => m.id) },
        { text: 'Unsupported insight.', evidence: ['not-an-input-id'] },
        { text: '', evidence: [] },
      ] } };
    });
    await chat(tc, bob, 'Between us, I am terrified of deep water since the flood.');
    await tc.core.idle();
    const reflections = (await tc.call<Json>('memory.list', { persona_id: 'Aria', memory_type: 'reflection' })).memories as Json[];
    expect(reflections).toHaveLength(1);
    const [insight] = reflections;
    expect(insight).toMatchObject({ content: 'Bob is secretly afraid of deep water.', importance: 0.7, source_key: null, visibility: 'private' });
    const evidence = (await tc.call<Json>('memory.get', { memory_id: insight!.metadata.evidence[0] })).memory;
    expect(evidence).toMatchObject({ content: 'Bob said: Between us, I am terrified of deep water since the flood.', source_key: 'api:bob' });

    const forDave = await chat(tc, dave, 'Is anyone afraid of deep water?');
    expect(forDave.memories_used.map((m: Json) => m.content)).not.toContain('Bob is secretly afraid of deep water.');
    expect(llm.requests.at(-1)!.messages[0]!.content).not.toContain('afraid of deep water');
    const forBob = await chat(tc, bob, 'Why am I afraid of deep water?');
    expect(forBob.memories_used.map((m: Json) => m.content)).toContain('Bob is secretly afraid of deep water.');
    // At most one reflection per 10 minutes: the turns above did not reflect again.
    await tc.core.idle();
    expect(llm.requests.filter((r) => kindOf(r) === 'insights')).toHaveLength(1);
  });

  it('offline, or with reflection disabled, nothing reflects', async () => {
    const tc = await start('ollama', { reflection: { threshold: 0.5, enabled: false } });
    llm.setScript((req) => (kindOf(req) === 'chat' ? { text: 'Aria listens.' } : { json: { facts: [], insights: [] } }));
    const before = llm.requests.length;
    await chat(tc, bob, 'I am terrified of deep water since the flood.');
    await tc.core.idle();
    expect(llm.requests.slice(before).filter((r) => kindOf(r) === 'insights')).toEqual([]);
  });
});
