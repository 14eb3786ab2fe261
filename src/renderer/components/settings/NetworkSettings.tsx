import { useState } from 'react';
import { replaceStoredToken } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { CopyButton } from '../CopyButton.tsx';
import { McpClientConfig } from './McpClientConfig.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { StatusBadge } from '../StatusBadge.tsx';

/** Network exposure, the access token (copy, regenerate) and the MCP client configuration snippet. */
export function NetworkSettings() {
  const net = useApiData(() => api.network(), []);
  const [reveal, setReveal] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [host, setHost] = useState<string | null>(null);
  const [origins, setOrigins] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const n = net.data;
  const regenerate = async () => {
    setConfirm(false);
    try {
      const { token } = await api.regenerateToken();
      replaceStoredToken(token); // keep this dashboard signed in when it runs beyond loopback
      net.reload();
      setNote('A new token was generated; clients using the old one must be updated.');
    } catch (err) {
      setError(err);
    }
  };
  const save = async () => {
    if (!n) return;
    try {
      await api.updateNetwork({ host: host ?? n.host, allowed_origins: (origins ?? n.allowed_origins.join('\n')).split('\n').map((s) => s.trim()).filter(Boolean) });
      setNote('Saved. Restart the services for the new binding to take effect.');
      net.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card" data-testid="network-settings">
      <h2>Network</h2>
      <ErrorBox error={net.error} onRetry={net.reload} />
      <ErrorBox error={error} />
      {note ? <div className="notice small">{note}</div> : null}
      {n ? (<>
        <div className="row" style={{ marginBottom: 8 }}>
          <StatusBadge tone={n.exposed ? 'warn' : 'ok'}>{n.exposed ? 'exposed beyond loopback' : 'loopback only'}</StatusBadge>
          <span className="small muted">MCP on port {n.mcp_port} · API on port {n.api_port}</span>
        </div>
        <div className="inline-fields">
          <div className="field"><label htmlFor="net-host">Bind address</label><input id="net-host" value={host ?? n.host} onChange={(e) => setHost(e.target.value)} /><div className="hint">0.0.0.0 exposes the services on the LAN (a token is then required)</div></div>
          <div className="field"><label htmlFor="net-origins">Allowed origins</label><textarea id="net-origins" value={origins ?? n.allowed_origins.join('\n')} onChange={(e) => setOrigins(e.target.value)} /></div>
        </div>
        <div className="row end"><button type="button" onClick={() => void save()}>Save network settings</button></div>
        <h3>Access token {n.token_required ? '(required)' : '(optional on loopback)'}</h3>
        <div className="row" data-testid="token-row">
          <code data-testid="token-value">{n.token ? (reveal ? n.token : '•'.repeat(Math.min(24, n.token.length))) : 'none'}</code>
          {n.token ? <button type="button" className="small" onClick={() => setReveal((r) => !r)}>{reveal ? 'Hide' : 'Show'}</button> : null}
          {n.token ? <CopyButton text={n.token} label="Copy token" /> : null}
          <button type="button" className="small danger" onClick={() => setConfirm(true)}>Regenerate</button>
        </div>
        <McpClientConfig websocketUrl={n.mcp_url} />
      </>) : !net.error ? <span className="muted">Loading…</span> : null}
      <ConfirmDialog open={confirm} title="Regenerate the token" confirmLabel="Regenerate" message="Every client using the current token will be disconnected until it gets the new one."
        onCancel={() => setConfirm(false)} onConfirm={() => void regenerate()} />
    </div>
  );
}
