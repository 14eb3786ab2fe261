import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';
import { closedPort, createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let llm: ScriptedLlmServer;
let t: TestCore;
beforeAll(async () => {
  llm = await createScriptedLlmServer();
});
afterAll(() => llm.close());
beforeEach(async () => {
  t = await createTestCore({ config: { llm: { provider: 'offline' } } });
});
afterEach(() => t.close());

describe('optional embeddings (sqlite-vec)', () => {
  it('vectors are computed in the background and cosine similarity is blended into recall', async () => {
    expect(t.core.db.vectors).toBe(true);
    await t.call('memory.store', { persona_id: 'Aria', content: 'The harbour was full of tall ships at dawn.' });
    await t.call('memory.store', { persona_id: 'Aria', content: 'Bread prices rose at the market.' });
    const off = await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'harbour ships' });
    expect(off.memories[0].raw.cosine).toBeNull();

    await t.call('system.configure_llm', { embedding: { enabled: true, provider: 'ollama', model: 'nomic-embed-text', base_url: llm.ollamaUrl } });
    await t.core.idle();
    const n = (t.core.db.sqlite.prepare('SELECT count(*) AS n FROM memory_embeddings').get() as { n: number }).n;
    expect(n).toBe(2);
    const on = await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'harbour ships' });
    expect(on.memories[0].content).toContain('harbour');
    expect(on.memories[0].raw.cosine).toBeGreaterThan(on.memories[1].raw.cosine);
    expect(on.memories[0].score_components.relevance).toBe(1);
    expect(llm.requests.length).toBe(0); // embeddings do not go through /api/chat

    // A new memory gets its vector after the write; an edited one loses its stale vector.
    const m = await t.call<Json>('memory.store', { persona_id: 'Aria', content: 'Ships again in the harbour.' });
    await t.core.idle();
    expect(t.core.db.sqlite.prepare('SELECT count(*) AS n FROM memory_embeddings WHERE memory_id = ?').get(m.memory_id)).toEqual({ n: 1 });
    await t.call('memory.update', { memory_id: m.memory_id, content: 'Changed text' });
    expect(t.core.db.sqlite.prepare('SELECT count(*) AS n FROM memory_embeddings WHERE memory_id = ?').get(m.memory_id)).toEqual({ n: 0 });
  });

  it('when the embedding provider fails, recall falls back to BM25 for that call', async () => {
    await t.call('memory.store', { persona_id: 'Aria', content: 'The harbour was full of tall ships at dawn.' });
    await t.call('system.configure_llm', { embedding: { enabled: true, provider: 'ollama', base_url: `http://127.0.0.1:${await closedPort()}` } });
    await t.core.idle();
    const res = await t.call<Json>('memory.search', { persona_id: 'Aria', query: 'harbour' });
    expect(res.memories[0]).toMatchObject({ content: 'The harbour was full of tall ships at dawn.' });
    expect(res.memories[0].raw.cosine).toBeNull();
  });
});
