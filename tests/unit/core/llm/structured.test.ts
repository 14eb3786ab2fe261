import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createOllamaProvider, createOpenAiProvider, extractJson, generateStructured, structuredJsonSchema, type LlmProvider,
} from '../../../../src/core/llm/index.ts';
import { closedPort, createScriptedLlmServer, type ScriptedLlmServer } from '../../../support/scripted-llm-server.ts';

let srv: ScriptedLlmServer;
beforeAll(async () => {
  srv = await createScriptedLlmServer();
});
afterAll(() => srv.close());

const SummarySchema = z.object({ summary: z.string().min(1), topics: z.array(z.string()).default([]) });
const fallback = { summary: 'fallback', topics: [] };
const msgs = [{ role: 'user' as const, content: 'Summarise: they met at the mill.' }];

describe('extractJson', () => {
  it('takes the first JSON object out of fences and chatter', () => {
    expect(extractJson('```json\n{"a":1}\n```')).toEqual({ a: 1 });
    expect(extractJson('Sure! Here it is: {"a":{"b":[1,2]}} Hope that helps.')).toEqual({ a: { b: [1, 2] } });
    expect(extractJson('{"a":1} and then {"b":2}')).toEqual({ a: 1 });
    expect(extractJson('{"text":"a } brace and a \\" quote"}')).toEqual({ text: 'a } brace and a " quote' });
    expect(extractJson('I think {maybe} this: {"ok":true}')).toEqual({ ok: true });
  });

  it('throws when there is no object', () => {
    expect(() => extractJson('no json here')).toThrow('no JSON object');
    expect(() => extractJson('{"unterminated": 1')).toThrow('no JSON object');
  });
});

describe('structuredJsonSchema', () => {
  it('converts the zod schema to a plain JSON schema without $schema', () => {
    const js = structuredJsonSchema(SummarySchema);
    expect(js).not.toHaveProperty('$schema');
    expect(js).toMatchObject({ type: 'object', properties: { summary: { type: 'string' } } });
  });
});

describe.each(['ollama', 'openai'] as const)('structured output over %s', (kind) => {
  const make = (base?: string): LlmProvider => {
    const s = { base_url: base ?? (kind === 'ollama' ? srv.ollamaUrl : srv.openaiUrl), model: 'llama3.1:8b', timeout_ms: 2000 };
    return kind === 'ollama' ? createOllamaProvider(s) : createOpenAiProvider(s);
  };

  it('valid reply: parsed and validated; the schema travels as format / response_format', async () => {
    srv.setScript(() => ({ text: '```json\n{"summary":"They met at the mill."}\n```' }));
    const res = await generateStructured(make(), { messages: msgs }, SummarySchema, fallback);
    expect(res).toEqual({ value: { summary: 'They met at the mill.', topics: [] }, fell_back: false, attempts: 1, error: null });
    const body = srv.requests.at(-1)!.body;
    if (kind === 'ollama') expect(body.format).toMatchObject({ type: 'object', properties: { summary: { type: 'string' } } });
    else expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'result', schema: { type: 'object' } } });
    expect(body.stream).toBe(false);
  });

  it('invalid then valid: one retry that tells the model what was wrong', async () => {
    let n = 0;
    srv.setScript(() => ((n += 1) === 1 ? { text: 'not json at all' } : { json: { summary: 'second try', topics: ['mill'] } }));
    const res = await make().structured({ messages: msgs }, SummarySchema, { fallback });
    expect(res).toEqual({ value: { summary: 'second try', topics: ['mill'] }, fell_back: false, attempts: 2, error: null });
    const retry = srv.requests.at(-1)!.messages;
    expect(retry.slice(0, 1)).toEqual(msgs);
    expect(retry[1]).toEqual({ role: 'assistant', content: 'not json at all' });
    expect(retry[2]?.content).toContain('contains no JSON object');
  });

  it('invalid twice: the caller fallback with fell_back true and the reason', async () => {
    srv.setScript(() => ({ json: { wrong: 1 } }));
    const before = srv.requests.length;
    const res = await generateStructured(make(), { messages: msgs }, SummarySchema, fallback);
    expect(res).toMatchObject({ value: fallback, fell_back: true, attempts: 2 });
    expect(res.error).toContain('summary');
    expect(srv.requests.length - before).toBe(2);
  });

  it('a provider failure falls back at once without a retry', async () => {
    srv.setScript(() => ({ status: 500 }));
    const before = srv.requests.length;
    const res = await generateStructured(make(), { messages: msgs }, SummarySchema, fallback);
    expect(res).toMatchObject({ value: fallback, fell_back: true, attempts: 1, error: expect.stringContaining('HTTP 500') });
    expect(srv.requests.length - before).toBe(1);
    const down = await make(`http://127.0.0.1:${await closedPort()}`).structured({ messages: msgs }, SummarySchema, { fallback });
    expect(down).toMatchObject({ fell_back: true, error: expect.stringContaining('connection refused') });
  });

  it('a cancelled call returns the fallback', async () => {
    srv.setScript(() => ({ json: { summary: 'late' }, delayMs: 300 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const res = await make().structured({ messages: msgs }, SummarySchema, { fallback, signal: ac.signal });
    expect(res).toMatchObject({ value: fallback, fell_back: true, attempts: 1, error: 'cancelled' });
  });
});
