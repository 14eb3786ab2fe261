import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { useEventTick } from '../../hooks/useEvents.ts';
import { when } from '../../format.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { ProgressBar } from '../ProgressBar.tsx';
import { StatusBadge } from '../StatusBadge.tsx';

type Job = 'start' | 'stop' | 'force' | 'prune';
const LABEL: Record<Job, string> = { start: 'Starting decay…', stop: 'Stopping decay…', force: 'Running a decay cycle…', prune: 'Pruning every persona…' };

/**
 * Memory jobs: background decay start/stop, a forced decay cycle and prune-all, with progress and results.
 * The state shown is the job owner's (the mcp service under the host, ADR 0008), reported by the api.
 */
export function MemoryJobs() {
  const tick = useEventTick(['decay.completed', 'prune.completed', 'retention.completed', 'conversation.turn']);
  const status = useApiData(() => api.systemStatus(), [tick]);
  const [running, setRunning] = useState<Job | null>(null);
  const [result, setResult] = useState<{ job: Job; data: Record<string, unknown> } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirmPrune, setConfirmPrune] = useState(false);
  const run = async (job: Job) => {
    setRunning(job);
    setError(null);
    setResult(null);
    try {
      const data = job === 'start' ? await api.decayStart() : job === 'stop' ? await api.decayStop() : job === 'force' ? await api.decayForce() : await api.pruneAll(true);
      setResult({ job, data: data as Record<string, unknown> });
      status.reload();
    } catch (err) {
      setError(err);
    } finally {
      setRunning(null);
    }
  };
  const decay = status.data?.jobs.decay;
  const lastPrune = status.data?.jobs.pruning.last_run;
  const retention = status.data?.jobs.retention;
  const autopilot = status.data?.jobs.autopilot;
  const owner = status.data?.jobs.owner;
  return (
    <div className="card" data-testid="memory-jobs">
      <h2>Memory jobs</h2>
      <ErrorBox error={status.error} onRetry={status.reload} />
      <dl className="kv small">
        <dt>Background decay</dt><dd>{decay ? <StatusBadge tone={decay.running ? 'ok' : owner?.reachable === false ? 'warn' : 'idle'} testId="decay-state">{decay.running ? 'running' : owner?.reachable === false ? 'owner unreachable' : 'stopped'}</StatusBadge> : '—'}</dd>
        <dt>Runs in</dt><dd data-testid="jobs-owner">{owner ? (owner.reachable ? `process ${owner.pid}` : `unreachable: ${owner.error ?? 'no answer'}`) : '—'}</dd>
        <dt>Next run</dt><dd>{when(decay?.next_run_at)}</dd>
        <dt>Last decay</dt><dd>{decay?.last_run ? summary(decay.last_run) : 'never'}</dd>
        <dt>Last prune</dt><dd>{lastPrune ? summary(lastPrune) : 'never'}</dd>
        <dt>Archive retention</dt>
        <dd data-testid="retention-state">{retention ? (retention.retention_days === 0 ? 'keep forever' : `${retention.retention_days} days · last sweep ${retention.last_run ? summary(retention.last_run) : 'never'}`) : '—'}</dd>
        <dt>Conversation autopilot</dt>
        <dd data-testid="autopilot-state">{autopilot ? `${autopilot.running ? 'running' : autopilot.enabled ? 'stopped' : 'off'} · ${autopilot.conversations_started} conversations started${autopilot.last_run ? ` · last tick ${when(String(autopilot.last_run.at))}` : ''}` : '—'}</dd>
      </dl>
      <div className="row" style={{ marginTop: 8 }}>
        <button type="button" disabled={running !== null || decay?.running === true} onClick={() => void run('start')}>Start decay</button>
        <button type="button" disabled={running !== null || decay?.running === false} onClick={() => void run('stop')}>Stop decay</button>
        <button type="button" disabled={running !== null} onClick={() => void run('force')} data-testid="decay-force">Run decay now</button>
        <button type="button" className="danger" disabled={running !== null} onClick={() => setConfirmPrune(true)} data-testid="prune-all">Prune all</button>
      </div>
      {running ? <ProgressBar label={LABEL[running]} /> : null}
      <ErrorBox error={error} title="The job failed" />
      {result ? <div className="notice small" data-testid="job-result"><strong>Done.</strong> {summary(result.data)}</div> : null}
      <ConfirmDialog open={confirmPrune} title="Prune every persona" confirmLabel="Prune all"
        message="Low-value memories of every persona over its target go to the archive (they can be restored from each persona's archive)."
        onCancel={() => setConfirmPrune(false)} onConfirm={() => { setConfirmPrune(false); void run('prune'); }} />
    </div>
  );
}

/** A compact `key value` list of a job result's scalar fields. */
function summary(data: Record<string, unknown>): string {
  const value = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : String(v).replaceAll('_', ' '));
  return Object.entries(data).filter(([, v]) => typeof v !== 'object').map(([k, v]) => (k === 'status' ? value(v) : `${k.replaceAll('_', ' ')} ${value(v)}`)).join(' · ');
}
