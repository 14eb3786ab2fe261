import { useEffect, useState } from 'react';
import type { BotStatus } from '../../shared/index.ts';
import { api } from '../api/endpoints.ts';
import { isApiError } from '../api/api-error.ts';
import { useApiData } from '../hooks/useApiData.ts';
import { useEvents } from '../hooks/useEvents.ts';
import { BotConfigForm } from '../components/bots/BotConfigForm.tsx';
import { BotLogTail } from '../components/bots/BotLogTail.tsx';
import { BotRow } from '../components/bots/BotRow.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';

/** Bots: per persona start/stop/restart with status, uptime and restarts, the live log tail and the configuration form. */
export function BotsPage() {
  const personas = useApiData(() => api.listPersonas(), []);
  const bots = useApiData(() => api.bots(), []);
  const [statuses, setStatuses] = useState<Record<string, BotStatus>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const noHost = isApiError(bots.error, 'HOST_NOT_ATTACHED');
  useEffect(() => {
    if (bots.data) setStatuses(Object.fromEntries(bots.data.bots.map((b) => [b.persona_id, b])));
  }, [bots.data]);
  useEvents((ev) => {
    const s = ev.data as BotStatus;
    setStatuses((all) => ({ ...all, [s.persona_id]: s }));
  }, ['bot.status']);
  const config = useApiData(() => (selected ? api.botConfig(selected) : Promise.resolve({ config: null })), [selected]);
  const act = async (key: string, fn: () => Promise<unknown>) => {
    setBusy(key);
    setActionError(null);
    try {
      await fn();
      bots.reload();
    } catch (err) {
      // A persona without a bot configuration: open its form instead of only reporting the error.
      if (isApiError(err, 'BOT_NOT_CONFIGURED') && key !== 'all') setSelected(key);
      setActionError(err);
      bots.reload();
    } finally {
      setBusy(null);
    }
  };
  const list = personas.data?.personas ?? [];
  const sel = list.find((p) => p.id === selected);
  return (
    <section>
      <div className="page-head">
        <h1>Bots</h1><span className="spacer" />
        <button type="button" disabled={noHost || busy !== null} onClick={() => void act('all', () => api.botsAll('start-all'))}>Start all</button>
        <button type="button" disabled={noHost || busy !== null} onClick={() => void act('all', () => api.botsAll('stop-all'))}>Stop all</button>
      </div>
      {noHost ? (
        <div className="notice" data-testid="bots-no-host">
          <strong>Bot control needs the host.</strong> This PersonaAPI runs on its own, so Matrix bots cannot be started here.
          Run <code>persona-mcp --server</code> (or the desktop app) to start and supervise bots. You can still edit each bot's configuration.
        </div>
      ) : <ErrorBox error={bots.error} onRetry={bots.reload} title="Could not load bot status" />}
      <ErrorBox error={actionError} />
      <div className="card">
        {personas.data && !list.length ? <EmptyState title="No personas yet — a bot speaks for a persona, so create one first" /> : null}
        {list.length ? (
          <table data-testid="bot-table">
            <thead><tr><th>Persona</th><th>State</th><th className="num">Uptime</th><th className="num">Restarts</th><th>Last error</th><th /></tr></thead>
            <tbody>{list.map((p) => (
              <BotRow key={p.id} persona={p} status={statuses[p.id]} hostAttached={!noHost && !bots.error} busy={busy !== null} selected={selected === p.id}
                onSelect={() => setSelected(p.id === selected ? null : p.id)} onAction={(a) => void act(p.id, () => api.botAction(p.id, a))} />
            ))}</tbody>
          </table>
        ) : null}
        {!personas.data && !personas.error ? <div className="muted">Loading…</div> : null}
        <ErrorBox error={personas.error} onRetry={personas.reload} />
      </div>
      {sel ? (
        <div className="grid-2" style={{ marginTop: 12 }}>
          <div className="card">
            <h2>{sel.name} — configuration</h2>
            <ErrorBox error={config.error} onRetry={config.reload} />
            {config.data && !config.loading ? <BotConfigForm key={sel.id} personaId={sel.id} config={config.data.config} /> : <span className="muted">Loading…</span>}
          </div>
          <div className="card"><h2>{sel.name} — log</h2><BotLogTail personaId={sel.id} /></div>
        </div>
      ) : list.length ? <div className="small muted" style={{ marginTop: 8 }}>Select a persona to configure its bot and follow its log.</div> : null}
    </section>
  );
}
