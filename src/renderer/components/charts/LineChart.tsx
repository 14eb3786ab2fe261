/** One line of a time chart. */
export interface Series {
  key: string;
  label: string;
  color: string;
  points: { t: number; v: number }[];
}

/**
 * A hand-drawn SVG time chart with a fixed y range; a single reading is drawn as a dot so
 * the chart is never empty once there is data.
 */
export function LineChart({ series, yMin, yMax, label, testId }: { series: Series[]; yMin: number; yMax: number; label: string; testId?: string }) {
  const W = 600, H = 220, L = 34, R = 8, T = 10, B = 24;
  const ts = series.flatMap((s) => s.points.map((p) => p.t));
  const t0 = Math.min(...ts), t1 = Math.max(...ts);
  const span = t1 - t0 || 1;
  const x = (t: number) => (ts.length < 2 || t1 === t0 ? (L + W - R) / 2 : L + ((W - L - R) * (t - t0)) / span);
  const y = (v: number) => T + ((H - T - B) * (yMax - v)) / (yMax - yMin);
  const ticks = [yMin, (yMin + yMax) / 2, yMax];
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid={testId}>
      {ticks.map((v) => (
        <g key={v}><line className="axis" x1={L} x2={W - R} y1={y(v)} y2={y(v)} strokeDasharray={v === yMin ? undefined : '2 3'} />
          <text x={L - 4} y={y(v) + 3} textAnchor="end">{v.toFixed(1)}</text></g>
      ))}
      {ts.length ? (<>
        <text x={L} y={H - 6}>{new Date(t0).toLocaleTimeString()}</text>
        <text x={W - R} y={H - 6} textAnchor="end">{new Date(t1).toLocaleTimeString()}</text>
      </>) : null}
      {series.map((s) => (
        <g key={s.key} data-series={s.key} data-points={s.points.length}>
          {s.points.length > 1 ? <polyline fill="none" stroke={s.color} strokeWidth={1.8} points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')} /> : null}
          {s.points.map((p, i) => <circle key={i} cx={x(p.t)} cy={y(p.v)} r={2.5} fill={s.color}><title>{`${s.label} ${p.v.toFixed(2)} at ${new Date(p.t).toLocaleTimeString()}`}</title></circle>)}
        </g>
      ))}
    </svg>
  );
}
