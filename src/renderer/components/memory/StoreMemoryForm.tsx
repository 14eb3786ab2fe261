import { useState, type FormEvent } from 'react';
import { KNOWN_MEMORY_TYPES, VisibilitySchema } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { ApiError } from '../../api/api-error.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { Field } from '../Field.tsx';

/** Stores a new memory for the persona; importance is scored by the server unless set by hand. */
export function StoreMemoryForm({ personaId, onStored }: { personaId: string; onStored: () => void }) {
  const [content, setContent] = useState('');
  const [type, setType] = useState('observation');
  const [visibility, setVisibility] = useState('private');
  const [manual, setManual] = useState(false);
  const [importance, setImportance] = useState(0.5);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!content.trim()) return setError(new ApiError(400, { code: 'INVALID_PARAMS', message: 'Write what the persona should remember.' }));
    setBusy(true);
    try {
      await api.storeMemory(personaId, { content: content.trim(), memory_type: type, visibility, ...(manual ? { importance } : {}) });
      setContent('');
      onStored();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Store memory" data-testid="store-memory-form">
      <Field label="New memory" htmlFor="memory-content">
        <textarea id="memory-content" value={content} onChange={(e) => setContent(e.target.value)} data-testid="memory-content" />
      </Field>
      <div className="row">
        <select aria-label="New memory type" value={type} onChange={(e) => setType(e.target.value)} style={{ width: 140 }}>
          {KNOWN_MEMORY_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <select aria-label="New memory visibility" value={visibility} onChange={(e) => setVisibility(e.target.value)} style={{ width: 110 }}>
          {VisibilitySchema.options.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
        <label className="small row" style={{ gap: 4 }}>
          <input type="checkbox" checked={manual} onChange={(e) => setManual(e.target.checked)} /> importance {manual ? importance.toFixed(2) : '(scored)'}
        </label>
        {manual ? <input type="range" min={0} max={1} step={0.05} value={importance} style={{ width: 100 }} aria-label="New memory importance" onChange={(e) => setImportance(Number(e.target.value))} /> : null}
        <span className="spacer" />
        <button type="submit" className="primary" disabled={busy} data-testid="memory-store">{busy ? 'Storing…' : 'Store memory'}</button>
      </div>
      <ErrorBox error={error} title="Could not store the memory" />
    </form>
  );
}
