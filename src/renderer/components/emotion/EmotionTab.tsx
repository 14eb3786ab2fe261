import { useEffect, useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { emotionPoints, recordEmotion, type EmotionPoint } from '../../hooks/events-store.ts';
import { useEvents } from '../../hooks/useEvents.ts';
import { fmt2 } from '../../format.ts';
import { LineChart, type Series } from '../charts/LineChart.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import type { EmotionView } from '../../../shared/index.ts';

const LINES: { key: keyof Omit<EmotionPoint, 'at'>; label: string; color: string }[] = [
  { key: 'mood', label: 'mood', color: 'var(--chart-1)' },
  { key: 'energy_level', label: 'energy', color: 'var(--chart-2)' },
  { key: 'stress_level', label: 'stress', color: 'var(--chart-3)' },
  { key: 'curiosity', label: 'curiosity', color: 'var(--chart-4)' },
  { key: 'social_battery', label: 'social battery', color: 'var(--chart-5)' },
];

/** Emotion and energy over time: the current state plus every live `emotion.changed` since the page opened. */
export function EmotionTab({ personaId }: { personaId: string }) {
  const [current, setCurrent] = useState<EmotionView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    // The state regenerates toward the baseline between events, so it is also sampled every 30 s.
    const sample = () => api.emotion(personaId).then((r) => {
      if (!live) return;
      recordEmotion(personaId, r.emotional_state);
      setCurrent(r.emotional_state);
      setError(null);
    }, (err: unknown) => live && setError(err));
    void sample();
    const timer = setInterval(() => void sample(), 30_000);
    return () => { live = false; clearInterval(timer); };
  }, [personaId]);
  useEvents((ev) => {
    const d = ev.data as { persona_id?: string; data?: { emotional_state?: EmotionView } };
    if (d.persona_id !== personaId) return;
    if (d.data?.emotional_state) setCurrent(d.data.emotional_state);
    setTick((t) => t + 1);
  }, ['emotion.changed']);
  const points = emotionPoints(personaId);
  const series: Series[] = LINES.map((l) => ({ key: l.key, label: l.label, color: l.color, points: points.map((p) => ({ t: p.at, v: p[l.key] })) }));
  return (
    <div className="grid-2" style={{ gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)' }}>
      <div className="card">
        <div className="legend">{LINES.map((l) => <span key={l.key}><i style={{ background: l.color }} />{l.label}</span>)}</div>
        <LineChart series={series} yMin={-1} yMax={1} label="Emotion and energy over time" testId="emotion-chart" />
        <div className="small muted">{points.length} readings since this page opened: sampled every 30 s, plus every change from any client as it happens.</div>
      </div>
      <div className="card" data-testid="emotion-current">
        <h3>Now</h3>
        <ErrorBox error={error} />
        {current ? (
          <dl className="kv">
            <dt>Emotion</dt><dd><strong data-testid="emotion-label">{current.emotion}</strong></dd>
            <dt>Mood</dt><dd data-testid="emotion-mood">{fmt2(current.mood)}</dd>
            <dt>Energy</dt><dd data-testid="emotion-energy">{fmt2(current.energy_level)}</dd>
            <dt>Stress</dt><dd>{fmt2(current.stress_level)}</dd>
            <dt>Curiosity</dt><dd>{fmt2(current.curiosity)}</dd>
            <dt>Social battery</dt><dd>{fmt2(current.social_battery)}</dd>
            <dt>Baseline mood</dt><dd>{fmt2(current.baseline.mood)}</dd>
            <dt>Updated</dt><dd className="small">{new Date(current.last_updated).toLocaleString()}</dd>
          </dl>
        ) : <span className="muted">Loading…</span>}
      </div>
    </div>
  );
}
