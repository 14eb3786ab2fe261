import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import { isApiError } from '../api/api-error.ts';
import { useApiData } from '../hooks/useApiData.ts';
import { useEventTick } from '../hooks/useEvents.ts';
import { usePoll } from '../hooks/usePoll.ts';
import { href } from '../hooks/useRoute.ts';
import { ActivityFeed } from '../components/ActivityFeed.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { StatusBadge, stateTone } from '../components/StatusBadge.tsx';
import { formatDuration } from '../format.ts';

/** Overview: service health, LLM status, MCP clients, running bots and recent activity (history, then live). */
export function OverviewPage() {
  const [refresh, setRefresh] = useState(0);
  const tick = useEventTick(['service.status', 'bot.status', 'persona.created', 'persona.deleted']);
  const poll = usePoll(10_000); // connections and uptime change without events
  const health = useApiData(() => api.health(), [tick, poll]);
  const status = useApiData(() => api.systemStatus(), [tick]);
  const h = health.data;
  // Bot status comes from the host; without one there is nothing to ask (the card says why).
  const hostAttached = h?.host_attached ?? null;
  const bots = useApiData(() => (hostAttached ? api.bots() : Promise.resolve(null)), [tick, hostAttached]);
  const running = bots.data?.bots.filter((b) => b.state === 'running').length ?? 0;
  return (
    <section>
      <div className="page-head"><h1>Overview</h1><span className="spacer" /><button type="button" onClick={() => { health.reload(); status.reload(); bots.reload(); setRefresh((r) => r + 1); }}>Refresh</button></div>
      <ErrorBox error={health.error} title="The PersonaAPI did not answer" onRetry={health.reload} />
      <div className="grid" data-testid="overview-cards">
        <div className="card" data-testid="card-service">
          <h3>Service</h3>
          {h ? (<>
            <div className="row"><StatusBadge tone="ok">API ok</StatusBadge>
              <StatusBadge tone={stateTone(h.services.mcp.status)} testId="mcp-status">{`MCP ${h.services.mcp.status}`}</StatusBadge></div>
            <dl className="kv small"><dt>Version</dt><dd>{h.version}</dd><dt>Uptime</dt><dd>{formatDuration(h.uptime_s * 1000)}</dd>
              <dt>Host</dt><dd>{h.host_attached ? 'attached' : 'standalone (no bot control)'}</dd></dl>
          </>) : <span className="muted">Loading…</span>}
        </div>
        <div className="card" data-testid="card-llm">
          <h3>LLM</h3>
          {h ? (<>
            <div className="row"><StatusBadge tone={h.llm.ok ? 'ok' : 'bad'} testId="llm-status">{h.llm.ok ? 'reachable' : 'unreachable'}</StatusBadge><strong>{h.llm.provider}</strong></div>
            <div className="small">Model: <code>{h.llm.model ?? '—'}</code></div>
            {h.llm.error ? <div className="small field-error">{h.llm.error}</div> : null}
          </>) : <span className="muted">Loading…</span>}
        </div>
        <div className="card" data-testid="card-mcp">
          <h3>MCP clients</h3>
          <div className="stat" data-testid="mcp-connections">{h?.services.mcp.connections ?? '—'}</div>
          <div className="small muted">{h?.services.mcp.url ?? 'MCP service not reported'}</div>
        </div>
        <div className="card" data-testid="card-personas">
          <h3>Personas</h3>
          <div className="stat" data-testid="persona-count">{status.data?.total_personas ?? '—'}</div>
          <div className="small muted">{status.data ? `${status.data.available_personas} available · ${status.data.open_sessions} open sessions` : ''} · <a href={href('personas')}>manage</a></div>
        </div>
        <div className="card" data-testid="card-bots">
          <h3>Bots</h3>
          {hostAttached === false || isApiError(bots.error, 'HOST_NOT_ATTACHED')
            ? <div className="small muted" data-testid="bots-need-host">Bot control needs the host (<code>persona-mcp --server</code> or the desktop app).</div>
            : <><div className="stat">{bots.data ? `${running} / ${bots.data.bots.length}` : '—'}</div><div className="small muted">running · <a href={href('bots')}>manage</a></div></>}
        </div>
      </div>
      <div className="card" style={{ marginTop: 12 }}>
        <h2>Recent activity</h2>
        <ActivityFeed refresh={refresh} />
      </div>
    </section>
  );
}
