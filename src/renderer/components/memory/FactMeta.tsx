import { Fragment } from 'react';
import type { MemoryView } from '../../../shared/index.ts';
import { href } from '../../hooks/useRoute.ts';
import { metaParts } from './memory-kinds.ts';

/**
 * The small line under a memory's text in the browser: a fact's slot, whom it is about and who said it;
 * which fact superseded an archived one; how many memories a reflection rests on (`metaParts`).
 */
export function FactMeta({ memory: m }: { memory: MemoryView }) {
  const parts = metaParts(m);
  if (!parts.length) return null;
  return (
    <div className="fact-meta muted" data-testid="fact-meta">
      {parts.map((p, i) => {
        const value = p.code ? <code title={p.title}>{p.value}</code> : p.value;
        return (
          <Fragment key={p.testId}>
            {i ? ' · ' : ''}{p.label}{' '}
            {p.link
              ? <a href={href('personas', m.persona_id, 'memories', p.link)} data-testid={p.testId}>{value}</a>
              : <span data-testid={p.testId}>{value}</span>}
          </Fragment>
        );
      })}
    </div>
  );
}
