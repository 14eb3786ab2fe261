/** Counts `values` (0..1) into `bins` equal-width buckets. */
export function binValues(values: readonly number[], bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** A hand-drawn SVG histogram of values in 0..1 (e.g. memory importance). */
export function Histogram({ values, bins = 10, label }: { values: readonly number[]; bins?: number; label: string }) {
  const counts = binValues(values, bins);
  const max = Math.max(1, ...counts);
  const W = 320, H = 130, L = 28, B = 20, T = 8;
  const bw = (W - L - 4) / bins;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="importance-chart">
      <line className="axis" x1={L} y1={H - B} x2={W - 2} y2={H - B} />
      <line className="axis" x1={L} y1={T} x2={L} y2={H - B} />
      <text x={L - 4} y={T + 8} textAnchor="end">{max}</text>
      <text x={L - 4} y={H - B} textAnchor="end">0</text>
      {counts.map((c, i) => {
        const h = ((H - B - T) * c) / max;
        return (
          <g key={i}>
            <rect className="bar" x={L + 2 + i * bw} y={H - B - h} width={Math.max(1, bw - 3)} height={h} data-count={c}>
              <title>{`${(i / bins).toFixed(1)}–${((i + 1) / bins).toFixed(1)}: ${c}`}</title>
            </rect>
            {i % 2 === 0 ? <text x={L + 2 + i * bw} y={H - 6}>{(i / bins).toFixed(1)}</text> : null}
          </g>
        );
      })}
      <text x={W - 2} y={H - 6} textAnchor="end">1.0</text>
    </svg>
  );
}
