import type { MemoryView } from '../../../shared/index.ts';
import { href } from '../../hooks/useRoute.ts';
import { evidenceIds, keyLabel, slotPredicate, supersededBy } from './memory-kinds.ts';

/**
 * The small line under a memory's text in the browser: a fact's slot, whom it is about and who said it;
 * which fact superseded an archived one; how many memories a reflection rests on.
 */
export function FactMeta({ memory: m }: { memory: MemoryView }) {
  const by = supersededBy(m);
  const evidence = evidenceIds(m);
  if (!m.fact_key && !m.subject_key && !m.source_key && !by && !evidence.length) return null;
  const link = (id: string) => href('personas', m.persona_id, 'memories', id);
  return (
    <div className="fact-meta muted" data-testid="fact-meta">
      {m.fact_key ? <>slot <code data-testid="fact-slot" title={m.fact_key}>{slotPredicate(m.fact_key)}</code> · </> : null}
      {(m.fact_key || m.subject_key) && m.subject_key === m.source_key && m.subject_key
        ? <>about and told by <span data-testid="fact-subject">{keyLabel(m.subject_key, '')}</span></>
        : <>
            {m.fact_key || m.subject_key ? <>about <span data-testid="fact-subject">{keyLabel(m.subject_key, 'the world')}</span> · </> : null}
            told by <span data-testid="fact-source">{keyLabel(m.source_key, 'nobody (own knowledge)')}</span>
          </>}
      {by ? <> · superseded by <a href={link(by)} data-testid="fact-superseded-by">the newer fact</a></> : null}
      {evidence.length ? <> · rests on <a href={link(m.id)}>{evidence.length} {evidence.length === 1 ? 'memory' : 'memories'}</a></> : null}
    </div>
  );
}
