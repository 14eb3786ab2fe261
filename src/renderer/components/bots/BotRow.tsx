import type { BotStatus, PersonaSummary } from '../../../shared/index.ts';
import { formatDuration } from '../../format.ts';
import { StatusBadge, stateTone } from '../StatusBadge.tsx';
import type { BotReadiness } from './bot-readiness.ts';

/** One persona's bot: state, uptime, restarts, sync and the start/stop/restart buttons, with why Start is off. */
export function BotRow({ persona, status, hostAttached, readiness, busy, selected, onAction, onSelect }: {
  persona: PersonaSummary; status: BotStatus | undefined; hostAttached: boolean; readiness: BotReadiness; busy: boolean; selected: boolean;
  onAction: (action: 'start' | 'stop' | 'restart') => void; onSelect: () => void;
}) {
  const state = status?.state ?? 'stopped';
  const reasonId = `bot-reason-${persona.id}`;
  return (
    <tr data-testid="bot-row" data-persona-id={persona.id} className={selected ? 'selected' : undefined}>
      <td><button type="button" className="small" onClick={onSelect} aria-pressed={selected}>{persona.name}</button></td>
      <td><StatusBadge tone={stateTone(state)} testId="bot-state">{hostAttached || status ? state : 'unknown (no host)'}</StatusBadge>{status?.synced ? <span className="small muted"> synced</span> : null}</td>
      <td className="num">{status && status.uptime_ms ? formatDuration(status.uptime_ms) : '—'}</td>
      <td className="num">{status?.restarts ?? 0}</td>
      <td className="small">{status?.last_error ?? ''}</td>
      <td>
        <div className="row" style={{ flexWrap: 'nowrap' }}>
          <button type="button" className="small" disabled={busy || !readiness.canStart} onClick={() => onAction('start')} aria-label={`Start ${persona.name}'s bot`}
            {...(readiness.reason ? { 'aria-describedby': reasonId } : {})}>Start</button>
          <button type="button" className="small" disabled={busy || !readiness.canStop} onClick={() => onAction('stop')} aria-label={`Stop ${persona.name}'s bot`}>Stop</button>
          <button type="button" className="small" disabled={busy || !readiness.canStop} onClick={() => onAction('restart')} aria-label={`Restart ${persona.name}'s bot`}>Restart</button>
        </div>
        {readiness.reason ? <div className="small muted" id={reasonId} data-testid="bot-reason">{readiness.reason}</div> : null}
      </td>
    </tr>
  );
}
