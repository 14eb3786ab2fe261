import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseDigest } from '../../support/core-harness.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { RawClient, startMcp, type RunningMcp } from './harness.ts';

// 5,000 malformed or hostile frames over one WebSocket: each gets the right JSON-RPC error (or, for
// notifications, no reply at all), the connection survives, ping still answers and the database is
// unchanged. Frames are generated from a seeded PRNG, so a failure reproduces.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Expect = { kind: 'error'; codes: number[]; id?: unknown } | { kind: 'batch'; size: number } | { kind: 'none' };
interface Frame { data: string | Buffer; binary?: boolean; expect: Expect; /** Which generator made it (-1: the oversized ones). */ maker?: number }

let srv: RunningMcp;
beforeAll(async () => {
  srv = await startMcp({ limits: { messages_per_second: 0, burst: 0 } });
});
afterAll(() => srv.close());

const INVALID_REQUEST = -32600;
const PARSE = -32700;
const NOT_FOUND = -32601;
const PARAMS = -32602;
const TOO_LARGE = -32013;
const PERSONA_NOT_FOUND = -32000;

/** `n` hostile frames and how many generators made them. */
function frames(n: number): { list: Frame[]; makers: number } {
  const r = seededRandom(20261125);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  const str = (len: number) => Array.from({ length: len }, () => String.fromCharCode(32 + Math.floor(r() * 95))).join('');
  let id = 0;
  const req = (method: string, params?: unknown) => { id += 1; return { frame: { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }, id }; };
  const deep = (depth: number): unknown => { let v: unknown = 'x'; for (let i = 0; i < depth; i += 1) v = { a: v }; return v; };
  const makers: (() => Frame)[] = [
    () => ({ data: str(1 + Math.floor(r() * 40)).replace(/^[[{"\d\s-tfn]/, '}'), expect: { kind: 'error', codes: [PARSE], id: null } }),
    () => ({ data: JSON.stringify(req('ping').frame).slice(0, -1 - Math.floor(r() * 5)), expect: { kind: 'error', codes: [PARSE], id: null } }),
    () => ({ data: pick(['null', '42', '"text"', 'true']), expect: { kind: 'error', codes: [INVALID_REQUEST], id: null } }),
    () => { const { frame, id: i } = req('ping'); return { data: JSON.stringify({ ...frame, jsonrpc: pick(['1.0', 2, null]) }), expect: { kind: 'error', codes: [INVALID_REQUEST], id: i } }; },
    () => { id += 1; return { data: JSON.stringify({ jsonrpc: '2.0', id, method: pick([123, {}, null, ['x']]) }), expect: { kind: 'error', codes: [INVALID_REQUEST], id } }; },
    () => { const { frame, id: i } = req('persona.get'); return { data: JSON.stringify({ ...frame, params: pick([[1], 'x', 5]) }), expect: { kind: 'error', codes: [PARAMS, INVALID_REQUEST], id: i } }; },
    () => ({ data: JSON.stringify({ jsonrpc: '2.0', id: pick(['i'.repeat(200), 2 ** 60, 1.5, true, { a: 1 }, null]), method: 'ping' }), expect: { kind: 'error', codes: [INVALID_REQUEST], id: null } }),
    () => { const { frame, id: i } = req('persona.get', { persona_id: deep(200 + Math.floor(r() * 2000)) }); return { data: JSON.stringify(frame), expect: { kind: 'error', codes: [PARAMS], id: i } }; },
    () => { const { frame, id: i } = req(`no.such_${Math.floor(r() * 1e6)}`); return { data: JSON.stringify(frame), expect: { kind: 'error', codes: [NOT_FOUND], id: i } }; },
    () => ({ data: Buffer.from(str(30)), binary: true, expect: { kind: 'error', codes: [INVALID_REQUEST], id: null } }),
    () => ({ data: '[]', expect: { kind: 'error', codes: [INVALID_REQUEST], id: null } }),
    () => ({ data: JSON.stringify(Array.from({ length: 51 }, () => req('ping').frame)), expect: { kind: 'error', codes: [INVALID_REQUEST], id: null } }),
    () => { const els = [req('nope.x').frame, 7, req('persona.create', { name: 123 }).frame, req('memory.store', { persona_id: 'Aria', content: '' }).frame]; return { data: JSON.stringify(els), expect: { kind: 'batch', size: 4 } }; },
    () => {
      // Each write method with params that break its schema (so nothing may be written).
      const [method, params] = pick<[string, unknown]>([
        ['persona.create', { name: 5 }], ['persona.update', { persona_id: 'Aria', charisma: 99 }], ['memory.store', { persona_id: 'Aria', content: '' }],
        ['relationship.update', { persona1_id: 'Aria', persona2_id: 'Kira', interaction_quality: 9 }], ['visual.update', { persona_id: 'Aria', intensity: 7 }],
        ['emotional.update_state', { persona_id: 'Aria', mode: 'explode' }], ['memory.delete', { memory_id: 'not-a-uuid' }], ['state.load', { bundle: 'x' }],
      ]);
      const { frame, id: i } = req(method, params);
      return { data: JSON.stringify(frame), expect: { kind: 'error', codes: [PARAMS], id: i } };
    },
    () => { const { frame, id: i } = req(pick(['persona.delete', 'persona.get', 'memory.store']), { persona_id: `ghost-${Math.floor(r() * 1e6)}`, content: 'x' }); return { data: JSON.stringify(frame), expect: { kind: 'error', codes: [PERSONA_NOT_FOUND], id: i } }; },
    () => ({ data: JSON.stringify({ jsonrpc: '2.0', method: pick(['nope', 'persona.create', 'ping']), params: pick([{ name: 1 }, [], 'x']) }), expect: { kind: 'none' } }),
  ];
  const out: Frame[] = [];
  for (let i = 0; i < n; i += 1) {
    const maker = Math.floor(r() * makers.length);
    out.push({ ...(makers[maker] as () => Frame)(), maker });
  }
  // A few oversized frames (over the 1 MiB message limit, under the 16 MiB hard limit).
  for (let i = 0; i < 5; i += 1) {
    id += 1;
    out.splice(Math.floor(r() * out.length), 0, { data: JSON.stringify({ jsonrpc: '2.0', id, method: 'persona.create', params: { name: 'x'.repeat(1_200_000) } }), expect: { kind: 'error', codes: [TOO_LARGE], id } });
  }
  return { list: out, makers: makers.length };
}

describe('fuzzing the WebSocket endpoint', () => {
  it('answers 5,000 hostile frames correctly, keeps serving, and changes nothing', async () => {
    const before = databaseDigest(srv.core);
    const client = await RawClient.connect(srv.ws);
    const { list, makers } = frames(5000);
    // The seeded sequence exercises every generator many times (not only the frequent ones).
    for (let m = 0; m < makers; m += 1) expect(list.filter((f) => f.maker === m).length, `generator ${m}`).toBeGreaterThanOrEqual(100);
    const failures: string[] = [];
    let pingId = 0;
    for (const [i, f] of list.entries()) {
      client.send(f.data, f.binary ?? false);
      pingId += 1;
      const marker = `fuzz-ping-${pingId}`;
      // A ping after every frame: everything received before its answer belongs to the fuzz frame.
      client.send({ jsonrpc: '2.0', id: marker, method: 'ping' });
      await client.next((m) => m.id === marker, 5000);
      const got = client.messages.splice(0);
      const e = f.expect;
      if (e.kind === 'none') {
        if (got.length) failures.push(`#${i} expected no reply, got ${JSON.stringify(got).slice(0, 120)}`);
      } else if (e.kind === 'batch') {
        const arr = got[0];
        if (got.length !== 1 || !Array.isArray(arr) || arr.length !== e.size || !arr.every((x: Json) => x.error && !('result' in x))) failures.push(`#${i} batch: ${JSON.stringify(got).slice(0, 160)}`);
      } else {
        const m = got[0];
        const ok = got.length === 1 && m && m.jsonrpc === '2.0' && m.error && !('result' in m) && e.codes.includes(m.error.code)
          && typeof m.error.data?.code === 'string' && (e.id === undefined || m.id === e.id);
        if (!ok) failures.push(`#${i} ${String(f.data).slice(0, 60)} → ${JSON.stringify(got).slice(0, 160)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(client.closeCode).toBeNull();
    expect(await client.request('ping', undefined, 'after')).toMatchObject({ id: 'after', result: {} });
    await client.close();
    expect(databaseDigest(srv.core)).toBe(before);
  }, 120_000);
});

// Hostile nesting and full batches on both network transports of /mcp (REST: tests/integration/api/rest-fuzz.test.ts).
describe('deep nesting and full batches (WebSocket and Streamable HTTP /mcp)', () => {
  // Built as text: JSON.stringify itself would overflow the test's stack at 5,000 levels.
  const deep = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
  const depthFrames = (id: number) => [
    `{"jsonrpc":"2.0","id":${id},"method":"memory.store","params":{"persona_id":"Aria","content":"deep","metadata":${deep(5000)}}}`,
    `{"jsonrpc":"2.0","id":${id + 1},"method":"tools/call","params":{"name":"persona.update","arguments":{"persona_id":"Aria","extensions":${deep(5000)}}}}`,
    `{"jsonrpc":"2.0","id":${id + 2},"method":"memory.store","params":{"persona_id":"Aria","content":"deep","metadata":${deep(80)}}}`,
  ];
  const fullBatch = () => Array.from({ length: 50 }, (_, i) => ({ jsonrpc: '2.0', id: `b${i}`, method: 'persona.list', params: {} }));
  const expectDepthError = (reply: Json, id: number) => {
    expect(reply).toMatchObject({ id, error: { code: PARAMS, data: { code: 'INVALID_PARAMS', details: { reason: 'depth', max_depth: 64 } } } });
    expect(reply.error.message).toContain('64 levels');
  };
  const expectFullBatch = (replies: Json[]) => {
    expect(replies).toHaveLength(50);
    expect(replies.filter((r) => r.error)).toEqual([]);
    expect(replies.every((r) => r.result?.total_count === 2)).toBe(true);
  };

  it('WebSocket: nesting beyond 64 levels is INVALID_PARAMS naming the limit, a batch of 50 runs whole', async () => {
    const before = databaseDigest(srv.core);
    const c = await RawClient.connect(srv.ws);
    for (const [i, frame] of depthFrames(9000).entries()) {
      c.send(frame);
      expectDepthError(await c.next((m) => m.id === 9000 + i, 5000), 9000 + i);
    }
    c.send(fullBatch());
    expectFullBatch((await c.next((m) => Array.isArray(m), 10_000)) as unknown as Json[]);
    expect(c.closeCode).toBeNull();
    await c.close();
    expect(databaseDigest(srv.core)).toBe(before);
  });

  it('Streamable HTTP: the same answers on /mcp', async () => {
    const before = databaseDigest(srv.core);
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(`${srv.base}/mcp`, { method: 'POST', headers, body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}' });
    const s = { ...headers, 'mcp-session-id': init.headers.get('mcp-session-id') ?? '' };
    const post = async (body: unknown) => {
      const res = await fetch(`${srv.base}/mcp`, { method: 'POST', headers: s, body: typeof body === 'string' ? body : JSON.stringify(body) });
      expect(res.status).toBe(200);
      return (await res.json()) as Json;
    };
    for (const [i, frame] of depthFrames(9100).entries()) expectDepthError(await post(frame), 9100 + i);
    expectFullBatch((await post(fullBatch())) as unknown as Json[]);
    expect(databaseDigest(srv.core)).toBe(before);
  });
});
