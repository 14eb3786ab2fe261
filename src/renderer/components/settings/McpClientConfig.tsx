import { useState } from 'react';
import { MCP_CLIENTS, type McpClientKind } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { CopyButton } from '../CopyButton.tsx';
import { ErrorBox } from '../ErrorBox.tsx';

const LABELS: Record<McpClientKind, string> = { 'claude-desktop': 'Claude Desktop', cursor: 'Cursor', vscode: 'VS Code', generic: 'Other client' };

/**
 * The MCP client configuration, exactly as `persona-mcp mcp-config` prints it (fetched from the api
 * service): pick a client and stdio or Streamable HTTP, then copy the snippet.
 */
export function McpClientConfig({ websocketUrl }: { websocketUrl: string }) {
  const [client, setClient] = useState<McpClientKind>('claude-desktop');
  const [transport, setTransport] = useState<'stdio' | 'http'>('stdio');
  const config = useApiData(() => api.mcpConfig(client, transport), [client, transport]);
  const c = config.data;
  return (
    <div data-testid="mcp-client-config">
      <h3 style={{ marginTop: 12 }}>MCP client configuration</h3>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="mcp-client">Client</label>
          <select id="mcp-client" data-testid="mcp-client" value={client} onChange={(e) => setClient(e.target.value as McpClientKind)}>
            {MCP_CLIENTS.map((k) => <option key={k} value={k}>{LABELS[k]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="mcp-transport">Transport</label>
          <select id="mcp-transport" data-testid="mcp-transport" value={transport} onChange={(e) => setTransport(e.target.value as 'stdio' | 'http')}>
            <option value="stdio">stdio</option>
            <option value="http">Streamable HTTP</option>
          </select>
        </div>
      </div>
      <ErrorBox error={config.error} onRetry={config.reload} />
      {c ? (<>
        <div className="small muted">{c.transport === 'stdio' ? 'The client starts persona-mcp itself. ' : 'The client talks to the running server. '}Paste into {c.file}. Same as <code>persona-mcp mcp-config --client {c.client}{c.transport === 'http' ? ' --http' : ''}</code>. Game clients: WebSocket <code>{websocketUrl}</code></div>
        {c.notes.map((n) => <div key={n} className="notice small">{n}</div>)}
        <pre data-testid="mcp-snippet" style={{ overflowX: 'auto' }}>{c.snippet}</pre>
        <div className="row end" style={{ marginTop: 4 }}><CopyButton text={c.snippet} label="Copy configuration" /></div>
      </>) : !config.error ? <span className="muted">Loading…</span> : null}
    </div>
  );
}
