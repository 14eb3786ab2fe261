// The configured toolsets per transport (mcp.toolsets.stdio, mcp.toolsets.http, mcp.toolsets.websocket)
// and the per-client choice on /mcp (?toolsets= or MCP-Toolsets at initialize / upgrade). The
// WebSocket JSON-RPC surface keeps every method whatever its tools/list shows.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolsetCatalogue } from '../../../src/services/mcp/toolsets.ts';
import { runStdio } from '../../../src/services/mcp/stdio-transport.ts';
import { OPERATION_TABLE } from '../../../src/core/index.ts';
import { createTestCore } from '../../support/core-harness.ts';
import { RawClient, startMcp, type RunningMcp } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const catalogue = toolsetCatalogue(OPERATION_TABLE);
const names = (reply: Json) => (reply.result.tools as { name: string }[]).map((t) => t.name).filter((n) => n !== 'toolsets.enable').sort();
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INIT = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}';

let mcp: RunningMcp;
beforeAll(async () => {
  mcp = await startMcp({ mcp: { toolsets: { http: ['memory'], websocket: ['conversations'] } } });
});
afterAll(() => mcp.close());

async function httpList(query = '', headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const init = await fetch(`${mcp.base}/mcp${query}`, { method: 'POST', headers: { ...HEADERS, ...headers }, body: INIT });
  if (init.status !== 200) return { status: init.status, body: (await init.json()) as Json };
  const s = { ...HEADERS, 'mcp-session-id': init.headers.get('mcp-session-id') ?? '' };
  const res = await fetch(`${mcp.base}/mcp`, { method: 'POST', headers: s, body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('toolsets per transport and per client', () => {
  it('mcp.toolsets.http is what an HTTP session lists unless its initialize names others', async () => {
    expect(names((await httpList()).body)).toEqual([...catalogue.memory].sort());
    expect(names((await httpList('?toolsets=relationships,admin')).body)).toEqual([...new Set([...catalogue.relationships, ...catalogue.admin])].sort());
    expect(names((await httpList('', { 'MCP-Toolsets': 'chat' })).body)).toEqual([...catalogue.chat].sort());
    const bad = await httpList('?toolsets=chat,bogus');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { data: { code: 'INVALID_PARAMS', details: { unknown: ['bogus'] } } } });
  });

  it('mcp.toolsets.websocket is what a WebSocket lists; every method stays callable by name', async () => {
    const c = await RawClient.connect(mcp.ws);
    expect(names(await c.request('tools/list', {}, 1))).toEqual([...catalogue.conversations].sort());
    // Not in its tools/list, still a JSON-RPC method and a callable tool for game clients.
    expect((await c.request('persona.get', { persona_id: 'Aria' }, 2)).result.persona.name).toBe('Aria');
    expect((await c.request('tools/call', { name: 'memory.stats', arguments: { persona_id: 'Aria' } }, 3)).result.isError).toBe(false);
    await c.close();
    const chosen = await RawClient.connect(`${mcp.ws}?toolsets=all`);
    expect(names(await chosen.request('tools/list', {}, 1))).toEqual([...catalogue.all].sort());
    await chosen.close();
    await expect(RawClient.connect(`${mcp.ws}?toolsets=bogus`)).rejects.toThrow(/400/);
  });

  it('mcp.toolsets.stdio is what a stdio session lists', async () => {
    const t = await createTestCore({ config: { mcp: { toolsets: { stdio: ['relationships'] } } } });
    const input = new PassThrough();
    const output = new PassThrough();
    const session = runStdio(t.core, input, output);
    const reply = new Promise<Json>((resolve) => output.once('data', (d: Buffer) => resolve(JSON.parse(String(d)) as Json)));
    input.write('{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n');
    expect(names(await reply)).toEqual([...catalogue.relationships].sort());
    input.end();
    await session.done;
    await t.close();
  });
});
