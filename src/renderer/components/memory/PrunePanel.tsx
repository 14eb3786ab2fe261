import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { ProgressBar } from '../ProgressBar.tsx';

/** Prunes one persona's memories now (pruned ones go to the archive), with progress and the outcome. */
export function PrunePanel({ personaId, onDone }: { personaId: string; onDone: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setConfirm(false);
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.prunePersona(personaId, true) as { status: string; memories_pruned?: number; memories_after?: number; message?: string };
      setResult(r.status === 'pruning_completed' ? `Pruned ${r.memories_pruned ?? 0} memories; ${r.memories_after ?? 0} remain.` : (r.message ?? 'No pruning needed.'));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="prune-panel">
      <div className="row"><h3 style={{ margin: 0 }}>Pruning</h3><span className="spacer" />
        <button type="button" className="small danger" disabled={busy} onClick={() => setConfirm(true)}>Prune now</button></div>
      {busy ? <ProgressBar label="Pruning…" /> : null}
      {result ? <div className="small" data-testid="prune-result">{result}</div> : null}
      <ErrorBox error={error} title="Pruning failed" />
      <ConfirmDialog open={confirm} title="Prune memories" confirmLabel="Prune" message="Low-value memories over the target go to the archive, where they can be restored."
        onCancel={() => setConfirm(false)} onConfirm={() => void run()} />
    </div>
  );
}
