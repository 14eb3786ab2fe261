import { describe, expect, it } from 'vitest';
import { createRpcDispatcher } from '../../../../src/services/mcp/rpc-dispatcher.ts';
import { parseFrame, type RpcNotification, type RpcResponse } from '../../../../src/services/mcp/jsonrpc.model.ts';
import { createFakeTable } from './fake-table.ts';
import { withDeadline } from '../../../../src/services/runtime/index.ts';

const OFF = { messagesPerSecond: 0, burst: 0, inFlight: 0 };

function setup(limits = OFF, now?: () => number) {
  const fake = createFakeTable();
  const sent: RpcNotification[] = [];
  const d = createRpcDispatcher({ route: fake.route, send: (m) => { sent.push(m); }, limits, ...(now ? { now } : {}) });
  const run = (text: string) => d.handle(parseFrame(text));
  const one = async (msg: unknown) => (await run(JSON.stringify(msg))) as RpcResponse & { error?: { code: number; message: string; data: Record<string, unknown> }; result?: unknown };
  return { ...fake, d, sent, run, one };
}

describe('JSON-RPC ids', () => {
  it('echoes numeric and string ids with their JSON type', async () => {
    const { one } = setup();
    expect(await one({ jsonrpc: '2.0', id: 7, method: 'echo', params: { text: 'a' } })).toEqual({ jsonrpc: '2.0', id: 7, result: { text: 'a' } });
    expect(await one({ jsonrpc: '2.0', id: '7', method: 'echo', params: { text: 'a' } })).toEqual({ jsonrpc: '2.0', id: '7', result: { text: 'a' } });
  });

  it.each([
    ['null', null], ['fractional', 1.5], ['boolean', true], ['object', { a: 1 }], ['unsafe integer', 2 ** 60], ['long string', 'x'.repeat(129)],
  ])('rejects a %s id with -32600 and id null, executing nothing', async (_label, id) => {
    const { one, calls } = setup();
    const r = await one({ jsonrpc: '2.0', id, method: 'echo', params: { text: 'a' } });
    expect(r.id).toBeNull();
    expect(r.error?.code).toBe(-32600);
    expect(r.error?.data.code).toBe('INVALID_REQUEST');
    expect(calls).toEqual([]);
  });

  it('rejects an id still in flight with duplicate_id, and accepts it again once finished', async () => {
    const { d, one, open } = setup();
    const first = d.handle(parseFrame('{"jsonrpc":"2.0","id":1,"method":"wait","params":{"gate":"g"}}'));
    const dup = await one({ jsonrpc: '2.0', id: 1, method: 'echo', params: { text: 'a' } });
    expect(dup.error?.code).toBe(-32600);
    expect(dup.error?.data.details).toEqual({ reason: 'duplicate_id' });
    // A string "1" is a different id.
    expect((await one({ jsonrpc: '2.0', id: '1', method: 'echo', params: { text: 'a' } })).result).toEqual({ text: 'a' });
    await open('g');
    expect(await first).toEqual({ jsonrpc: '2.0', id: 1, result: { gate: 'g' } });
    expect((await one({ jsonrpc: '2.0', id: 1, method: 'echo', params: { text: 'b' } })).result).toEqual({ text: 'b' });
  });
});

describe('JSON-RPC requests and notifications', () => {
  it('requires jsonrpc "2.0" and a method', async () => {
    const { one } = setup();
    expect((await one({ jsonrpc: '1.0', id: 3, method: 'echo' })).error?.code).toBe(-32600);
    expect((await one({ jsonrpc: '2.0', id: 3 })).error?.code).toBe(-32600);
    expect((await one({ id: 3, method: 'echo' })).id).toBe(3);
  });

  it('answers params that are not an object with -32602', async () => {
    const { one, calls } = setup();
    const r = await one({ jsonrpc: '2.0', id: 4, method: 'echo', params: ['a'] });
    expect(r.error?.code).toBe(-32602);
    expect(r.error?.data.code).toBe('INVALID_PARAMS');
    expect(calls).toEqual([]);
  });

  it('executes notifications but never answers them, not even errors', async () => {
    const { run, calls } = setup();
    expect(await run('{"jsonrpc":"2.0","method":"echo","params":{"text":"n"}}')).toBeNull();
    expect(calls).toEqual(['echo:n']);
    expect(await run('{"jsonrpc":"2.0","method":"nope"}')).toBeNull();
    expect(await run('{"jsonrpc":"2.0","method":"echo","params":{"text":""}}')).toBeNull();
    expect(await run('{"jsonrpc":"2.0","method":"echo","params":[1]}')).toBeNull();
  });

  it('ignores responses sent by the client', async () => {
    const { run } = setup();
    expect(await run('{"jsonrpc":"2.0","id":9,"result":{}}')).toBeNull();
  });

  it('reports unknown methods with -32601 and the name', async () => {
    const { one } = setup();
    const r = await one({ jsonrpc: '2.0', id: 5, method: 'nope.nothing' });
    expect(r.error).toMatchObject({ code: -32601, data: { code: 'METHOD_NOT_FOUND', details: { method: 'nope.nothing' } } });
  });

  it('lists every zod issue on invalid params', async () => {
    const { one, calls } = setup();
    const r = await one({ jsonrpc: '2.0', id: 6, method: 'echo', params: { text: '', n: 1.5 } });
    expect(r.error?.code).toBe(-32602);
    const issues = r.error?.data.issues as { path: unknown[] }[];
    expect(issues.map((i) => i.path)).toEqual([['text'], ['n']]);
    expect(calls).toEqual([]);
  });

  it('calls operations by alias', async () => {
    const { one } = setup();
    expect((await one({ jsonrpc: '2.0', id: 1, method: 'echo.alias', params: { text: 'x' } })).result).toEqual({ text: 'x' });
  });

  it('maps domain errors once and hides unexpected ones behind an error_id', async () => {
    const { one } = setup();
    const domain = await one({ jsonrpc: '2.0', id: 1, method: 'fail', params: { kind: 'domain' } });
    expect(domain).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'Persona not found: Zed', data: { code: 'PERSONA_NOT_FOUND', details: { persona: 'Zed' } } } });
    const crash = await one({ jsonrpc: '2.0', id: 2, method: 'fail', params: { kind: 'crash' } });
    expect(crash.error?.code).toBe(-32603);
    expect(crash.error?.data.error_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(crash)).not.toMatch(/secret|\/var\/db|at .*\.ts/);
    expect('result' in crash).toBe(false);
  });
});

describe('JSON-RPC batches', () => {
  it('runs elements concurrently and answers only those with ids', async () => {
    const { d, open, hasGate } = setup();
    const batch = d.handle(parseFrame(JSON.stringify([
      { jsonrpc: '2.0', id: 'w', method: 'wait', params: { gate: 'b' } },
      { jsonrpc: '2.0', id: 2, method: 'echo', params: { text: 'x' } },
      { jsonrpc: '2.0', method: 'echo', params: { text: 'silent' } },
      { jsonrpc: '2.0', id: null, method: 'echo' },
      5,
    ])));
    // The wait element started, and the batch is held until it finishes: elements run side by side.
    await new Promise((r) => setTimeout(r, 5));
    expect(hasGate('b')).toBe(true);
    await open('b');
    const replies = (await batch) as RpcResponse[];
    expect(replies).toHaveLength(4);
    expect(replies).toContainEqual({ jsonrpc: '2.0', id: 'w', result: { gate: 'b' } });
    expect(replies).toContainEqual({ jsonrpc: '2.0', id: 2, result: { text: 'x' } });
    expect(replies.filter((r) => r.id === null && 'error' in r && r.error.code === -32600)).toHaveLength(2);
  });

  it('gets no reply when every element is a notification', async () => {
    const { run, calls } = setup();
    expect(await run('[{"jsonrpc":"2.0","method":"echo","params":{"text":"a"}},{"jsonrpc":"2.0","method":"echo","params":{"text":"b"}}]')).toBeNull();
    expect(calls.sort()).toEqual(['echo:a', 'echo:b']);
  });

  it('rejects [] and more than 50 elements as a whole, executing nothing', () => {
    expect(() => parseFrame('[]')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    const big = JSON.stringify(Array.from({ length: 51 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'echo', params: { text: 'a' } })));
    expect(() => parseFrame(big)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(parseFrame(JSON.stringify(JSON.parse(big).slice(0, 50))).kind).toBe('batch');
  });

  it('answers a frame that is not JSON with -32700', () => {
    expect(() => parseFrame('{"jsonrpc":')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR' }));
  });

  it('disables streaming inside batches', async () => {
    const { d, run, sent } = setup();
    const [r] = (await run('[{"jsonrpc":"2.0","id":1,"method":"stream"}]')) as RpcResponse[];
    expect(r).toEqual({ jsonrpc: '2.0', id: 1, result: { streamed: false } });
    expect(sent).toEqual([]);
    const single = await d.handle(parseFrame('{"jsonrpc":"2.0","id":2,"method":"stream"}'));
    expect(single).toEqual({ jsonrpc: '2.0', id: 2, result: { streamed: true } });
    expect(sent.map((m) => m.params.index)).toEqual([0, 1]);
  });
});

describe('cancellation and closing', () => {
  it('notifications/cancelled aborts the request and suppresses its response', async () => {
    const { d, run, aborted } = setup();
    const pending = d.handle(parseFrame('{"jsonrpc":"2.0","id":"c","method":"wait","params":{"gate":"x"}}'));
    await new Promise((r) => setTimeout(r, 2));
    expect(await run('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c","reason":"user"}}')).toBeNull();
    expect(await pending).toBeNull();
    expect(aborted).toEqual(['x']);
    expect(d.running()).toBe(0);
  });

  it('ignores cancellation of unknown ids and of an id of the other JSON type', async () => {
    const { d, run, open } = setup();
    const pending = d.handle(parseFrame('{"jsonrpc":"2.0","id":1,"method":"wait","params":{"gate":"y"}}'));
    await run('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"1"}}');
    await open('y');
    expect(await pending).toEqual({ jsonrpc: '2.0', id: 1, result: { gate: 'y' } });
  });

  it('close aborts everything in flight and nothing is answered', async () => {
    const { d, aborted } = setup();
    const pending = d.handle(parseFrame('{"jsonrpc":"2.0","id":1,"method":"wait","params":{"gate":"z"}}'));
    await new Promise((r) => setTimeout(r, 2));
    d.close();
    expect(await pending).toBeNull();
    expect(aborted).toEqual(['z']);
    await d.idle();
  });
});

describe('rate limits', () => {
  it('refuses a frame beyond the bucket with RATE_LIMITED and retry_after_ms, executing nothing', async () => {
    let t = 0;
    const { one, calls, run } = setup({ messagesPerSecond: 10, burst: 3, inFlight: 0 }, () => t);
    const batch = JSON.stringify([1, 2].map((i) => ({ jsonrpc: '2.0', id: i, method: 'echo', params: { text: 'b' } })));
    expect(await run(batch)).toHaveLength(2);
    expect((await one({ jsonrpc: '2.0', id: 3, method: 'echo', params: { text: 'c' } })).result).toEqual({ text: 'c' });
    const limited = await one({ jsonrpc: '2.0', id: 4, method: 'echo', params: { text: 'd' } });
    expect(limited.id).toBe(4);
    expect(limited.error).toMatchObject({ code: -32012, data: { code: 'RATE_LIMITED', retry_after_ms: 100 } });
    expect(calls).toEqual(['echo:b', 'echo:b', 'echo:c']);
    t = 100;
    expect((await one({ jsonrpc: '2.0', id: 5, method: 'echo', params: { text: 'e' } })).result).toEqual({ text: 'e' });
  });

  it('counts each batch element and refuses the whole batch', async () => {
    const { run, calls } = setup({ messagesPerSecond: 10, burst: 2, inFlight: 0 }, () => 0);
    const reply = await run(JSON.stringify([1, 2, 3].map((i) => ({ jsonrpc: '2.0', id: i, method: 'echo', params: { text: 'b' } }))));
    expect(reply).toMatchObject({ id: null, error: { code: -32012 } });
    expect(calls).toEqual([]);
  });

  it('caps requests in flight per connection', async () => {
    const { d, one, open } = setup({ messagesPerSecond: 0, burst: 0, inFlight: 1 });
    const first = d.handle(parseFrame('{"jsonrpc":"2.0","id":1,"method":"wait","params":{"gate":"q"}}'));
    const second = await one({ jsonrpc: '2.0', id: 2, method: 'echo', params: { text: 'a' } });
    expect(second.error?.data.code).toBe('RATE_LIMITED');
    expect(second.error?.data.retry_after_ms).toBeGreaterThan(0);
    await open('q');
    await first;
    expect((await one({ jsonrpc: '2.0', id: 3, method: 'echo', params: { text: 'a' } })).result).toEqual({ text: 'a' });
  });

  it('admits a batch whole or refuses it whole: a full batch on an idle connection always runs', async () => {
    const { d, run, open, calls } = setup({ messagesPerSecond: 0, burst: 0, inFlight: 4 });
    const batch = (n: number, from: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: from + i, method: 'echo', params: { text: `t${i}` } })));
    const full = (await run(batch(50, 100))) as RpcResponse[];
    expect(full).toHaveLength(50);
    expect(full.filter((r) => 'error' in r)).toEqual([]);
    const busy = d.handle(parseFrame('{"jsonrpc":"2.0","id":1,"method":"wait","params":{"gate":"b"}}'));
    const before = calls.length;
    const refused = (await run(batch(4, 200))) as RpcResponse & { error?: { data: Record<string, unknown> } };
    expect(refused).toMatchObject({ id: null, error: { data: { code: 'RATE_LIMITED' } } });
    expect(calls.length).toBe(before); // no element of the refused batch ran
    expect(((await run(batch(3, 300))) as RpcResponse[]).every((r) => 'result' in r)).toBe(true);
    await open('b');
    await busy;
  });

  it('refuses params nested deeper than 64 levels with INVALID_PARAMS before the handler runs', async () => {
    const { one, calls } = setup();
    let params: unknown = { text: 'x' };
    for (let i = 0; i < 64; i += 1) params = { a: params };
    const r = await one({ jsonrpc: '2.0', id: 1, method: 'echo', params });
    expect(r.error?.data).toMatchObject({ code: 'INVALID_PARAMS', details: { reason: 'depth', max_depth: 64 } });
    expect(calls).toEqual([]);
  });
});

describe('deadlines', () => {
  it('a request past its deadline gets TIMEOUT, its signal is aborted, and the connection goes on', async () => {
    let seen: AbortSignal | undefined;
    const d = createRpcDispatcher({
      limits: OFF, send: () => undefined,
      // The mcp router's wiring: the deadline aborts the request's own signal through call.abort.
      route: (method, _params, call) => withDeadline(method === 'hang' ? 30 : 0, call.signal, (signal) => {
        seen = signal;
        return method === 'hang' ? new Promise<never>(() => undefined) : Promise.resolve({ ok: true });
      }, call.abort),
    });
    const started = Date.now();
    const r = (await d.handle(parseFrame('{"jsonrpc":"2.0","id":1,"method":"hang"}'))) as RpcResponse & { error?: { data: { code: string; details?: unknown } } };
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(r.error?.data.code).toBe('TIMEOUT');
    expect(r.error?.data.details).toEqual({ timeout_ms: 30 });
    expect(seen?.aborted).toBe(true);
    expect((seen?.reason as { code?: string }).code).toBe('TIMEOUT');
    expect(d.running()).toBe(0);
    expect(await d.handle(parseFrame('{"jsonrpc":"2.0","id":1,"method":"quick"}'))).toEqual({ jsonrpc: '2.0', id: 1, result: { ok: true } });
  });

  it('without an own abort, the deadline aborts a signal of its own and leaves the outer one alone; the outer one still cancels', async () => {
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    await expect(withDeadline(20, outer.signal, (signal) => { inner = signal; return new Promise<never>(() => undefined); })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(inner?.aborted).toBe(true);
    expect(outer.signal.aborted).toBe(false);
    const cancelled = withDeadline(1000, outer.signal, (signal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    outer.abort(new Error('client went away'));
    await expect(cancelled).rejects.toThrow('client went away');
  });
});
