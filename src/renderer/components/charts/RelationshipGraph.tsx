import type { RelationshipView } from '../../../shared/index.ts';

/** Colour of an edge by affinity (-1 red … +1 green). */
function edgeColor(affinity: number): string {
  if (affinity > 0.15) return 'var(--chart-2)';
  if (affinity < -0.15) return 'var(--chart-3)';
  return 'var(--muted)';
}

/**
 * A radial SVG graph: the persona in the middle, each counterpart (persona or participant) around it;
 * edge width = familiarity, colour = affinity, and the four axis values on each node.
 */
export function RelationshipGraph({ name, relationships }: { name: string; relationships: RelationshipView[] }) {
  const W = 560, H = 400, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 60;
  const n = relationships.length;
  const nodes = relationships.map((r, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n) - Math.PI / 2;
    return { r, x: cx + R * Math.cos(a), y: cy + R * Math.sin(a) };
  });
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Relationships of ${name}`} data-testid="relationship-graph">
      {nodes.map(({ r, x, y }) => (
        <line key={`e-${r.counterpart_key}`} className="edge" x1={cx} y1={cy} x2={x} y2={y} style={{ stroke: edgeColor(r.affinity), strokeWidth: 1 + 5 * Math.max(0, r.familiarity) }} />
      ))}
      {nodes.map(({ r, x, y }) => (
        <g key={r.counterpart_key} data-testid="relationship-node" data-kind={r.counterpart.kind}>
          <circle className={r.counterpart.kind === 'persona' ? 'node-persona' : 'node-participant'} cx={x} cy={y} r={9}>
            <title>{`${r.counterpart.name} (${r.relationship_type})`}</title>
          </circle>
          <text className="node-label" x={x} y={y - 14} textAnchor="middle">{r.counterpart.name}</text>
          <text x={x} y={y + 21} textAnchor="middle">{r.relationship_type}</text>
          <text x={x} y={y + 33} textAnchor="middle">{`aff ${r.affinity.toFixed(2)} · tru ${r.trust.toFixed(2)}`}</text>
          <text x={x} y={y + 45} textAnchor="middle">{`res ${r.respect.toFixed(2)} · fam ${r.familiarity.toFixed(2)}`}</text>
        </g>
      ))}
      <circle className="node-self" cx={cx} cy={cy} r={14} />
      <text className="node-label" x={cx} y={cy + 30} textAnchor="middle" style={{ fontWeight: 600 }}>{name}</text>
    </svg>
  );
}
