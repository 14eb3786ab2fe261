import { useState } from 'react';
import type { Participant } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { ErrorBox } from '../ErrorBox.tsx';

/** Merge another identity into this person: pick the secondary, confirm, and it becomes an alias. */
export function MergePanel({ primary, onMerged }: { primary: Participant; onMerged: (secondary: string) => void }) {
  const [secondary, setSecondary] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const others = useApiData(() => api.participants({ limit: 200 }), [primary.key, tick]);
  const choices = (others.data?.participants ?? []).filter((p) => p.key !== primary.key);
  const chosen = choices.find((p) => p.key === secondary);
  const merge = async () => {
    setConfirming(false);
    setError(null);
    try {
      await api.linkParticipants(primary.key, secondary);
      setSecondary('');
      setTick((t) => t + 1);
      onMerged(secondary);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card" data-testid="merge-panel">
      <h3>Merge another identity</h3>
      <p className="small muted">The same person under another id (another platform, an old account): their memories, chats and relationships move to {primary.display_name}, and later messages from that id count as {primary.display_name}.</p>
      <div className="row">
        <select aria-label="Identity to merge" value={secondary} onChange={(e) => setSecondary(e.target.value)} disabled={!choices.length}>
          <option value="">{choices.length ? 'Choose an identity…' : 'No other identities'}</option>
          {choices.map((p) => <option key={p.key} value={p.key}>{p.display_name} ({p.key})</option>)}
        </select>
        <button type="button" disabled={!chosen} onClick={() => setConfirming(true)}>Merge into {primary.display_name}</button>
      </div>
      <ErrorBox error={error} />
      <ConfirmDialog
        open={confirming} title="Merge identities" confirmLabel="Merge"
        message={chosen ? `${chosen.display_name} (${chosen.key}) becomes an alias of ${primary.display_name} (${primary.key}). Memories, chats and relationships are moved and merged. This cannot be undone.` : ''}
        onConfirm={() => void merge()} onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
