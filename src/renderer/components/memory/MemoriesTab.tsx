import { useState } from 'react';
import type { MemoryView } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { useEventTick } from '../../hooks/useEvents.ts';
import { Histogram } from '../charts/Histogram.tsx';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { EmptyState } from '../EmptyState.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { MemoryDetail } from './MemoryDetail.tsx';
import { MemoryFilters, type MemoryFilterValues } from './MemoryFilters.tsx';
import { MemoryTable } from './MemoryTable.tsx';
import { PrunePanel } from './PrunePanel.tsx';
import { StoreMemoryForm } from './StoreMemoryForm.tsx';

const INITIAL: MemoryFilterValues = { query: '', memory_type: '', visibility: '', min_importance: 0, archived: false };
const PAGE = 200;

/** Loads memories for the filters: ranked search when there is a query, else the (archive) listing. */
async function loadMemories(personaId: string, f: MemoryFilterValues, offset: number): Promise<{ memories: (MemoryView & { score?: number })[]; total: number }> {
  const common = { ...(f.memory_type ? { memory_type: f.memory_type } : {}), ...(f.visibility ? { visibility: f.visibility } : {}), archived: f.archived };
  if (f.query.trim()) {
    const r = await api.searchMemories(personaId, { ...common, query: f.query.trim(), n_results: 50, min_importance: f.min_importance });
    return { memories: r.memories, total: r.result_count };
  }
  const r = await api.listMemories(personaId, { ...common, limit: PAGE, offset, order_by: f.archived ? 'created_at' : 'importance' });
  return { memories: r.memories.filter((m) => m.importance >= f.min_importance), total: r.total };
}

/**
 * Memory browser: search, filters by kind and type, importance distribution, archive with restore,
 * store and delete; `focus` (a memory id from the route) opens that memory with its fact history.
 */
export function MemoriesTab({ personaId, focus }: { personaId: string; focus?: string | undefined }) {
  const [filters, setFiltersState] = useState(INITIAL);
  const [offset, setOffset] = useState(0);
  const setFilters = (f: MemoryFilterValues) => { setFiltersState(f); setOffset(0); };
  const [purging, setPurging] = useState<MemoryView | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const tick = useEventTick(['memory.changed', 'prune.completed', 'decay.completed'], (ev) => {
    const pid = (ev.data as { persona_id?: string | null }).persona_id;
    return pid === personaId || pid === null;
  });
  const data = useApiData(() => loadMemories(personaId, filters, offset), [personaId, filters, offset, tick]);
  const act = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      data.reload();
    } catch (err) {
      setActionError(err);
    }
  };
  const memories = data.data?.memories ?? [];
  return (
    <div className="grid-2" style={{ gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)' }}>
      <div>
        {focus ? <MemoryDetail key={focus} personaId={personaId} memoryId={focus} tick={tick} /> : null}
        <div className="card">
          <MemoryFilters value={filters} onChange={setFilters} />
          <ErrorBox error={data.error} onRetry={data.reload} title="Could not load memories" />
          <ErrorBox error={actionError} />
          <div style={{ marginTop: 8 }} data-testid={filters.archived ? 'archive-view' : 'active-view'}>
            {data.data && memories.length === 0 ? (
              filters.archived
                ? <EmptyState title="The archive is empty" testId="archive-empty">Deleted, pruned and superseded memories land here and can be restored.</EmptyState>
                : <EmptyState title={filters.query || filters.memory_type || filters.visibility || filters.min_importance ? 'No memory matches these filters' : 'No memories yet'} testId="memories-empty">
                    Chat with the persona or store a memory by hand.
                  </EmptyState>
            ) : null}
            {memories.length ? <MemoryTable memories={memories}
              onArchive={(m) => void act(() => api.deleteMemory(m.id))}
              onRestore={(m) => void act(() => api.restoreMemory(m.id))}
              onPurge={setPurging} /> : null}
            {!data.data && !data.error ? <div className="muted">Loading memories…</div> : null}
            {data.data ? (
              <div className="row small muted" style={{ marginTop: 6 }}>
                <span>{memories.length} shown · {data.data.total} {filters.archived ? 'archived' : 'total'}</span>
                {!filters.query && data.data.total > PAGE ? (<>
                  <span className="spacer" />
                  <button type="button" className="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
                  <span>{offset + 1}–{Math.min(offset + PAGE, data.data.total)}</span>
                  <button type="button" className="small" disabled={offset + PAGE >= data.data.total} onClick={() => setOffset(offset + PAGE)}>Next</button>
                </>) : null}
              </div>
            ) : null}
          </div>
        </div>
      </div>
      <div>
        <div className="card">
          <h3>Importance distribution</h3>
          <Histogram values={memories.map((m) => m.importance)} label={`Importance of ${memories.length} ${filters.archived ? 'archived' : 'active'} memories`} />
        </div>
        <div className="card"><StoreMemoryForm personaId={personaId} onStored={data.reload} /></div>
        <div className="card"><PrunePanel personaId={personaId} onDone={data.reload} /></div>
      </div>
      <ConfirmDialog open={purging !== null} title="Delete permanently" confirmLabel="Delete permanently"
        message="This memory will be removed for good; it cannot be restored." onCancel={() => setPurging(null)}
        onConfirm={() => { const m = purging; setPurging(null); if (m) void act(() => api.deleteMemory(m.id, true)); }} />
    </div>
  );
}
