import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { OPERATION_TABLE } from '../../../src/core/index.ts';
import { RawClient, startMcp, type RunningMcp } from './harness.ts';

let mcp: RunningMcp;
let client: Client;
let transport: StreamableHTTPClientTransport;
beforeAll(async () => {
  mcp = await startMcp();
  client = new Client({ name: 'it-client', version: '1.0.0' });
  transport = new StreamableHTTPClientTransport(new URL(`${mcp.base}/mcp?toolsets=all`));
  await client.connect(transport);
});
afterAll(async () => {
  await client.close();
  await mcp.close();
});

const json = (text: string) => JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('MCP over Streamable HTTP with the official SDK client', () => {
  it('initializes with a session and the server identity', () => {
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.getServerVersion()).toMatchObject({ name: 'persona-mcp', title: 'Persona-MCP' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, prompts: { listChanged: true } });
    expect(client.getInstructions()).toContain('persona.switch');
  });

  it('lists every tool operation with ?toolsets=all', async () => {
    const { tools } = await client.listTools();
    const expected = [...OPERATION_TABLE.operations.filter((o) => o.tool).map((o) => o.name), 'toolsets.enable'];
    expect(tools.map((t) => t.name).sort()).toEqual([...expected].sort());
    expect(tools.find((t) => t.name === 'persona.delete')?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
  });

  it('calls persona.list as a tool (structured content validated by the SDK)', async () => {
    const result = await client.callTool({ name: 'persona.list', arguments: {} });
    expect(result.isError).toBe(false);
    const structured = result.structuredContent as { personas: { name: string }[]; total_count: number };
    expect(structured.total_count).toBe(2);
    expect(json((result.content as { text: string }[])[0]?.text ?? '{}')).toEqual(structured);
  });

  it('turns domain and argument errors into isError results callTool returns', async () => {
    // No structuredContent on errors: the SDK (1.32) checks it against the output schema even then.
    const missing = await client.callTool({ name: 'persona.get', arguments: { persona_id: 'Nobody' } });
    expect(missing.isError).toBe(true);
    expect(missing.structuredContent).toBeUndefined();
    expect(json((missing.content as { text: string }[])[0]?.text ?? '{}')).toMatchObject({ error: { code: 'PERSONA_NOT_FOUND' } });
    const invalid = await client.request({ method: 'tools/call', params: { name: 'persona.list', arguments: { limit: 0 } } }, CallToolResultSchema);
    expect(invalid.isError).toBe(true);
    expect(json((invalid.content[0] as { text: string }).text)).toMatchObject({ error: { code: 'INVALID_PARAMS', issues: [{ path: ['limit'] }] } });
    await expect(client.callTool({ name: 'persona.chat_stream', arguments: {} })).rejects.toMatchObject({ code: -32602 });
  });

  it('lists and reads persona resources; unknown URIs are RESOURCE_NOT_FOUND', async () => {
    const { resources } = await client.listResources();
    expect(resources).toHaveLength(4);
    const aria = resources.find((r) => r.name === 'aria' && !r.uri.endsWith('/memories'));
    expect(aria).toMatchObject({ title: 'Aria', mimeType: 'application/json' });
    const read = await client.readResource({ uri: aria?.uri ?? '' });
    const doc = json((read.contents[0] as { text: string }).text);
    // A Character Card V3 once persona.export is in the table; the persona view before that.
    if (OPERATION_TABLE.get('persona.export')) expect(doc).toMatchObject({ spec: 'chara_card_v3', data: { name: 'Aria' } });
    else expect(doc).toMatchObject({ name: 'Aria' });
    const mem = await client.readResource({ uri: 'persona://Aria/memories' });
    expect(json((mem.contents[0] as { text: string }).text)).toMatchObject({ persona_id: aria?.uri.slice('persona://'.length), memories: expect.any(Array), total: expect.any(Number) });
    await expect(client.readResource({ uri: 'persona://Nobody' })).rejects.toMatchObject({ code: -32002 });
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['persona://{id}', 'persona://{id}/memories']);
  });

  it('builds roleplay prompts', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['roleplay', 'roleplay-aria', 'roleplay-kira']));
    const fixed = await client.getPrompt({ name: 'roleplay-aria', arguments: { participant_name: 'Bob' } });
    expect(fixed.messages[0]?.role).toBe('user');
    expect((fixed.messages[0]?.content as { text: string }).text).toContain('Aria');
    expect((fixed.messages[0]?.content as { text: string }).text).toContain('Bob');
    const withMessage = await client.getPrompt({ name: 'roleplay', arguments: { persona: 'kira', message: 'Hello there' } });
    expect(withMessage.messages.at(-1)).toEqual({ role: 'user', content: { type: 'text', text: 'Hello there' } });
    await expect(client.getPrompt({ name: 'roleplay', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    await expect(client.getPrompt({ name: 'roleplay-nobody' })).rejects.toMatchObject({ code: -32602 });
  });

  it('sends list_changed on the GET stream after a persona is created elsewhere', async () => {
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve()));
    const other = await RawClient.connect(mcp.ws);
    expect((await other.request('persona.create', { name: 'Brom', description: 'A smith.' }, 1)).result.created).toBe(true);
    await changed;
    expect((await client.listResources()).resources).toHaveLength(6);
    await other.close();
  });
});

describe('Streamable HTTP rules', () => {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2099-01-01', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  const post = (body: string, extra: Record<string, string> = {}) => fetch(`${mcp.base}/mcp`, { method: 'POST', headers: { ...headers, ...extra }, body });

  it('checks Accept, Content-Type and the session header', async () => {
    expect((await post(init, { accept: 'application/json' })).status).toBe(406);
    expect((await post(init, { 'content-type': 'text/plain' })).status).toBe(415);
    const noSession = await post('{"jsonrpc":"2.0","id":2,"method":"ping"}');
    expect(noSession.status).toBe(400);
    expect(await noSession.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
    expect((await post('{"jsonrpc":"2.0","id":2,"method":"ping"}', { 'mcp-session-id': 'nope' })).status).toBe(404);
    expect((await post('{"jsonrpc":', {})).status).toBe(400);
  });

  it('runs a session: newest revision for unknown ones, 202 for notifications, JSON for requests, DELETE ends it', async () => {
    const res = await post(init);
    expect(res.status).toBe(200);
    const sid = res.headers.get('mcp-session-id') ?? '';
    expect((await res.json() as { result: { protocolVersion: string } }).result.protocolVersion).toBe('2025-11-25');
    const s = { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' };
    const note = await post('{"jsonrpc":"2.0","method":"notifications/initialized"}', s);
    expect(note.status).toBe(202);
    expect(await note.text()).toBe('');
    const batch = await post('[{"jsonrpc":"2.0","id":"a","method":"ping"},{"jsonrpc":"2.0","id":"b","method":"persona.get","params":{"persona_id":"aria"}}]', s);
    expect(batch.headers.get('content-type')).toBe('application/json');
    expect((await batch.json() as { id: string }[]).map((r) => r.id).sort()).toEqual(['a', 'b']);
    expect((await post('{"jsonrpc":"2.0","id":3,"method":"ping"}', { ...s, 'mcp-protocol-version': '1999-01-01' })).status).toBe(400);
    expect((await fetch(`${mcp.base}/mcp`, { method: 'DELETE', headers: s })).status).toBe(204);
    expect((await post('{"jsonrpc":"2.0","id":4,"method":"ping"}', s)).status).toBe(404);
  });
});
