// The inputs of the MCP client snippets taken from this process: which Node runs it, where
// bin/persona-mcp.js is, the absolute data dir and the mcp service's HTTP address.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig, McpClientConfig, McpClientKind } from '../../shared/index.ts';
import { dialHost } from '../net/index.ts';
import { buildMcpClientConfig } from './mcp-client-config.model.ts';

const BIN = fileURLToPath(new URL('../../../bin/persona-mcp.js', import.meta.url));
// The one Node requirement of every entry point (CommonJS on purpose, see the file).
const { nodeProblem } = createRequire(import.meta.url)('../../../bin/node-check.cjs') as { nodeProblem(version: string): string | null };

/** The snippet for `client` over `transport`, for a server run with `config` by this process's Node. */
export function localMcpClientConfig(config: AppConfig, client: McpClientKind, transport: 'stdio' | 'http', token: string | null): McpClientConfig {
  return buildMcpClientConfig({
    client, transport, token,
    nodePath: process.execPath,
    electron: process.versions.electron !== undefined,
    nodeProblem: nodeProblem(process.versions.node),
    binPath: BIN,
    dataDir: resolve(config.data_dir),
    httpUrl: `http://${dialHost(config.server.host)}:${config.server.mcp_port}/mcp`,
  });
}
