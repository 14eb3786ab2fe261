import { fmt2, when } from '../../format.ts';
import { isApiError } from '../../api/api-error.ts';
import { useMemoryDetail } from '../../hooks/useMemoryDetail.ts';
import { href } from '../../hooks/useRoute.ts';
import { EmptyState } from '../EmptyState.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { keyLabel, supersededBy, typeLabel } from './memory-kinds.ts';

/**
 * One memory opened from a link (the chat playground's learned facts, a history or evidence link):
 * what it says, its kind and state, a fact's slot, subject and source with the slot's superseded
 * history, and a reflection's evidence.
 */
export function MemoryDetail({ personaId, memoryId, tick }: { personaId: string; memoryId: string; tick: number }) {
  const detail = useMemoryDetail(personaId, memoryId, tick);
  const link = (id: string) => href('personas', personaId, 'memories', id);
  const close = <a href={href('personas', personaId, 'memories')} className="small" data-testid="memory-detail-close">Close</a>;
  if (isApiError(detail.error, 'MEMORY_NOT_FOUND')) {
    return <div className="card" data-testid="memory-detail"><EmptyState title="This memory no longer exists" testId="memory-detail-missing">It was deleted permanently. {close}</EmptyState></div>;
  }
  const d = detail.data;
  const m = d?.memory;
  const by = m ? supersededBy(m) : null;
  // Who was there besides the persona itself (it witnesses everything it remembers).
  const present = m ? m.witnessed_by.filter((w) => w !== `persona:${personaId}`) : [];
  return (
    <div className="card" data-testid="memory-detail" data-memory-id={memoryId}>
      <div className="row"><h2 style={{ margin: 0 }}>Memory</h2><span className="spacer" />{close}</div>
      <ErrorBox error={detail.error} onRetry={detail.reload} title="Could not load the memory" />
      {!m ? (detail.error ? null : <div className="muted">Loading…</div>) : (<>
        <p data-testid="memory-detail-content" style={{ margin: '6px 0' }}>{m.content}</p>
        <dl className="kv small">
          <dt>Kind</dt><dd><span className="tag" data-testid="memory-detail-kind">{typeLabel(m.memory_type)}</span></dd>
          <dt>State</dt><dd data-testid="memory-detail-state">{m.archived
            ? <>archived {when(m.archived_at)} ({m.archive_reason}){by ? <> — replaced by <a href={link(by)} data-testid="memory-detail-superseded-by">the newer fact</a></> : null}</>
            : 'active'}</dd>
          {m.fact_key ? <><dt>Slot</dt><dd><code data-testid="memory-detail-slot">{m.fact_key}</code></dd></> : null}
          {m.fact_key || m.subject_key ? <><dt>About</dt><dd data-testid="memory-detail-subject">{keyLabel(m.subject_key, 'the world')}</dd></> : null}
          <dt>Told by</dt><dd data-testid="memory-detail-source">{keyLabel(m.source_key, 'nobody: the persona\'s own knowledge, the operator, lore or an import')}</dd>
          <dt>Visibility</dt><dd>{m.visibility}{present.length ? ` · present: ${present.map((w) => keyLabel(w, '')).join(', ')}` : ''}</dd>
          <dt>Importance</dt><dd>{fmt2(m.importance)} · recalled {m.accessed_count}×</dd>
          <dt>Created</dt><dd>{when(m.created_at)}</dd>
        </dl>
        {d.history.length ? (<>
          <h3 style={{ marginTop: 10 }}>History of this slot</h3>
          <ol className="history small" data-testid="fact-history">
            {d.history.map((h) => (
              <li key={h.memory.id} className={h.current ? 'current' : ''} data-testid="fact-history-entry" data-current={h.current} aria-current={h.memory.id === m.id ? 'true' : undefined}>
                {h.memory.id === m.id ? h.memory.content : <a href={link(h.memory.id)}>{h.memory.content}</a>}
                <span className="muted"> — {h.current ? `current since ${when(h.memory.created_at)}` : `${h.memory.archive_reason ?? 'archived'} ${when(h.memory.archived_at)}`}</span>
              </li>
            ))}
          </ol>
        </>) : null}
        {d.evidence.length ? (<>
          <h3 style={{ marginTop: 10 }}>Evidence</h3>
          <ul className="history small" data-testid="reflection-evidence">
            {d.evidence.map((e) => (
              <li key={e.id} data-testid="evidence-entry">
                {e.memory ? <a href={link(e.id)}>{e.memory.content}</a> : <span className="muted" data-testid="evidence-missing">a memory that was deleted permanently</span>}
              </li>
            ))}
          </ul>
        </>) : null}
      </>)}
    </div>
  );
}
