import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { OPERATION_TABLE } from '../../../src/core/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const ENTRY = fileURLToPath(new URL('../../../src/services/mcp/entry.ts', import.meta.url));
const temp = makeTempDir('persona-mcp-stdio-');
let client: Client;
let stderr = '';

beforeAll(async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, '--stdio', '--data-dir', temp.dir, '--toolsets', 'all'],
    env: { PATH: process.env.PATH ?? '', PERSONA_MCP_LOG_LEVEL: 'info', PERSONA_MCP_LLM_PROVIDER: 'offline' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d: Buffer) => { stderr += String(d); });
  client = new Client({ name: 'stdio-it', version: '1.0.0' });
  await client.connect(transport);
});
afterAll(async () => {
  await client.close();
  temp.cleanup();
});

describe('MCP over stdio (node src/services/mcp/entry.ts --stdio)', () => {
  it('initializes, lists tools and calls persona.list', async () => {
    expect(client.getServerVersion()?.name).toBe('persona-mcp');
    const { tools } = await client.listTools();
    // --toolsets all: every tool operation, and toolsets.enable.
    expect(tools.map((t) => t.name).sort()).toEqual([...OPERATION_TABLE.operations.filter((o) => o.tool).map((o) => o.name), 'toolsets.enable'].sort());
    const result = await client.callTool({ name: 'persona.list', arguments: { query: 'ari' } });
    expect(result.structuredContent).toMatchObject({ total_count: 1, personas: [{ name: 'Aria' }] });
  });

  it('keeps stdout for protocol traffic and logs on stderr', async () => {
    await client.ping();
    expect(stderr).toContain('"module":"seed"');
  });
});
