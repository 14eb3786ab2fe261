import type { NamedScore } from './persona-form.model.ts';

/** Editable list of named 0–100 sliders (personality traits, topic preferences). */
export function ScoreSliders({ rows, onChange, kind, error }: { rows: NamedScore[]; onChange: (rows: NamedScore[]) => void; kind: 'trait' | 'topic'; error?: string | undefined }) {
  const set = (i: number, patch: Partial<NamedScore>) => onChange(rows.map((r, n) => (n === i ? { ...r, ...patch } : r)));
  return (
    <div className={error ? 'field invalid' : 'field'} data-testid={`${kind}-sliders`}>
      <label>{kind === 'trait' ? 'Personality traits' : 'Topics'}</label>
      {rows.length === 0 ? <div className="hint">{kind === 'trait' ? 'No traits yet.' : 'No topics yet — add what this persona likes to talk about.'}</div> : null}
      {rows.map((r, i) => (
        <div className="slider-row" key={i}>
          <input type="text" aria-label={`${kind} ${i + 1} name`} value={r.key} placeholder={kind === 'trait' ? 'trait' : 'topic'} data-testid={`${kind}-name-${i}`}
            onChange={(e) => set(i, { key: e.target.value })} />
          <input type="range" min={0} max={100} step={1} value={r.value} aria-label={`${r.key || kind} value`} data-testid={`${kind}-value-${i}`}
            onChange={(e) => set(i, { value: Number(e.target.value) })} />
          <span className="small">{r.value}</span>
          <button type="button" className="small" aria-label={`Remove ${r.key || kind}`} onClick={() => onChange(rows.filter((_, n) => n !== i))}>✕</button>
        </div>
      ))}
      <button type="button" className="small" data-testid={`add-${kind}`} onClick={() => onChange([...rows, { key: '', value: 50 }])}>
        {kind === 'trait' ? 'Add trait' : 'Add topic'}
      </button>
      {error ? <div className="field-error" role="alert">{error}</div> : null}
    </div>
  );
}
