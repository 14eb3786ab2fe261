// The MCP client configuration snippets `persona-mcp mcp-config` prints and the dashboard shows
// (GET /api/settings/mcp-config): the same pure function behind both, so they cannot differ.
// Each snippet works when pasted: absolute paths of the Node that runs persona-mcp and of
// bin/persona-mcp.js, the absolute data dir, and for HTTP the URL and the token header.
import type { McpClientConfig, McpClientKind } from '../../shared/index.ts';

/** What the snippet is built from: the running process and the server's settings. */
export interface McpClientConfigInput {
  client: McpClientKind;
  transport: 'stdio' | 'http';
  /** Absolute path of the running Node (or Electron, which then runs as Node). */
  nodePath: string;
  /** Set when `nodePath` is Electron: the snippet adds ELECTRON_RUN_AS_NODE=1. */
  electron: boolean;
  /** Null when the running Node can run persona-mcp, else why not (bin/node-check.cjs). */
  nodeProblem: string | null;
  /** Absolute path of bin/persona-mcp.js. */
  binPath: string;
  /** Absolute data dir. */
  dataDir: string;
  /** `http://host:port/mcp` of the mcp service. */
  httpUrl: string;
  /** The token for HTTP clients (the install token), or null when none exists yet. */
  token: string | null;
}

const FILES: Record<McpClientKind, string> = {
  'claude-desktop': 'claude_desktop_config.json (Claude Desktop → Settings → Developer → Edit Config)',
  cursor: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
  vscode: '.vscode/mcp.json in your workspace (or the user-level mcp.json)',
  generic: "your client's MCP server settings",
};

const NAME = 'persona-mcp';

/** Builds the snippet for one client and transport. */
export function buildMcpClientConfig(input: McpClientConfigInput): McpClientConfig {
  const notes: string[] = [];
  if (input.nodeProblem) notes.push(input.nodeProblem);
  const headers: Record<string, string> = input.token ? { Authorization: `Bearer ${input.token}` } : {};
  if (input.transport === 'http' && !input.token) notes.push('No access token exists yet: start the server once (or open the dashboard) to create one; loopback clients need none unless auth.require_on_loopback is set.');
  if (input.transport === 'stdio') {
    const command = {
      command: input.nodePath,
      args: [input.binPath, 'mcp', '--stdio', '--data-dir', input.dataDir],
      env: (input.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) as Record<string, string>,
    };
    const server = { command: command.command, args: command.args, ...(input.electron ? { env: command.env } : {}) };
    const body = input.client === 'vscode' ? { servers: { [NAME]: { type: 'stdio', ...server } } }
      : input.client === 'generic' ? server
        : { mcpServers: { [NAME]: server } };
    return { client: input.client, transport: 'stdio', file: FILES[input.client], snippet: JSON.stringify(body, null, 2), command, notes };
  }
  let body: unknown;
  if (input.client === 'claude-desktop') {
    // Claude Desktop's config file launches commands only; mcp-remote bridges stdio to Streamable HTTP.
    const header = input.token ? ['--header', `Authorization: Bearer ${input.token}`] : [];
    body = { mcpServers: { [NAME]: { command: 'npx', args: ['-y', 'mcp-remote', input.httpUrl, ...header] } } };
    notes.push('Claude Desktop reaches HTTP servers through the mcp-remote bridge (npx downloads it); the stdio snippet needs nothing extra.');
  } else if (input.client === 'vscode') body = { servers: { [NAME]: { type: 'http', url: input.httpUrl, headers } } };
  else if (input.client === 'cursor') body = { mcpServers: { [NAME]: { url: input.httpUrl, headers } } };
  else body = { url: input.httpUrl, headers };
  return { client: input.client, transport: 'http', file: FILES[input.client], snippet: JSON.stringify(body, null, 2), command: null, notes };
}
