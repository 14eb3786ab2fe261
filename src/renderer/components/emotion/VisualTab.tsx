import { useEffect, useState } from 'react';
import type { VisualState } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { useEvents } from '../../hooks/useEvents.ts';
import { fmt2, when } from '../../format.ts';
import { ErrorBox } from '../ErrorBox.tsx';

/** The avatar cues a game client renders (expression, gesture, gaze…), updated live by `visual.changed`. */
export function VisualTab({ personaId }: { personaId: string }) {
  const [visual, setVisual] = useState<VisualState | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api.visual(personaId).then((r) => live && setVisual(r.visual), (err: unknown) => live && setError(err));
    return () => { live = false; };
  }, [personaId]);
  useEvents((ev) => {
    const d = ev.data as { persona_id?: string; data?: { visual?: VisualState } };
    if (d.persona_id === personaId && d.data?.visual) setVisual(d.data.visual);
  }, ['visual.changed']);
  return (
    <div className="card" data-testid="visual-state">
      <ErrorBox error={error} />
      {visual ? (
        <dl className="kv">
          <dt>Expression</dt><dd><strong data-testid="visual-expression">{visual.expression}</strong> <span className="muted small">({visual.expression_source})</span></dd>
          <dt>Intensity</dt><dd>{fmt2(visual.intensity)} <span className="score-bar" style={{ width: `${visual.intensity * 120}px`, background: 'var(--chart-1)' }} /></dd>
          <dt>Gesture</dt><dd>{visual.gesture ?? '—'}{visual.gesture_expires_at ? <span className="muted small"> until {when(visual.gesture_expires_at)}</span> : null}</dd>
          <dt>Animation tags</dt><dd>{visual.animation_tags.length ? visual.animation_tags.map((t) => <span className="tag" key={t}>{t}</span>) : '—'}</dd>
          <dt>Gaze</dt><dd>{visual.gaze_target ?? '—'}</dd>
          <dt>Speaking</dt><dd>{visual.speaking ? 'yes' : 'no'}</dd>
          <dt>Manual until</dt><dd>{when(visual.manual_until)}</dd>
          <dt>Updated</dt><dd>{when(visual.updated_at)}</dd>
        </dl>
      ) : !error ? <span className="muted">Loading…</span> : null}
    </div>
  );
}
