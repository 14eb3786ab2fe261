import type { UsedMemory } from '../../api/types.ts';

const PARTS = [
  { key: 'recency', color: 'var(--chart-1)' },
  { key: 'importance', color: 'var(--chart-2)' },
  { key: 'relevance', color: 'var(--chart-4)' },
] as const;

/** The memories a reply used, each with its score and the recency/importance/relevance components as bars. */
export function MemoriesUsed({ memories }: { memories: UsedMemory[] }) {
  if (!memories.length) return <div className="small muted" data-testid="memories-used-empty">No memories were recalled for this reply.</div>;
  return (
    <div data-testid="memories-used">
      <div className="legend">{PARTS.map((p) => <span key={p.key}><i style={{ background: p.color }} />{p.key}</span>)}</div>
      <table>
        <thead><tr><th>Memory</th><th className="num">Score</th><th>Components</th></tr></thead>
        <tbody>
          {memories.map((m) => (
            <tr key={m.memory_id} data-testid="memory-used">
              <td className="small">{m.content}</td>
              <td className="num">{m.score.toFixed(3)}</td>
              <td style={{ minWidth: 150 }}>
                {PARTS.map((p) => (
                  <div key={p.key} className="small" title={`${p.key} ${m.score_components[p.key].toFixed(3)}`}>
                    <span className="score-bar" style={{ width: `${Math.max(2, m.score_components[p.key] * 80)}px`, background: p.color }} />
                    {m.score_components[p.key].toFixed(2)}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
