import { api } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { useEventTick } from '../../hooks/useEvents.ts';
import { href } from '../../hooks/useRoute.ts';
import { fmt2, when } from '../../format.ts';
import { RelationshipGraph } from '../charts/RelationshipGraph.tsx';
import { EmptyState } from '../EmptyState.tsx';
import { ErrorBox } from '../ErrorBox.tsx';

/**
 * Relationships of one persona: the graph, and below it a table of the axis values at full width (so
 * every column is in view), updated live.
 */
export function RelationshipsTab({ personaId, personaName }: { personaId: string; personaName: string }) {
  const tick = useEventTick(['relationship.changed', 'chat.turn', 'conversation.turn'], (ev) => (ev.data as { persona_id?: string }).persona_id === personaId);
  const data = useApiData(() => api.relationships(personaId), [personaId, tick]);
  const rels = data.data?.relationships ?? [];
  return (
    <div>
      <ErrorBox error={data.error} onRetry={data.reload} />
      {data.data && !rels.length ? <EmptyState title="No relationships yet" testId="relationships-empty">Relationships form when the persona chats with people or other personas.</EmptyState> : null}
      {rels.length ? (
        <div>
          <div className="card relationship-graph-card">
            <div className="legend"><span><i style={{ background: 'var(--chart-2)' }} />persona / positive</span><span><i style={{ background: 'var(--chart-5)' }} />participant</span><span><i style={{ background: 'var(--chart-3)' }} />negative affinity</span><span>edge width = familiarity</span></div>
            <RelationshipGraph name={personaName} relationships={rels} />
          </div>
          <div className="card">
            <table data-testid="relationship-table">
              <thead><tr><th>With</th><th>Type</th><th className="num">Affinity</th><th className="num">Trust</th><th className="num">Respect</th><th className="num">Familiarity</th><th className="num">Turns</th><th>Last</th></tr></thead>
              <tbody>
                {rels.map((r) => (
                  <tr key={r.counterpart_key}>
                    <td>{r.counterpart.kind === 'persona' && r.other_persona_id ? <a href={href('personas', r.other_persona_id, 'relationships')}>{r.counterpart.name}</a> : r.counterpart.name}
                      <div className="small muted">{r.counterpart.kind}</div></td>
                    <td>{r.relationship_type}{r.type_locked ? ' 🔒' : ''}</td>
                    <td className="num">{fmt2(r.affinity)}</td><td className="num">{fmt2(r.trust)}</td><td className="num">{fmt2(r.respect)}</td><td className="num">{fmt2(r.familiarity)}</td>
                    <td className="num">{r.interaction_count}</td><td className="small nowrap">{when(r.last_interaction)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}
