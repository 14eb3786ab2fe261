import type { MemoryView } from '../../../shared/index.ts';
import { fmt2, when } from '../../format.ts';
import { href } from '../../hooks/useRoute.ts';
import { FactMeta } from './FactMeta.tsx';
import { typeLabel } from './memory-kinds.ts';

/** Memory rows (each opens the memory) with a fact's slot and people, archive/restore/delete actions; scored rows also show the recall score. */
export function MemoryTable({ memories, onArchive, onRestore, onPurge }: {
  memories: (MemoryView & { score?: number })[];
  onArchive: (m: MemoryView) => void;
  onRestore: (m: MemoryView) => void;
  onPurge: (m: MemoryView) => void;
}) {
  const scored = memories.some((m) => m.score !== undefined);
  return (
    <table data-testid="memory-table">
      <thead><tr><th>Content</th><th>Type</th><th>Visibility</th><th className="num">Importance</th>{scored ? <th className="num">Score</th> : null}<th>Created</th><th /></tr></thead>
      <tbody>
        {memories.map((m) => (
          <tr key={m.id} data-testid="memory-row" data-memory-id={m.id}>
            <td><a href={href('personas', m.persona_id, 'memories', m.id)} className="memory-link" data-testid="memory-open">{m.content}</a>{m.pinned ? <span className="tag">pinned</span> : null}
              <FactMeta memory={m} />
              {m.archived ? <div className="small muted">archived {when(m.archived_at)} ({m.archive_reason}{m.prune_score !== null && m.prune_score !== undefined ? `, prune score ${fmt2(m.prune_score)}` : ''})</div> : null}</td>
            <td><span className="tag" data-testid="memory-kind">{typeLabel(m.memory_type)}</span></td>
            <td>{m.visibility}</td>
            <td className="num">{fmt2(m.importance)}</td>
            {scored ? <td className="num">{m.score === undefined ? '—' : m.score.toFixed(3)}</td> : null}
            <td className="small">{when(m.created_at)}</td>
            <td>
              {m.archived
                ? <div className="row" style={{ flexWrap: 'nowrap' }}>
                    <button type="button" className="small" onClick={() => onRestore(m)} aria-label={`Restore memory ${m.content.slice(0, 30)}`} data-testid="memory-restore">Restore</button>
                    <button type="button" className="small danger" onClick={() => onPurge(m)} aria-label="Delete permanently">Purge</button>
                  </div>
                : <button type="button" className="small danger" onClick={() => onArchive(m)} aria-label={`Delete memory ${m.content.slice(0, 30)}`} data-testid="memory-delete">Delete</button>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
