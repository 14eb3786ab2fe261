// Memory browser: the archive view, restoring an archived memory, storing and deleting from the UI.
import { test, expect, shot } from './fixtures.ts';
import { watchProblems } from './page-problems.ts';

test('browse the archive and restore an archived memory', async ({ page, stack, api }, testInfo) => {
  const { persona } = await api<{ persona: { id: string } }>('GET', '/api/personas/Aria');
  await api('POST', `/api/personas/${persona.id}/memories`, { content: 'Met a sailor who hums sea shanties.', memory_type: 'conversation', importance: 0.3 });
  const archived = await api<{ memory_id: string }>('POST', `/api/personas/${persona.id}/memories`, { content: 'The old lighthouse key is under the third stone.', memory_type: 'secret', importance: 0.8 });
  await api('DELETE', `/api/memories/${archived.memory_id}`);

  await page.goto(`${stack.apiUrl}/#/personas/${persona.id}/memories`);
  const active = page.getByTestId('active-view');
  await expect(active.getByTestId('memory-row').filter({ hasText: 'sea shanties' })).toBeVisible();
  await expect(active.getByTestId('memory-row').filter({ hasText: 'lighthouse key' })).toHaveCount(0);
  await expect(page.getByTestId('importance-chart').locator('rect.bar[data-count]:not([data-count="0"])').first()).toBeVisible();
  await shot(page, testInfo, '01-active');

  await page.getByTestId('view-archive').click();
  const archive = page.getByTestId('archive-view');
  const row = archive.getByTestId('memory-row').filter({ hasText: 'lighthouse key' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('deleted');
  await shot(page, testInfo, '02-archive');
  await row.getByTestId('memory-restore').click();
  await expect(archive.getByTestId('memory-row').filter({ hasText: 'lighthouse key' })).toHaveCount(0);
  await expect(page.getByTestId('archive-empty')).toBeVisible();

  await page.getByTestId('view-active').click();
  await expect(page.getByTestId('active-view').getByTestId('memory-row').filter({ hasText: 'lighthouse key' })).toBeVisible();
  const restored = await api<{ memory: { archived: boolean; restored_at: string | null } }>('GET', `/api/memories/${archived.memory_id}`);
  expect(restored.memory.archived).toBe(false);
  expect(restored.memory.restored_at).not.toBeNull();
  await shot(page, testInfo, '03-restored');
});

test('store a memory, find it by search, delete it to the archive', async ({ page, stack, api }, testInfo) => {
  const { persona } = await api<{ persona: { id: string } }>('GET', '/api/personas/Kira');
  await page.goto(`${stack.apiUrl}/#/personas/${persona.id}/memories`);
  await page.getByTestId('memory-content').fill('The blacksmith owes Kira three silver coins.');
  await page.getByTestId('memory-store').click();
  const rows = page.getByTestId('active-view').getByTestId('memory-row');
  await expect(rows.filter({ hasText: 'three silver coins' })).toBeVisible();

  await page.getByTestId('memory-search').fill('silver coins');
  await expect(rows.filter({ hasText: 'three silver coins' })).toBeVisible();
  await shot(page, testInfo, '01-search');
  await rows.filter({ hasText: 'three silver coins' }).getByTestId('memory-delete').click();
  await expect(rows.filter({ hasText: 'three silver coins' })).toHaveCount(0);
  await page.getByTestId('memory-search').fill('');
  await page.getByTestId('view-archive').click();
  await expect(page.getByTestId('archive-view').getByTestId('memory-row').filter({ hasText: 'three silver coins' })).toBeVisible();
});

test('browse by kind: a stored fact shows its slot, whom it is about and who said it, and opens with its slot', async ({ page, stack, api }, testInfo) => {
  const { persona } = await api<{ persona: { id: string } }>('GET', '/api/personas/Kira');
  const fact = await api<{ memory_id: string }>('POST', `/api/personas/${persona.id}/memories`, {
    content: 'Wren keeps bees behind the mill.', memory_type: 'fact', subject_key: 'api:wren', source_key: 'api:wren', fact_key: 'api:wren|has:bees',
  });
  await api('POST', `/api/personas/${persona.id}/memories`, {
    content: 'Wren owes the miller two coins.', memory_type: 'fact', subject_key: 'api:wren', source_key: 'api:miller', fact_key: 'api:wren|owes',
  });
  await api('POST', `/api/personas/${persona.id}/memories`, { content: 'Wren said: I keep bees behind the mill.', memory_type: 'conversation' });
  await api('POST', `/api/personas/${persona.id}/memories`, { content: 'The mill wheel creaks at night.', memory_type: 'observation' });

  await page.goto(`${stack.apiUrl}/#/personas/${persona.id}/memories`);
  const rows = page.getByTestId('active-view').getByTestId('memory-row');
  await expect(rows.filter({ hasText: 'mill wheel' })).toBeVisible();
  await page.getByTestId('kind-fact').click();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'bees' }).getByTestId('fact-meta')).toHaveText('slot has:bees · about and told by wren (api)');
  await expect(rows.filter({ hasText: 'owes' }).getByTestId('fact-meta')).toHaveText('slot owes · about wren (api) · told by miller (api)');
  await expect(page.getByLabel('Memory type', { exact: true })).toHaveValue('fact');
  await shot(page, testInfo, '01-facts');
  await page.getByTestId('kind-episode').click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Wren said: I keep bees behind the mill.');
  await expect(rows.getByTestId('memory-kind')).toHaveText('episode');
  // A memory of another type selects no kind; All lists everything again.
  await page.getByLabel('Memory type', { exact: true }).selectOption('observation');
  await expect(page.getByTestId('memory-kinds').getByRole('radio', { checked: true })).toHaveCount(0);
  await page.getByTestId('kind-all').click();
  await expect(rows.filter({ hasText: 'Wren' })).toHaveCount(3);

  await rows.filter({ hasText: 'Wren keeps bees' }).getByTestId('memory-open').click();
  const detail = page.getByTestId('memory-detail');
  await expect(detail).toHaveAttribute('data-memory-id', fact.memory_id);
  await expect(detail.getByTestId('memory-detail-slot')).toHaveText('api:wren|has:bees');
  await expect(detail.getByTestId('fact-history-entry')).toHaveCount(1);
  await expect(detail.getByTestId('fact-history-entry')).toHaveAttribute('data-current', 'true');
  await shot(page, testInfo, '02-opened-fact');
  await detail.getByTestId('memory-detail-close').click();
  await expect(detail).toBeHidden();
});

test('a reflection opens with the memories it rests on, and says when one is gone for good', async ({ page, stack, api }, testInfo) => {
  const { persona } = await api<{ persona: { id: string } }>('GET', '/api/personas/Kira');
  const store = (content: string, extra: Record<string, unknown> = {}) => api<{ memory_id: string }>('POST', `/api/personas/${persona.id}/memories`, { content, memory_type: 'observation', ...extra });
  const a = await store('Tamsin asked about the northern pass twice.');
  const b = await store('Tamsin bought rope and a lantern.');
  const c = await store('Tamsin studied an old map of the peaks.');
  await api('DELETE', `/api/memories/${c.memory_id}`, { hard: true });
  const reflection = await store('Tamsin is preparing to cross the mountains.', { memory_type: 'reflection', metadata: { evidence: [a.memory_id, b.memory_id, c.memory_id] } });

  const check = watchProblems(page);
  await page.goto(`${stack.apiUrl}/#/personas/${persona.id}/memories`);
  await page.getByTestId('kind-reflection').click();
  const rows = page.getByTestId('active-view').getByTestId('memory-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.getByTestId('fact-meta')).toHaveText('rests on 3 memories');
  await rows.getByTestId('memory-open').click();
  const detail = page.getByTestId('memory-detail');
  await expect(detail).toHaveAttribute('data-memory-id', reflection.memory_id);
  await expect(detail.getByTestId('memory-detail-kind')).toHaveText('reflection');
  const evidence = detail.getByTestId('evidence-entry');
  await expect(evidence).toHaveText(['Tamsin asked about the northern pass twice.', 'Tamsin bought rope and a lantern.', 'a memory that was deleted permanently']);
  await shot(page, testInfo, 'reflection-evidence');
  await page.waitForLoadState('networkidle');
  // The purged evidence answers 404: the page says so where the memory would be.
  await check('reflection', [{ url: new RegExp(`/api/memories/${c.memory_id}`), status: 404, shownBy: 'evidence-missing' }]);
  await evidence.nth(1).getByRole('link').click();
  await expect(detail).toHaveAttribute('data-memory-id', b.memory_id);
  await expect(detail.getByTestId('memory-detail-content')).toHaveText('Tamsin bought rope and a lantern.');
  await page.waitForLoadState('networkidle');
  await check('evidence memory');
});
