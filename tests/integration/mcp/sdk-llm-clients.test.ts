// What an LLM-driven MCP client sees, with the official SDK client over stdio (a real child process)
// and Streamable HTTP (a real service): the default toolset's size, toolsets.enable with
// notifications/tools/list_changed, lists filtered by the token's scopes, and the four tool errors a
// model must be able to read (not found, invalid params, forbidden, rate limited) returned by
// callTool instead of thrown.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { AppConfigSchema } from '../../../src/shared/index.ts';
import { createCore } from '../../../src/core/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { startMcp, type RunningMcp } from './harness.ts';

const ENTRY = fileURLToPath(new URL('../../../src/services/mcp/entry.ts', import.meta.url));
const WRITE_TOOLS = ['memory.store', 'persona.switch', 'persona.chat'];

interface Clients { full: Client; reader: Client; memory: Client; close(): Promise<void> }

/** Tool error as the model reads it: the JSON in the first text block. */
function errorOf(result: Awaited<ReturnType<Client['callTool']>>): { code: string; message: string; details?: Record<string, unknown>; retry_after_ms?: number } {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  const text = (result.content as { type: string; text: string }[])[0]?.text ?? '';
  return (JSON.parse(text) as { error: ReturnType<typeof errorOf> }).error;
}

async function stdioClients(): Promise<Clients> {
  const temp = makeTempDir('persona-mcp-llm-stdio-');
  // Issue a read-only token in the data dir first, as the dashboard or the API would.
  const core = await createCore({ config: AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' } }), migrate: true });
  const { token } = await core.tokens.issue('desktop reader', ['read']);
  await core.close();
  const env = { PATH: process.env.PATH ?? '', PERSONA_MCP_LOG_LEVEL: 'warn', PERSONA_MCP_LLM_PROVIDER: 'offline', PERSONA_MCP_LIMITS__LLM_CALLS_PER_MINUTE: '1' };
  const connect = async (extraArgs: string[], extraEnv: Record<string, string> = {}) => {
    const client = new Client({ name: 'llm-client', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [ENTRY, '--stdio', '--data-dir', temp.dir, ...extraArgs], env: { ...env, ...extraEnv }, stderr: 'ignore' }));
    return client;
  };
  const [full, reader, memory] = await Promise.all([connect([]), connect([], { PERSONA_MCP_MCP_TOKEN: token }), connect(['--toolsets', 'memory'])]);
  return {
    full, reader, memory,
    async close() {
      await Promise.all([full.close(), reader.close(), memory.close()]);
      temp.cleanup();
    },
  };
}

async function httpClients(): Promise<Clients & { mcp: RunningMcp }> {
  const mcp = await startMcp({ limits: { llm_calls_per_minute: 1 } });
  const { token } = await mcp.core.tokens.issue('web reader', ['read']);
  const connect = async (url: string, headers: Record<string, string> = {}) => {
    const client = new Client({ name: 'llm-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    return client;
  };
  const full = await connect(`${mcp.base}/mcp`);
  const reader = await connect(`${mcp.base}/mcp`, { Authorization: `Bearer ${token}` });
  const memory = await connect(`${mcp.base}/mcp`, { 'MCP-Toolsets': 'memory' });
  return {
    mcp, full, reader, memory,
    async close() {
      await Promise.all([full.close(), reader.close(), memory.close()]);
      await mcp.close();
    },
  };
}

describe.each([['stdio', stdioClients], ['Streamable HTTP', httpClients]] as const)('an LLM client over %s (official SDK client)', (_name, open) => {
  let c: Clients;
  beforeAll(async () => { c = await open(); }, 60_000);
  afterAll(async () => c.close());

  it('lists the chat toolset by default: at most 15 tools in at most 24 KB, toolsets.enable among them', async () => {
    const { tools } = await c.full.listTools();
    expect(tools.length).toBeLessThanOrEqual(15);
    expect(Buffer.byteLength(JSON.stringify({ tools }))).toBeLessThanOrEqual(24 * 1024);
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['persona.list', 'persona.chat', 'memory.search', 'toolsets.enable']));
    expect(tools.map((t) => t.name)).not.toContain('persona.delete');
    for (const t of tools) expect(t.inputSchema).toMatchObject({ type: 'object' });
  });

  it('honours the client\'s choice of toolsets (--toolsets over stdio, MCP-Toolsets on HTTP)', async () => {
    const names = (await c.memory.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['memory.prune', 'memory.config_get', 'toolsets.enable']));
    expect(names).not.toContain('persona.chat');
  });

  it('toolsets.enable adds tools and sends notifications/tools/list_changed', async () => {
    const changed = new Promise<void>((resolve) => c.full.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    const before = (await c.full.listTools()).tools.length;
    const result = await c.full.callTool({ name: 'toolsets.enable', arguments: { toolsets: ['admin'] } });
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ added: ['admin'], enabled: ['chat', 'admin'] });
    await changed;
    const after = (await c.full.listTools()).tools.map((t) => t.name);
    expect(after.length).toBeGreaterThan(before);
    expect(after).toContain('persona.delete');
    expect(errorOf(await c.full.callTool({ name: 'toolsets.enable', arguments: { toolsets: ['everything'] } })).code).toBe('INVALID_PARAMS');
  });

  it('lists only the tools the token\'s scopes allow', async () => {
    const names = (await c.reader.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['persona.list', 'memory.search']));
    for (const w of WRITE_TOOLS) expect(names).not.toContain(w);
    await c.reader.callTool({ name: 'toolsets.enable', arguments: { toolsets: ['all'] } });
    const all = (await c.reader.listTools()).tools.map((t) => t.name);
    expect(all).not.toContain('persona.delete');
    expect(all).toContain('memory.prune_stats');
  });

  it('returns not-found, invalid-params, forbidden and rate-limited as readable tool errors', async () => {
    const missing = errorOf(await c.full.callTool({ name: 'persona.get', arguments: { persona_id: 'Nobody' } }));
    expect(missing).toMatchObject({ code: 'PERSONA_NOT_FOUND', message: expect.stringContaining('Nobody') });
    const invalid = errorOf(await c.full.callTool({ name: 'persona.list', arguments: { limit: 0 } }));
    expect(invalid).toMatchObject({ code: 'INVALID_PARAMS', issues: [expect.objectContaining({ path: ['limit'] })] });
    const forbidden = errorOf(await c.reader.callTool({ name: 'memory.store', arguments: { persona_id: 'Aria', content: 'The reader writes.' } }));
    expect(forbidden).toMatchObject({ code: 'FORBIDDEN', details: { required_scope: 'write' } });
    const chat = { persona_id: 'Aria', message: 'Hello there', participant: { id: 'p-llm', display_name: 'Lee' } };
    const first = await c.full.callTool({ name: 'persona.chat', arguments: chat });
    expect(first.isError).toBe(false);
    const limited = errorOf(await c.full.callTool({ name: 'persona.chat', arguments: chat }));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retry_after_ms: expect.any(Number) });
  });
});
