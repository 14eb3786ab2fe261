import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';
import { createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let llm: ScriptedLlmServer;
let t: TestCore | undefined;
beforeAll(async () => {
  llm = await createScriptedLlmServer();
});
afterAll(() => llm.close());
afterEach(async () => {
  await t?.close();
});

const chat = { max_context_messages: 4, summary_threshold: 6, summary_chunk: 2 };
const talk = async (core: TestCore, n: number) => {
  let last: Json = {};
  for (let i = 0; i < n; i += 1) last = await core.call<Json>('persona.chat', { persona_id: 'Aria', message: `Line ${i}. The harbour is busy.`, participant: { id: 'bob' } });
  await core.core.chatQueue.drain();
  return last;
};

describe('rolling summary in chat', () => {
  it('the LLM folds older messages into a summary that reaches the next prompt', async () => {
    llm.setScript((req) => (req.body.format ? { text: '{"summary":"Bob keeps describing the harbour."}' } : { text: 'Aye.' }));
    t = await createTestCore({ config: { chat, llm: { base_url: llm.ollamaUrl } } });
    const last = await talk(t, 4);
    const session = (await t.call<Json>('session.get', { session_id: last.session_id })).session;
    expect(session.summary).toBe('Bob keeps describing the harbour.');
    expect(session.summary_upto_seq).toBe(4);
    await t.call('persona.chat', { persona_id: 'Aria', message: 'And now?', participant: { id: 'bob' } });
    const prompt = llm.requests.filter((r) => !r.body.format).at(-1)!.messages[0]!.content;
    expect(prompt).toContain('# Earlier in this conversation\nBob keeps describing the harbour.');
  });

  it('offline, the summary is extractive', async () => {
    t = await createTestCore({ config: { chat, llm: { provider: 'offline' } } });
    const last = await talk(t, 4);
    const session = (await t.call<Json>('session.get', { session_id: last.session_id })).session;
    expect(session.summary).toMatch(/^bob: Line 0\./);
    expect(session.summary.split('\n')).toHaveLength(4);
  });
});
