import { useEffect, useRef, useState } from 'react';
import { ErrorBox } from '../ErrorBox.tsx';

/**
 * Forgetting someone cannot be undone: the dialog names what goes and enables the button only when
 * the person's name is typed exactly.
 */
export function ForgetDialog({ open, name, personKey, aliases, onCancel, onForget }: {
  open: boolean; name: string; personKey: string; aliases: string[]; onCancel: () => void;
  /** Forgets the person (rejects with the API error, shown in the dialog). */
  onForget: () => Promise<void>;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) { setTyped(''); setError(null); d.showModal(); }
    if (!open && d.open) d.close();
  }, [open]);
  const forget = async () => {
    setBusy(true);
    setError(null);
    try {
      await onForget();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const matches = typed.trim() === name;
  return (
    <dialog ref={ref} className="dialog" aria-label={`Forget ${name}`} data-testid="forget-dialog" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h3>Forget {name}?</h3>
      <p>Every persona forgets <strong>{name}</strong> ({[personKey, ...aliases].join(', ')}) for good: what they said and what is known about them, their chats, relationships and facts. They are also removed from every witness list. This cannot be undone.</p>
      <div className="field">
        <label htmlFor="forget-name">Type <strong>{name}</strong> to confirm</label>
        <input id="forget-name" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </div>
      <ErrorBox error={error} />
      <div className="row end">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="button" className="danger" disabled={!matches || busy} onClick={() => void forget()}>{busy ? 'Forgetting…' : 'Forget for good'}</button>
      </div>
    </dialog>
  );
}
