// Creating a persona through the form: inline errors from the shared schema and the server, then the list.
import { test, expect, shot } from './fixtures.ts';

test('create a persona through the form and see it in the list', async ({ page, stack }, testInfo) => {
  await page.goto(`${stack.apiUrl}/#/personas`);
  const list = page.getByTestId('persona-list');
  await expect(list.getByTestId('persona-row')).toHaveCount(2); // the seeded Aria and Kira
  await shot(page, testInfo, '01-persona-list');

  await page.getByTestId('new-persona').click();
  const form = page.getByTestId('persona-form');
  // Empty name: the shared PersonaCreateInput schema refuses it before anything is sent.
  await form.getByTestId('persona-save').click();
  await expect(form.locator('.field.invalid').filter({ has: page.locator('#persona-name') }).getByRole('alert')).toBeVisible();
  // Out-of-range charisma is refused by the same schema.
  await form.getByLabel('Name', { exact: true }).fill('Brom');
  await form.getByTestId('persona-charisma').fill('42');
  await form.getByTestId('persona-save').click();
  await expect(form.locator('.field.invalid').filter({ has: page.locator('#persona-charisma') }).getByRole('alert')).toContainText(/20/);
  await shot(page, testInfo, '02-inline-errors');

  // A taken name is refused by the server (CONFLICT) and shown on the name field.
  await form.getByLabel('Name', { exact: true }).fill('aria');
  await form.getByTestId('persona-charisma').fill('9');
  await form.getByTestId('persona-save').click();
  await expect(form.locator('.field.invalid').filter({ has: page.locator('#persona-name') }).getByRole('alert')).toContainText(/already exists|taken/i);

  await form.getByLabel('Name', { exact: true }).fill('Brom');
  await form.getByTestId('persona-description').fill('A gruff dwarven smith who speaks in short sentences.');
  await form.getByTestId('persona-background').fill('Forged blades for the mountain king for forty years.');
  await form.getByTestId('persona-speaking_style').fill('terse, gruff');
  await form.getByTestId('trait-value-0').fill('80');
  await form.getByTestId('add-topic').click();
  await form.getByTestId('topic-name-0').fill('smithing');
  await form.getByTestId('topic-value-0').fill('95');
  await form.getByTestId('persona-tags').fill('dwarf, smith');
  await shot(page, testInfo, '03-filled-form');
  await form.getByTestId('persona-save').click();

  await expect(form).toBeHidden();
  const row = list.getByTestId('persona-row').filter({ hasText: 'Brom' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('smith');
  await expect(list.getByTestId('persona-row')).toHaveCount(3);
  await shot(page, testInfo, '04-created');

  // Search narrows the list by tag; the created persona carries the slider values.
  await page.getByTestId('persona-search').fill('dwarf');
  await expect(list.getByTestId('persona-row')).toHaveCount(1);
  const id = await row.getAttribute('data-persona-id');
  const stored = await (await fetch(`${stack.apiUrl}/api/personas/${id}`)).json() as { persona: { personality_traits: Record<string, number>; topic_preferences: Record<string, number>; speaking_style: string } };
  expect(stored.persona.personality_traits.openness).toBe(80);
  expect(stored.persona.topic_preferences.smithing).toBe(95);
  expect(stored.persona.speaking_style).toBe('terse, gruff');

  // Edit: the form opens with the stored values and saves a change.
  await row.getByRole('button', { name: 'Edit Brom' }).click();
  const edit = page.getByTestId('persona-form');
  await expect(edit.getByTestId('persona-speaking_style')).toHaveValue('terse, gruff');
  await expect(edit.getByTestId('topic-name-0')).toHaveValue('smithing');
  await edit.getByTestId('persona-speaking_style').fill('terse, gruff, fond of proverbs');
  await edit.getByTestId('persona-save').click();
  await expect(edit).toBeHidden();
  const edited = await (await fetch(`${stack.apiUrl}/api/personas/${id}`)).json() as { persona: { speaking_style: string; version: number; topic_preferences: Record<string, number> } };
  expect(edited.persona.speaking_style).toBe('terse, gruff, fond of proverbs');
  expect(edited.persona.version).toBe(2);
  expect(edited.persona.topic_preferences.smithing).toBe(95);
});

test('an empty search shows a designed empty state', async ({ page, stack }, testInfo) => {
  await page.goto(`${stack.apiUrl}/#/personas`);
  await page.getByTestId('persona-search').fill('no-such-persona-zzz');
  await expect(page.getByTestId('personas-empty')).toContainText('No persona matches');
  await shot(page, testInfo, 'empty-search');
});

test('a persona created through the API appears live in the open list and the activity feed', async ({ page, stack, api }, testInfo) => {
  await page.goto(`${stack.apiUrl}/#/personas`);
  await expect(page.getByTestId('live-state')).toContainText('Live');
  const rows = page.getByTestId('persona-list').getByTestId('persona-row');
  await expect(rows.first()).toBeVisible();
  await api('POST', '/api/personas', { name: 'Wren', description: 'A quiet archer.' });
  await expect(rows.filter({ hasText: 'Wren' })).toBeVisible(); // no reload: the event stream refreshed the list
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByTestId('activity-feed')).toContainText('Persona created: Wren');
  await shot(page, testInfo, 'live-activity');
});
