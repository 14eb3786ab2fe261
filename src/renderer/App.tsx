import { lazy, Suspense } from 'react';
import { useRoute, href } from './hooks/useRoute.ts';
import { useStreamState } from './hooks/useEvents.ts';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { PersonasPage } from './pages/PersonasPage.tsx';
import { EmptyState } from './components/EmptyState.tsx';

// Pages that need the shared zod schemas load on demand, so the first screen parses less script.
const PersonaDetailPage = lazy(() => import('./pages/PersonaDetailPage.tsx').then((m) => ({ default: m.PersonaDetailPage })));
const BotsPage = lazy(() => import('./pages/BotsPage.tsx').then((m) => ({ default: m.BotsPage })));
const PeoplePage = lazy(() => import('./pages/PeoplePage.tsx').then((m) => ({ default: m.PeoplePage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })));

const NAV = [
  { id: 'overview', label: 'Overview' },
  { id: 'personas', label: 'Personas' },
  { id: 'people', label: 'People' },
  { id: 'bots', label: 'Bots' },
  { id: 'settings', label: 'Settings' },
];

/** The dashboard shell: sidebar navigation, live-stream indicator and the routed page. */
export function App() {
  const route = useRoute();
  const section = route[0] ?? 'overview';
  const live = useStreamState();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">Persona-MCP</div>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a key={n.id} href={href(n.id)} className={section === n.id ? 'nav-link active' : 'nav-link'} aria-current={section === n.id ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <div className={`live live-${live}`} data-testid="live-state" title="Live event stream">
          <span className="dot" /> {live === 'open' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Offline'}
        </div>
      </aside>
      <main className="content"><Suspense fallback={<div className="muted">Loading…</div>}>{page(section, route)}</Suspense></main>
    </div>
  );
}

function page(section: string, route: string[]) {
  switch (section) {
    case 'overview': return <OverviewPage />;
    case 'personas': return route[1] ? <PersonaDetailPage personaId={route[1]} tab={route[2] ?? 'chat'} item={route[3]} /> : <PersonasPage />;
    case 'people': return <PeoplePage {...(route[1] ? { personKey: route[1] } : {})} />;
    case 'bots': return <BotsPage />;
    case 'settings': return <SettingsPage />;
    default: return <EmptyState title="Page not found"><a href={href('overview')}>Go to the overview</a></EmptyState>;
  }
}
