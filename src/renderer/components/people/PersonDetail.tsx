import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import type { ParticipantGetResult } from '../../api/types.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { useEventTick } from '../../hooks/useEvents.ts';
import { href, navigate } from '../../hooks/useRoute.ts';
import { fmt2, when } from '../../format.ts';
import { EmptyState } from '../EmptyState.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { ForgetDialog } from './ForgetDialog.tsx';
import { MergePanel } from './MergePanel.tsx';

type PersonaView = ParticipantGetResult['personas'][number];

/** One person: aliases, per persona the relationship and the facts it holds (superseded ones as history), merge and forget. */
export function PersonDetail({ personKey }: { personKey: string }) {
  const tick = useEventTick(['chat.turn', 'memory.changed', 'relationship.changed']);
  // While the person is being forgotten, live events no longer reload them (they would be gone).
  const [leftAt, setLeftAt] = useState<number | null>(null);
  const data = useApiData(() => api.participant(personKey), [personKey, leftAt ?? tick]);
  const [forgetting, setForgetting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const person = data.data;
  if (!person) {
    return (
      <div>
        <div className="page-head"><a href={href('people')}>← People</a></div>
        <ErrorBox error={data.error} onRetry={data.reload} />
        {data.loading ? <div className="muted">Loading…</div> : null}
      </div>
    );
  }
  const p = person.participant;
  return (
    <div data-testid="person-detail">
      <div className="page-head">
        <a href={href('people')}>← People</a>
        <h1>{p.display_name}</h1>
        <code className="small">{p.key}</code>
        <div className="spacer" />
        <button type="button" className="danger" onClick={() => setForgetting(true)}>Forget {p.display_name}…</button>
      </div>
      {person.resolved_from ? <div className="notice" data-testid="resolved-from"><code>{person.resolved_from}</code> is an alias of this person.</div> : null}
      {notice ? <div className="notice success" role="status" data-testid="person-notice">{notice}</div> : null}
      <div className="grid-2">
        <div className="card">
          <h3>Identity</h3>
          <dl className="kv">
            <dt>Platform</dt><dd>{p.platform}</dd>
            <dt>Id</dt><dd><code>{p.external_id}</code></dd>
            <dt>First seen</dt><dd>{when(p.first_seen_at)}</dd>
            <dt>Last seen</dt><dd>{when(p.last_seen_at)}</dd>
            <dt>Also known as</dt>
            <dd data-testid="person-aliases">{person.aliases.length ? person.aliases.map((a) => <span className="tag" key={a.key} title={`linked ${when(a.linked_at)}`}>{a.key}</span>) : <span className="muted">no other identities</span>}</dd>
          </dl>
        </div>
        <MergePanel primary={p} onMerged={(secondary) => { setNotice(`${secondary} is now an alias of ${p.display_name}.`); data.reload(); }} />
      </div>
      {person.personas.length ? person.personas.map((v) => <PersonaKnowledge key={v.persona_id} view={v} />) : (
        <EmptyState title="No persona knows anything about them yet" testId="person-unknown">Facts and relationships appear after they chat with a persona.</EmptyState>
      )}
      <ForgetDialog
        open={forgetting} name={p.display_name} personKey={p.key} aliases={person.aliases.map((a) => a.key)}
        onCancel={() => setForgetting(false)}
        onForget={async () => {
          setLeftAt(tick);
          try {
            await api.forgetParticipant(p.key);
          } catch (err) {
            setLeftAt(null);
            throw err;
          }
          setForgetting(false);
          navigate('people');
        }}
      />
    </div>
  );
}

/** What one persona knows about the person: the relationship and its facts, current first, superseded as history. */
function PersonaKnowledge({ view }: { view: PersonaView }) {
  const current = view.facts.filter((f) => f.status === 'active');
  const history = view.facts.filter((f) => f.status !== 'active');
  const r = view.relationship;
  return (
    <div className="card" data-testid={`knowledge-${view.persona_name}`}>
      <h3><a href={href('personas', view.persona_id, 'relationships')}>{view.persona_name}</a></h3>
      {r ? (
        <p className="small" data-testid="person-relationship">
          <span className="badge">{r.relationship_type}</span> affinity {fmt2(r.affinity)} · trust {fmt2(r.trust)} · respect {fmt2(r.respect)} · familiarity {fmt2(r.familiarity)} · {r.interaction_count} {r.interaction_count === 1 ? 'interaction' : 'interactions'} · last {when(r.last_interaction)}
        </p>
      ) : <p className="small muted">No relationship.</p>}
      <h4>What {view.persona_name} knows</h4>
      {current.length ? (
        <ul data-testid="person-facts">{current.map((f) => <li key={f.id}>{f.content} <span className="small muted">({when(f.created_at)}{f.source_key ? `, told by ${f.source_key}` : ''})</span></li>)}</ul>
      ) : <p className="small muted">No facts.</p>}
      {history.length ? (
        <details data-testid="person-fact-history">
          <summary>History ({history.length})</summary>
          <ul>{history.map((f) => <li key={f.id} className="muted"><s>{f.content}</s> <span className="small">{f.status === 'superseded' ? 'superseded' : 'archived'} {when(f.archived_at)}</span></li>)}</ul>
        </details>
      ) : null}
    </div>
  );
}
