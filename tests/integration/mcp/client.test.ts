import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/index.ts';
import { OPERATION_TABLE } from '../../../src/core/index.ts';
import { createMcpService } from '../../../src/services/mcp/index.ts';
import { TYPED_METHOD_NAMES, createPersonaClient, type ClientState, type PersonaClient, type PersonaEvent } from '../../../src/core/client/index.ts';
import { createScriptedLlmServer, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';
import { RawClient, sleep, startMcp, type RunningMcp } from './harness.ts';

let llm: ScriptedLlmServer;
let mcp: RunningMcp;
let client: PersonaClient;
const participant = { id: 'bob', display_name: 'Bob' };

beforeAll(async () => {
  llm = await createScriptedLlmServer();
  mcp = await startMcp();
  client = createPersonaClient({ url: mcp.ws, reconnect: { initialMs: 50, maxMs: 200 } });
  await client.connect();
  await client.call('system.configure_llm', { provider: 'ollama', base_url: llm.ollamaUrl });
});
afterAll(async () => {
  await client.close();
  await mcp.close();
  await llm.close();
});

/** Rejection of `p` as an AppError (fails the test when it resolves or throws something else). */
async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** Resolves when `c` enters `state` (or is already in it). */
function reach(c: PersonaClient, state: ClientState, timeoutMs = 5000): Promise<void> {
  if (c.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never reached ${state}`)), timeoutMs);
    const off = c.on('state', (s) => {
      if (s !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** Resolves with the first event `received` gets that matches. */
async function waitFor(received: PersonaEvent[], match: (e: PersonaEvent) => boolean, timeoutMs = 3000): Promise<PersonaEvent> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hit = received.find(match);
    if (hit) return hit;
    if (Date.now() > until) throw new Error('event never arrived');
    await sleep(20);
  }
}

describe('persona client: calls', () => {
  it('calls persona.list over a real connection', async () => {
    const res = await client.call<{ personas: { name: string }[]; total_count: number }>('persona.list');
    expect(res.total_count).toBeGreaterThan(0);
    expect(res.personas.map((p) => p.name)).toContain('Aria');
  });

  it('typed methods: params and result follow the operation schemas', async () => {
    const res = await client.methods['persona.get']({ persona_id: 'Aria' });
    expect(res.persona.name).toBe('Aria');
    expect(await client.methods.ping()).toEqual({});
    // type-level only: a wrong param type does not compile
    // @ts-expect-error persona_id is a string
    const _never = () => client.methods['persona.get']({ persona_id: 42 });
  });

  it('the typed method names are exactly the operations table', () => {
    expect([...TYPED_METHOD_NAMES].sort()).toEqual(OPERATION_TABLE.names().sort());
  });

  it('a domain error rejects as AppError with its stable code and details', async () => {
    const err = await appError(client.call('persona.get', { persona_id: 'Nobody' }));
    expect(err.code).toBe('PERSONA_NOT_FOUND');
    expect(err.details).toMatchObject({ persona: 'Nobody' });
    const bad = await appError(client.call('persona.chat', { persona_id: 'Aria' }));
    expect(bad.code).toBe('INVALID_PARAMS');
    expect(bad.issues?.some((i) => i.path.includes('message'))).toBe(true);
  });

  it('a request without a response within its timeout rejects with TIMEOUT', async () => {
    llm.setScript(() => ({ hang: true }));
    const err = await appError(client.call('persona.chat', { persona_id: 'Aria', message: 'Hello?', participant }, { timeoutMs: 200 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.details).toMatchObject({ method: 'persona.chat', timeout_ms: 200 });
    expect(await client.call('ping')).toEqual({});
  });
});

describe('persona client: streaming chat', () => {
  it('yields deltas that join to the response', async () => {
    llm.setScript(() => ({ text: 'Well met, Bob! Pull up a chair.' }));
    const stream = client.chatStream({ persona_id: 'Aria', message: 'Hi', participant });
    const deltas: string[] = [];
    for await (const d of stream.deltas) deltas.push(d);
    const result = await stream.result;
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(result.response);
    expect(result).toMatchObject({ response: 'Well met, Bob! Pull up a chair.', finish_reason: 'stop', chunk_count: deltas.length });
  });

  it('cancel mid-stream ends the reply with finish_reason cancelled', async () => {
    const text = 'one two three four five six seven eight nine ten';
    llm.setScript(() => ({ text, delayMs: 60 }));
    const stream = client.chatStream({ persona_id: 'Aria', message: 'Sing', participant });
    const iterator = stream.deltas[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    await stream.cancel();
    const result = await stream.result;
    expect(result.finish_reason).toBe('cancelled');
    expect(result.response.length).toBeLessThan(text.length);
  });
});

describe('persona client: events', () => {
  it('receives events caused by another connection', async () => {
    const received: PersonaEvent[] = [];
    const sub = await client.subscribe({ names: ['visual.changed', 'persona.*'] }, (e) => received.push(e));
    const other = await RawClient.connect(mcp.ws);
    await other.request('visual.update', { persona_id: 'Aria', expression: 'surprised' });
    await other.request('persona.update', { persona_id: 'Aria', description: 'A bard with a new song.' });
    const visual = await waitFor(received, (e) => e.name === 'visual.changed');
    expect(visual.subscription_id).toBe(sub.subscription_id);
    expect(visual.data).toMatchObject({ visual: { expression: 'surprised' } });
    await waitFor(received, (e) => e.name === 'persona.updated');
    await sub.unsubscribe();
    const count = received.length;
    await other.request('visual.update', { persona_id: 'Aria', expression: 'happy' });
    await sleep(150);
    expect(received.length).toBe(count);
    await other.close();
  });
});

describe('persona client: reconnect', () => {
  it('reconnects to a restarted service, failing in-flight calls and restoring subscriptions', async () => {
    const own = await startMcp({ llm: { provider: 'ollama', base_url: llm.ollamaUrl } }, { graceMs: 100 });
    const c = createPersonaClient({ url: own.ws, reconnect: { initialMs: 50, maxMs: 200 } });
    const states: ClientState[] = [];
    c.on('state', (s) => states.push(s));
    await c.connect();
    const received: PersonaEvent[] = [];
    await c.subscribe({ persona_ids: ['Aria'], names: ['visual.changed'] }, (e) => received.push(e));

    llm.setScript(() => ({ hang: true }));
    const inFlight = appError(c.call('persona.chat', { persona_id: 'Aria', message: 'Still there?', participant }));
    await sleep(50);
    await own.service.stop();
    const lost = await inFlight;
    expect(lost.code).toBe('CANCELLED');
    expect(lost.details).toMatchObject({ reason: 'connection_lost' });
    await reach(c, 'reconnecting');
    await sleep(300); // a few refused attempts while nothing listens

    const config = { ...own.core.config, server: { ...own.core.config.server, mcp_port: own.port } };
    const again = createMcpService({ core: own.core, config, timings: { graceMs: 100 } });
    await again.start();
    try {
      await reach(c, 'open');
      expect(states.filter((s) => s === 'reconnecting').length).toBeGreaterThan(1);
      expect((await c.methods['persona.get']({ persona_id: 'Aria' })).persona.name).toBe('Aria');
      const other = await RawClient.connect(own.ws);
      await other.request('visual.update', { persona_id: 'Aria', expression: 'excited' });
      const event = await waitFor(received, (e) => (e.data.visual as { expression?: string } | undefined)?.expression === 'excited');
      expect(event).toMatchObject({ name: 'visual.changed', subscription_id: expect.any(String) });
      await other.close();
    } finally {
      await c.close();
      expect(c.state).toBe('closed');
      await again.stop();
      await own.close();
    }
  });

  it('a refused first connect rejects and calls after close fail', async () => {
    const c = createPersonaClient({ url: 'ws://127.0.0.1:1/mcp' });
    expect((await appError(c.connect())).details).toMatchObject({ reason: 'connect_failed' });
    await c.close();
    expect((await appError(c.call('ping'))).code).toBe('CANCELLED');
  });
});
