import type { EmotionBaseline } from '../../../shared/index.ts';

const AXES: { key: keyof EmotionBaseline; label: string; min: number }[] = [
  { key: 'mood', label: 'Mood', min: -1 },
  { key: 'energy_level', label: 'Energy', min: 0 },
  { key: 'stress_level', label: 'Stress', min: 0 },
  { key: 'curiosity', label: 'Curiosity', min: 0 },
];

/** The emotional baseline the persona's state regenerates toward (mood −1..1, the rest 0..1). */
export function BaselineSliders({ value, onChange, error }: { value: EmotionBaseline; onChange: (v: EmotionBaseline) => void; error?: string | undefined }) {
  return (
    <div className={error ? 'field invalid' : 'field'} data-testid="baseline-sliders">
      <label>Emotional baseline</label>
      {AXES.map((a) => (
        <div className="slider-row" key={a.key}>
          <span className="small">{a.label}</span>
          <input type="range" min={a.min} max={1} step={0.05} value={value[a.key]} aria-label={`Baseline ${a.label.toLowerCase()}`}
            onChange={(e) => onChange({ ...value, [a.key]: Number(e.target.value) })} />
          <span className="small">{value[a.key].toFixed(2)}</span>
          <span />
        </div>
      ))}
      {error ? <div className="field-error" role="alert">{error}</div> : null}
    </div>
  );
}
