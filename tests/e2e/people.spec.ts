// People: everyone the personas met, across platforms — list, search and filter, a person's page
// (aliases, facts each persona holds with superseded history, relationship per persona), merging two
// identities with confirmation, and forgetting someone after typing their name. No console errors.
import { test, expect, shot } from './fixtures.ts';
import { watchProblems } from './page-problems.ts';

test('list → detail → merge → forget with typed confirmation', async ({ page, stack, api }, testInfo) => {
  const check = watchProblems(page);
  const chat = (participant: Record<string, unknown>, message: string) => api('POST', '/api/personas/Aria/chat', { participant, message });
  await chat({ id: '@bob:hs', platform: 'matrix', display_name: 'Bob' }, 'Good evening, Aria!');
  await chat({ id: 'Bob', display_name: 'Bobby' }, 'Hello from the web.');
  await chat({ id: 'dave', display_name: 'Dave' }, 'Hi Aria, Dave here.');
  const fact = (subject: string, predicate: string, content: string) => api('POST', '/api/personas/Aria/memories', {
    content, memory_type: 'fact', subject_key: subject, source_key: subject, fact_key: `${subject}|${predicate}`, importance: 0.7,
  });
  await fact('api:bob', 'lives_in', 'Bob lives in Riverwood.');
  await fact('matrix:@bob:hs', 'lives_in', 'Bob lives in Oakvale.');
  await fact('matrix:@bob:hs', 'works', 'Bob works as a fisherman.');

  await page.goto(`${stack.apiUrl}/#/people`);
  const table = page.getByTestId('people-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('people-total')).toHaveText('3 people');
  await shot(page, testInfo, '01-people');
  await page.getByRole('searchbox', { name: 'Search people' }).fill('dav');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('api:dave');
  await page.getByRole('searchbox', { name: 'Search people' }).fill('');
  await page.getByRole('combobox', { name: 'Platform' }).selectOption('matrix');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('matrix:@bob:hs');
  await check('people list');

  await table.getByRole('link', { name: 'Bob', exact: true }).click();
  const detail = page.getByTestId('person-detail');
  await expect(detail.getByRole('heading', { level: 1 })).toHaveText('Bob');
  const aria = page.getByTestId('knowledge-Aria');
  await expect(aria.getByTestId('person-facts')).toContainText('Bob lives in Oakvale.');
  await expect(aria.getByTestId('person-relationship')).toContainText('1 interaction');
  await expect(page.getByTestId('person-aliases')).toContainText('no other identities');
  await shot(page, testInfo, '02-person');

  const merge = page.getByTestId('merge-panel');
  await merge.getByRole('combobox', { name: 'Identity to merge' }).selectOption('api:bob');
  await merge.getByRole('button', { name: 'Merge into Bob' }).click();
  const confirm = page.getByRole('dialog', { name: 'Merge identities' });
  await expect(confirm).toContainText('Bobby (api:bob) becomes an alias of Bob (matrix:@bob:hs)');
  await shot(page, testInfo, '03-merge-confirm');
  await confirm.getByRole('button', { name: 'Merge' }).click();
  await expect(page.getByTestId('person-notice')).toContainText('api:bob is now an alias of Bob');
  await expect(page.getByTestId('person-aliases')).toContainText('api:bob');
  await expect(aria.getByTestId('person-relationship')).toContainText('2 interactions');
  await expect(aria.getByTestId('person-facts')).toContainText('Bob works as a fisherman.');
  const history = aria.getByTestId('person-fact-history');
  await history.locator('summary').click();
  await expect(history).toContainText('Bob lives in Riverwood.');
  await expect(history).toContainText('superseded');
  await shot(page, testInfo, '04-merged');
  const merged = await api<{ participant: { key: string } }>('GET', `/api/participant?key=${encodeURIComponent('api:bob')}`);
  expect(merged.participant.key).toBe('matrix:@bob:hs');
  await check('person page and merge');

  await page.goto(`${stack.apiUrl}/#/people/${encodeURIComponent('api:dave')}`);
  await page.getByRole('button', { name: 'Forget Dave…' }).click();
  const dialog = page.getByTestId('forget-dialog');
  await expect(dialog).toBeVisible();
  const forget = dialog.getByRole('button', { name: 'Forget for good' });
  await expect(forget).toBeDisabled();
  await dialog.getByLabel('Type Dave to confirm').fill('dave');
  await expect(forget).toBeDisabled();
  await dialog.getByLabel('Type Dave to confirm').fill('Dave');
  await expect(forget).toBeEnabled();
  await shot(page, testInfo, '05-forget-dialog');
  await forget.click();
  await expect(page).toHaveURL(/#\/people$/);
  await expect(page.getByTestId('people-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('people-table')).not.toContainText('dave');
  await shot(page, testInfo, '06-forgotten');
  const left = await api<{ total: number }>('GET', '/api/participants', { query: 'dave' });
  expect(left.total).toBe(0);
  await check('forget');
});
