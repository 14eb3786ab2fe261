import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import { useApiData } from '../hooks/useApiData.ts';
import { useEventTick } from '../hooks/useEvents.ts';
import { href } from '../hooks/useRoute.ts';
import { when } from '../format.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { PersonDetail } from '../components/people/PersonDetail.tsx';

/**
 * People: everyone the personas have met, across platforms (search, platform filter); a person's
 * page (`#/people/<key>`) shows aliases, what each persona knows and feels, merge and forget.
 */
export function PeoplePage({ personKey }: { personKey?: string }) {
  if (personKey) return <PersonDetail key={personKey} personKey={personKey} />;
  return <PeopleList />;
}

function PeopleList() {
  const [query, setQuery] = useState('');
  const [platform, setPlatform] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const cursor = pages[pages.length - 1];
  const tick = useEventTick(['chat.turn', 'memory.changed']);
  const all = useApiData(() => api.participants({ limit: 200 }), [tick]);
  const list = useApiData(
    () => api.participants({ limit: 50, ...(query.trim() ? { query: query.trim() } : {}), ...(platform ? { platform } : {}), ...(cursor ? { cursor } : {}) }),
    [query, platform, cursor, tick],
  );
  const platforms = [...new Set((all.data?.participants ?? []).map((p) => p.platform))].sort();
  const people = list.data?.participants ?? [];
  const reset = () => setPages([]);
  return (
    <div>
      <div className="page-head">
        <h1>People</h1>
        <span className="muted small" data-testid="people-total">{list.data ? `${list.data.total} ${list.data.total === 1 ? 'person' : 'people'}` : ''}</span>
        <div className="spacer" />
        <input type="search" aria-label="Search people" placeholder="Search name or id" value={query} style={{ maxWidth: 260 }} onChange={(e) => { setQuery(e.target.value); reset(); }} />
        <select aria-label="Platform" value={platform} style={{ maxWidth: 180 }} onChange={(e) => { setPlatform(e.target.value); reset(); }}>
          <option value="">All platforms</option>
          {platforms.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
      </div>
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && !people.length ? (
        <EmptyState title={query || platform ? 'Nobody matches' : 'No people yet'} testId="people-empty">
          {query || platform ? 'Try another search or platform.' : 'People appear here once they chat with a persona (REST, MCP, the OpenAI-compatible endpoint or a bot).'}
        </EmptyState>
      ) : null}
      {people.length ? (
        <div className="card">
          <table data-testid="people-table">
            <thead><tr><th>Name</th><th>Key</th><th>Platform</th><th>Also known as</th><th>First seen</th><th>Last seen</th></tr></thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.key}>
                  <td><a href={href('people', p.key)}>{p.display_name}</a></td>
                  <td className="small"><code>{p.key}</code></td>
                  <td>{p.platform}</td>
                  <td className="small">{p.aliases.length ? p.aliases.map((a) => <span className="tag" key={a}>{a}</span>) : <span className="muted">—</span>}</td>
                  <td className="small nowrap">{when(p.first_seen_at)}</td>
                  <td className="small nowrap">{when(p.last_seen_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row end">
            {pages.length ? <button type="button" onClick={() => setPages(pages.slice(0, -1))}>Previous</button> : null}
            {list.data?.next_cursor ? <button type="button" onClick={() => setPages([...pages, list.data?.next_cursor as string])}>Next</button> : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
