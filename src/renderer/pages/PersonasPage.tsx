import { lazy, Suspense, useState } from 'react';
import type { PersonaSummary, PersonaView } from '../../shared/index.ts';
import { api } from '../api/endpoints.ts';
import { takePrefetchedPersonas, takeResolvedPersonas } from '../api/prefetch.ts';
import { useApiData } from '../hooks/useApiData.ts';
import { useEventTick } from '../hooks/useEvents.ts';
import { base64ToBytes, download } from '../format.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { PersonaTable } from '../components/persona/PersonaTable.tsx';

// The form and the importer pull in the shared zod schemas; load them when first opened.
const PersonaForm = lazy(() => import('../components/persona/PersonaForm.tsx').then((m) => ({ default: m.PersonaForm })));
const ImportCard = lazy(() => import('../components/persona/ImportCard.tsx').then((m) => ({ default: m.ImportCard })));
const loading = <div className="card muted">Loading…</div>;

/** Personas: searchable list, the creator/editor form, card import/export and delete with confirmation. */
export function PersonasPage() {
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<PersonaView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PersonaSummary | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [showImport, setShowImport] = useState(false);
  const tick = useEventTick(['persona.created', 'persona.updated', 'persona.deleted', 'emotion.changed']);
  const [early] = useState(takeResolvedPersonas);
  const list = useApiData(() => (!query.trim() && takePrefetchedPersonas()) || api.listPersonas(query.trim() || undefined), [query, tick], early);

  const edit = async (p: PersonaSummary) => {
    try {
      setEditing((await api.getPersona(p.id)).persona);
    } catch (err) {
      setActionError(err);
    }
  };
  const exportCard = async (p: PersonaSummary, format: 'json' | 'png') => {
    try {
      const r = await api.exportCard(p.id, format);
      if (r.png_base64) download(r.filename, base64ToBytes(r.png_base64), 'image/png');
      else download(r.filename, JSON.stringify(r.card, null, 2), 'application/json');
    } catch (err) {
      setActionError(err);
    }
  };
  const confirmDelete = async () => {
    const p = deleting;
    setDeleting(null);
    if (!p) return;
    try {
      await api.deletePersona(p.id);
      list.reload();
    } catch (err) {
      setActionError(err);
    }
  };
  const personas = list.data?.personas ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>Personas</h1>
        <input type="search" placeholder="Search by name or tag" aria-label="Search personas" value={query} style={{ maxWidth: 260 }}
          onChange={(e) => setQuery(e.target.value)} data-testid="persona-search" />
        <span className="spacer" />
        <button type="button" onClick={() => setShowImport((s) => !s)} data-testid="toggle-import">Import card</button>
        <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="new-persona">New persona</button>
      </div>
      {showImport ? <Suspense fallback={loading}><div className="card"><ImportCard onImported={() => list.reload()} /></div></Suspense> : null}
      {editing ? (
        <Suspense fallback={loading}>
          <PersonaForm key={editing === 'new' ? 'new' : editing.id} initial={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); list.reload(); }} />
        </Suspense>
      ) : null}
      <ErrorBox error={actionError} />
      <div className="card">
        {list.error && !list.data ? <ErrorBox error={list.error} title="Could not load personas" onRetry={list.reload} /> : null}
        {list.data && personas.length === 0 ? (
          query ? <EmptyState title={`No persona matches “${query}”`} testId="personas-empty">Try another name or tag.</EmptyState> : (
            <EmptyState title="No personas yet — create one or import a card" testId="personas-empty">
              <div className="row" style={{ justifyContent: 'center' }}>
                <button type="button" className="primary" onClick={() => setEditing('new')}>New persona</button>
                <button type="button" onClick={() => setShowImport(true)}>Import card</button>
              </div>
            </EmptyState>
          )
        ) : null}
        {!list.data && !list.error ? <div className="muted" data-testid="personas-loading">Loading personas…</div> : null}
        {personas.length ? <PersonaTable personas={personas} onEdit={(p) => void edit(p)} onExport={(p, f) => void exportCard(p, f)} onDelete={setDeleting} /> : null}
        {list.data ? <div className="small muted" style={{ marginTop: 6 }}>{list.data.total_count} personas · {list.data.available_count} available</div> : null}
      </div>
      <ConfirmDialog open={deleting !== null} title="Delete persona" confirmLabel="Delete"
        message={`Delete ${deleting?.name ?? ''} and everything it owns (memories, archive, relationships, sessions)? This cannot be undone.`}
        onCancel={() => setDeleting(null)} onConfirm={() => void confirmDelete()} />
    </section>
  );
}
