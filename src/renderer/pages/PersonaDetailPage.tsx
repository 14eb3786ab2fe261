import { api } from '../api/endpoints.ts';
import { useApiData } from '../hooks/useApiData.ts';
import { useEventTick } from '../hooks/useEvents.ts';
import { href } from '../hooks/useRoute.ts';
import { isApiError } from '../api/api-error.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { ChatTab } from '../components/chat/ChatTab.tsx';
import { MemoriesTab } from '../components/memory/MemoriesTab.tsx';
import { RelationshipsTab } from '../components/relationship/RelationshipsTab.tsx';
import { EmotionTab } from '../components/emotion/EmotionTab.tsx';
import { VisualTab } from '../components/emotion/VisualTab.tsx';
import { DiscretionSetting } from '../components/persona/DiscretionSetting.tsx';

const TABS = [
  { id: 'chat', label: 'Chat playground' },
  { id: 'memories', label: 'Memories' },
  { id: 'relationships', label: 'Relationships' },
  { id: 'emotion', label: 'Emotion & energy' },
  { id: 'visual', label: 'Visual state' },
];

/**
 * One persona with its discretion setting and tabs: chat playground, memory browser (`item` = a memory
 * to open), relationships, emotion over time, visual state.
 */
export function PersonaDetailPage({ personaId, tab, item }: { personaId: string; tab: string; item?: string | undefined }) {
  const tick = useEventTick(['persona.updated', 'emotion.changed'], (ev) => (ev.data as { persona_id?: string }).persona_id === personaId);
  const persona = useApiData(() => api.getPersona(personaId), [personaId, tick]);
  if (isApiError(persona.error, 'PERSONA_NOT_FOUND')) {
    return <EmptyState title="This persona does not exist (any more)"><a href={href('personas')}>Back to the personas</a></EmptyState>;
  }
  const p = persona.data?.persona;
  const s = p?.interaction_state;
  return (
    <section>
      <div className="page-head">
        <a href={href('personas')} className="small">← Personas</a>
        <h1 data-testid="persona-title">{p?.name ?? 'Loading…'}</h1>
        {s ? <StatusBadge tone={s.is_available ? 'ok' : 'warn'}>{s.is_available ? 'available' : 'unavailable'}</StatusBadge> : null}
        {s ? <span className="small muted">energy {Math.round(s.social_energy)} · fatigue {s.interaction_fatigue.toFixed(1)} · priority {s.current_priority}</span> : null}
      </div>
      <ErrorBox error={persona.error} onRetry={persona.reload} />
      {p ? <DiscretionSetting persona={p} onSaved={persona.reload} /> : null}
      <Tabs active={tab} tabs={TABS.map((t) => ({ ...t, href: href('personas', personaId, t.id) }))} />
      {tabBody(tab, personaId, p?.name ?? '', item)}
    </section>
  );
}

function tabBody(tab: string, personaId: string, name: string, item: string | undefined) {
  switch (tab) {
    case 'chat': return <ChatTab personaId={personaId} personaName={name} />;
    case 'memories': return <MemoriesTab personaId={personaId} focus={item} />;
    case 'relationships': return <RelationshipsTab personaId={personaId} personaName={name} />;
    case 'emotion': return <EmotionTab personaId={personaId} />;
    case 'visual': return <VisualTab personaId={personaId} />;
    default: return <EmptyState title="Unknown tab" />;
  }
}
