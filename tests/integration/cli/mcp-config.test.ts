// `persona-mcp mcp-config` prints snippets that work when pasted: the printed stdio command is run
// as a desktop client would (the official SDK client, nothing of ours in between) and lists tools;
// the HTTP snippet's URL and token reach a running mcp service; the api serves the same snippet.
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { makeTempDir } from '../../support/temp-dir.ts';
import { startMcp } from '../mcp/harness.ts';
import { injectApi } from '../api/api-harness.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/persona-mcp.js', import.meta.url));
const temp = makeTempDir('persona-mcp-config-');
afterAll(() => temp.cleanup());
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const mcpConfig = async (...args: string[]) => {
  const { stdout, stderr } = await run(process.execPath, [BIN, 'mcp-config', ...args], { timeout: 30_000, env: { ...process.env, PERSONA_MCP_LOG_LEVEL: 'warn' } });
  return { snippet: JSON.parse(stdout) as Json, stderr };
};

describe('persona-mcp mcp-config', () => {
  it('prints a Claude Desktop stdio snippet whose command the official SDK client can launch and list tools with', async () => {
    const { snippet, stderr } = await mcpConfig('--client', 'claude-desktop', '--data-dir', temp.dir);
    const server = snippet.mcpServers['persona-mcp'] as { command: string; args: string[] };
    expect(server.command).toBe(process.execPath);
    expect(server.command.startsWith('/')).toBe(true);
    expect(server.args).toEqual([realpathSync(BIN), 'mcp', '--stdio', '--data-dir', realpathSync(temp.dir)]);
    expect(stderr).toContain('claude_desktop_config.json');
    // Exactly what the client runs: the printed command and args, with a client's bare environment.
    const client = new Client({ name: 'pasted-config', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: server.command, args: server.args, env: { PERSONA_MCP_LLM_PROVIDER: 'offline' }, stderr: 'ignore' }));
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['persona.chat', 'persona.list', 'toolsets.enable']));
      const chat = await client.callTool({ name: 'persona.chat', arguments: { persona_id: 'Aria', message: 'Hello from a pasted config' } });
      expect(chat.isError).toBe(false);
      expect(chat.structuredContent).toMatchObject({ persona_name: 'Aria', response: expect.any(String) });
    } finally {
      await client.close();
    }
  }, 60_000);

  it('prints per-client formats; an unknown client exits 1 with INVALID_PARAMS', async () => {
    expect((await mcpConfig('--client', 'vscode', '--data-dir', temp.dir)).snippet.servers['persona-mcp']).toMatchObject({ type: 'stdio', command: process.execPath });
    expect((await mcpConfig('--client', 'cursor', '--data-dir', temp.dir)).snippet.mcpServers['persona-mcp']).toMatchObject({ command: process.execPath });
    expect((await mcpConfig('--client', 'generic', '--data-dir', temp.dir)).snippet).toMatchObject({ command: process.execPath, args: expect.arrayContaining(['--stdio']) });
    const err = (await mcpConfig('--client', 'emacs', '--data-dir', temp.dir).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('INVALID_PARAMS');
  });

  it('--http prints the URL and a token header that a running mcp service accepts', async () => {
    const mcp = await startMcp({ auth: { require_on_loopback: true } });
    try {
      const { snippet } = await mcpConfig('--client', 'cursor', '--http', '--data-dir', mcp.dataDir, '--mcp-port', String(mcp.port));
      const server = snippet.mcpServers['persona-mcp'] as { url: string; headers: Record<string, string> };
      expect(server.url).toBe(`${mcp.base}/mcp`);
      expect(server.headers.Authorization).toMatch(/^Bearer pm_/);
      const client = new Client({ name: 'pasted-http', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: server.headers } }));
      expect((await client.listTools()).tools.length).toBeGreaterThan(3);
      await client.close();
      const anonymous = new Client({ name: 'no-token', version: '1.0.0' });
      await expect(anonymous.connect(new StreamableHTTPClientTransport(new URL(server.url)))).rejects.toThrow();
    } finally {
      await mcp.close();
    }
  }, 60_000);

  it('the api serves the same snippet (the dashboard\'s Settings → MCP)', async () => {
    const api = await injectApi();
    try {
      const res = await api.app.inject({ method: 'GET', url: '/api/settings/mcp-config?client=claude-desktop&transport=stdio' });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { snippet: string; command: { command: string; args: string[] } };
      const { snippet } = await mcpConfig('--client', 'claude-desktop', '--data-dir', api.core.config.data_dir);
      expect(JSON.parse(body.snippet)).toEqual(snippet);
      const bad = await api.app.inject({ method: 'GET', url: '/api/settings/mcp-config?client=emacs' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'INVALID_PARAMS' } });
    } finally {
      await api.close();
    }
  }, 60_000);
});
