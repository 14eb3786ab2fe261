import { useEffect, useState } from 'react';
import type { BotStatus } from '../../shared/index.ts';
import { api } from '../api/endpoints.ts';
import { isApiError } from '../api/api-error.ts';
import { useApiData } from '../hooks/useApiData.ts';
import { useBotConfigs } from '../hooks/useBotConfigs.ts';
import { useEventTick, useEvents } from '../hooks/useEvents.ts';
import { BotConfigForm } from '../components/bots/BotConfigForm.tsx';
import { BotLogTail } from '../components/bots/BotLogTail.tsx';
import { BotRow } from '../components/bots/BotRow.tsx';
import { allBotsReadiness, botReadiness } from '../components/bots/bot-readiness.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';

/**
 * Bots: per persona start/stop/restart with status, uptime and restarts, the live log tail and the
 * configuration form. Buttons are enabled only when the host would accept them, with the reason shown;
 * the host's bot routes are asked only when a host is attached and the bot is configured.
 */
export function BotsPage() {
  const hostTick = useEventTick(['service.status']);
  const health = useApiData(() => api.health(), [hostTick]);
  const hostAttached = health.data ? health.data.host_attached : null;
  const personas = useApiData(() => api.listPersonas(), []);
  const list = personas.data?.personas ?? [];
  const configs = useBotConfigs(personas.data ? list.map((p) => p.id) : null);
  const bots = useApiData(() => (hostAttached ? api.bots() : Promise.resolve(null)), [hostAttached]);
  const [statuses, setStatuses] = useState<Record<string, BotStatus>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  useEffect(() => {
    if (bots.data) setStatuses(Object.fromEntries(bots.data.bots.map((b) => [b.persona_id, b])));
  }, [bots.data]);
  useEvents((ev) => {
    const s = ev.data as BotStatus;
    setStatuses((all) => ({ ...all, [s.persona_id]: s }));
  }, ['bot.status']);
  const act = async (key: string, fn: () => Promise<unknown>) => {
    setBusy(key);
    setActionError(null);
    try {
      await fn();
    } catch (err) {
      // The configuration changed elsewhere since the page read it: open the form instead of only reporting it.
      if (isApiError(err, 'BOT_NOT_CONFIGURED') && key !== 'all') setSelected(key);
      setActionError(err);
    } finally {
      bots.reload();
      setBusy(null);
    }
  };
  // Start all is judged once both the host and the configurations are known.
  const hostForAll = hostAttached === false || configs.configs ? hostAttached : null;
  const all = allBotsReadiness(hostForAll, Object.values(configs.configs ?? {}), Object.values(statuses));
  const sel = list.find((p) => p.id === selected);
  const selConfig = sel ? configs.configs?.[sel.id] : undefined;
  const logNote = hostAttached === false ? 'Logs need the host; none are kept while the API runs alone.'
    : selConfig === null ? 'No bot is configured for this persona yet; save a configuration first.' : null;
  return (
    <section>
      <div className="page-head">
        <h1>Bots</h1><span className="spacer" />
        {all.reason && hostAttached ? <span className="small muted" data-testid="bots-start-all-reason">{all.reason}</span> : null}
        <button type="button" disabled={!all.canStart || busy !== null} onClick={() => void act('all', () => api.botsAll('start-all'))}>Start all</button>
        <button type="button" disabled={!all.canStop || busy !== null} onClick={() => void act('all', () => api.botsAll('stop-all'))}>Stop all</button>
      </div>
      {hostAttached === false ? (
        <div className="notice" data-testid="bots-no-host">
          <strong>Bot control needs the host.</strong> This PersonaAPI runs on its own, so Matrix bots cannot be started here.
          Run <code>persona-mcp --server</code> (or the desktop app) to start and supervise bots. You can still edit each bot's configuration.
        </div>
      ) : <ErrorBox error={bots.error ?? health.error} onRetry={() => { health.reload(); bots.reload(); }} title="Could not load bot status" />}
      <ErrorBox error={actionError} />
      <div className="card">
        {personas.data && !list.length ? <EmptyState title="No personas yet — a bot speaks for a persona, so create one first" /> : null}
        {list.length ? (
          <table data-testid="bot-table">
            <thead><tr><th>Persona</th><th>State</th><th className="num">Uptime</th><th className="num">Restarts</th><th>Last error</th><th /></tr></thead>
            <tbody>{list.map((p) => (
              <BotRow key={p.id} persona={p} status={statuses[p.id]} hostAttached={hostAttached === true} busy={busy !== null} selected={selected === p.id}
                readiness={botReadiness(hostAttached, configs.configs ? (configs.configs[p.id] ?? null) : undefined, statuses[p.id])}
                onSelect={() => setSelected(p.id === selected ? null : p.id)} onAction={(a) => void act(p.id, () => api.botAction(p.id, a))} />
            ))}</tbody>
          </table>
        ) : null}
        {!personas.data && !personas.error ? <div className="muted">Loading…</div> : null}
        <ErrorBox error={personas.error} onRetry={personas.reload} />
        <ErrorBox error={configs.error} title="Could not read the bot configurations" />
      </div>
      {sel ? (
        <div className="grid-2" style={{ marginTop: 12 }}>
          <div className="card">
            <h2>{sel.name} — configuration</h2>
            {selConfig !== undefined ? <BotConfigForm key={sel.id} personaId={sel.id} config={selConfig} onSaved={configs.saved} /> : <span className="muted">Loading…</span>}
          </div>
          <div className="card"><h2>{sel.name} — log</h2>{selConfig !== undefined || hostAttached === false ? <BotLogTail personaId={sel.id} unavailable={logNote} /> : null}</div>
        </div>
      ) : list.length ? <div className="small muted" style={{ marginTop: 8 }}>Select a persona to configure its bot and follow its log.</div> : null}
    </section>
  );
}
