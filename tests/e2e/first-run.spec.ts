// The dashboard as a new user meets it: a fresh install with no LLM server running (chats are
// answered by the offline responder). Every page opens without console errors or unexplained failed
// requests; the overview shows what happened before it opened; forms speak plainly; the playground
// asks who is talking; tables fit their cards.
import { userInfo } from 'node:os';
import { test, expect, shot, type ApiCall } from './fixtures.ts';
import { watchProblems } from './page-problems.ts';

test.use({ llmServer: 'none' });

async function personaId(api: ApiCall, name: string): Promise<string> {
  return (await api<{ persona: { id: string } }>('GET', `/api/personas/${name}`)).persona.id;
}

test('with no LLM server every page opens without console errors or unexplained failed requests', async ({ page, stack, api }, testInfo) => {
  // Really no LLM: the configured URL refuses connections, and the services say so.
  const llm = await api<{ llm: { base_url: string }; health: { ok: boolean } }>('GET', '/api/settings/llm');
  expect(llm.health.ok).toBe(false);
  await expect(fetch(llm.llm.base_url)).rejects.toThrow();

  // Some history to show: a chat (answered offline), a relationship between personas, a memory.
  const aria = await personaId(api, 'Aria');
  await api('POST', '/api/personas/Aria/chat', { message: 'Hello there', participant: { id: 'e2e-tester', display_name: 'Tess' } });
  await api('POST', '/api/personas/Aria/relationship', { persona2_id: 'Kira', interaction_quality: 0.6, duration_minutes: 20 });
  await api('POST', '/api/personas/Aria/memories', { content: 'Kira owes Aria a map of the northern pass.', memory_type: 'observation', importance: 0.7 });

  const check = watchProblems(page);
  await page.goto(`${stack.apiUrl}/#/overview`);
  await expect(page.getByTestId('llm-status')).toHaveText('unreachable');
  await expect(page.getByTestId('persona-count')).toHaveText('2');
  await expect(page.getByTestId('live-state')).toContainText('Live');
  await page.waitForLoadState('networkidle');
  await check('overview');
  await shot(page, testInfo, '01-overview');

  await page.goto(`${stack.apiUrl}/#/personas`);
  await expect(page.getByTestId('persona-list').getByTestId('persona-row')).toHaveCount(2);
  await page.waitForLoadState('networkidle');
  await check('personas');

  for (const tab of ['chat', 'memories', 'relationships', 'emotion', 'visual']) {
    await page.goto(`${stack.apiUrl}/#/personas/${aria}/${tab}`);
    await expect(page.getByTestId('persona-title')).toHaveText('Aria');
    await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    await check(`persona detail, ${tab} tab`);
    await shot(page, testInfo, `02-persona-${tab}`);
  }

  await page.goto(`${stack.apiUrl}/#/people`);
  await expect(page.getByTestId('people-table').locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('people-table').getByRole('link', { name: 'Tess' }).click();
  await expect(page.getByTestId('knowledge-Aria').getByTestId('person-relationship')).toContainText('1 interaction');
  await page.waitForLoadState('networkidle');
  await check('people');
  await shot(page, testInfo, '02-people');

  await page.goto(`${stack.apiUrl}/#/bots`);
  await expect(page.getByTestId('bot-table').getByTestId('bot-row')).toHaveCount(2);
  await page.getByTestId('bot-table').getByRole('button', { name: 'Aria', exact: true }).click();
  await expect(page.getByTestId('bot-config-form')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await check('bots');
  await shot(page, testInfo, '03-bots');

  await page.goto(`${stack.apiUrl}/#/settings`);
  await expect(page.getByTestId('llm-health')).toHaveText('unreachable');
  await expect(page.getByTestId('mcp-snippet')).toContainText('--stdio');
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await check('settings');
  await shot(page, testInfo, '04-settings');
});

test('the overview lists the chats held before it opened, then new ones live', async ({ page, stack, api }, testInfo) => {
  await api('POST', '/api/personas/Kira/chat', { message: 'Any news from the harbour?', participant: { id: 'quill', display_name: 'Quill' } });
  await api('POST', '/api/personas/Kira/chat', { message: 'And the weather?', participant: { id: 'quill', display_name: 'Quill' } });
  await page.goto(`${stack.apiUrl}/#/overview`);
  const items = page.getByTestId('activity-feed').getByTestId('activity-item');
  const quill = items.filter({ hasText: 'Quill' });
  await expect(quill).toHaveCount(1);
  await expect(quill).toContainText('Kira');
  await expect(quill).toContainText('And the weather?');
  await expect(page.getByTestId('activity-empty')).toHaveCount(0);
  await shot(page, testInfo, '01-history');

  // A chat while the page is open arrives live, on top, without a reload.
  await api('POST', '/api/personas/Aria/chat', { message: 'Sing me something from the coast', participant: { id: 'wren', display_name: 'Wren' } });
  await expect(items.first()).toContainText('Sing me something from the coast');
  await expect(items.first()).toContainText('Aria');
  await shot(page, testInfo, '02-live');
});

test('the persona form says what is wrong in plain words, naming the field', async ({ page, stack }, testInfo) => {
  await page.goto(`${stack.apiUrl}/#/personas`);
  await page.getByTestId('new-persona').click();
  const form = page.getByTestId('persona-form');
  const errorOf = (id: string) => form.locator('.field.invalid').filter({ has: page.locator(`#persona-${id}`) }).getByRole('alert');
  await form.getByTestId('persona-save').click();
  await expect(errorOf('name')).toHaveText('Name is required');
  await form.getByLabel('Name', { exact: true }).fill('Brom');
  await form.getByTestId('persona-charisma').fill('42');
  await form.getByTestId('persona-intelligence').fill('2.5');
  await form.getByTestId('persona-save').click();
  await expect(errorOf('charisma')).toHaveText('Charisma must be at most 20');
  await expect(errorOf('intelligence')).toHaveText('Intelligence must be a whole number');
  await expect(form).not.toContainText(/Too (small|big)|expected|>=|<=/);
  await shot(page, testInfo, 'plain-errors');
});

test('the playground asks who is talking, remembers it in this browser, and the persona answers that name', async ({ page, stack, api }, testInfo) => {
  const aria = await personaId(api, 'Aria');
  const kira = await personaId(api, 'Kira');
  const check = watchProblems(page);
  await page.goto(`${stack.apiUrl}/#/personas/${aria}/chat`);
  const who = page.getByTestId('chat-who');
  await expect(who).toContainText('Who is talking?');
  await expect(page.getByTestId('chat-input')).toBeDisabled();
  // Until this browser knows a name, the prompt offers the account running the server (the operator's on a desktop).
  await expect(who.getByLabel('Your name')).toHaveValue(userInfo().username);
  await shot(page, testInfo, '01-who-is-talking');
  await who.getByLabel('Your name').fill('Mara');
  await who.getByRole('button', { name: 'Start chatting' }).click();
  await expect(page.getByTestId('chat-as')).toHaveText('Mara');

  await page.getByTestId('chat-input').fill('Hello');
  await page.getByTestId('chat-send').click();
  // No LLM: the offline responder greets with the persona's first message, addressed to the speaker.
  await expect(page.getByTestId('chat-reply').last()).toContainText('Well met, Mara!');
  await expect(page.getByTestId('chat-log')).not.toContainText('Dashboard');
  await shot(page, testInfo, '02-greeted-by-name');

  // Remembered per browser: after a reload and in another persona's playground, no question again.
  await page.reload();
  await expect(page.getByTestId('chat-as')).toHaveText('Mara');
  await page.goto(`${stack.apiUrl}/#/personas/${kira}/chat`);
  await expect(page.getByTestId('chat-as')).toHaveText('Mara');
  await expect(page.getByTestId('chat-input')).toBeEnabled();
  // The name can be changed.
  await page.getByRole('button', { name: 'Change name' }).click();
  await page.getByTestId('chat-who').getByLabel('Your name').fill('Mara Vell');
  await page.getByTestId('chat-who').getByRole('button', { name: 'Start chatting' }).click();
  await expect(page.getByTestId('chat-as')).toHaveText('Mara Vell');
  await check('chat playground, offline replies');
});

test('the relationships table shows every column inside its card', async ({ page, stack, api }, testInfo) => {
  const aria = await personaId(api, 'Aria');
  await api('POST', '/api/personas/Aria/relationship', { persona2_id: 'Kira', interaction_quality: 0.4 });
  await api('POST', '/api/personas/Aria/relationship', { participant: { id: 'long-name', display_name: 'Bartholomew of the Northern Reaches' }, interaction_quality: 0.2 });
  await page.goto(`${stack.apiUrl}/#/personas/${aria}/relationships`);
  const table = page.getByTestId('relationship-table');
  await expect(table).toContainText('Bartholomew');
  const card = table.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " card ")][1]');
  const cardBox = await card.boundingBox();
  for (const header of ['With', 'Turns', 'Last']) {
    const box = await table.locator('th', { hasText: header }).boundingBox();
    expect(box, `${header} header is laid out`).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0), `${header} column ends inside the card`).toBeLessThanOrEqual((cardBox?.x ?? 0) + (cardBox?.width ?? 0));
  }
  expect(await card.evaluate((el) => el.scrollWidth - el.clientWidth), 'the card does not scroll sideways').toBeLessThanOrEqual(0);
  await shot(page, testInfo, 'relationships');
});

test('a name typed before the server suggests one is kept (the suggestion fills the field only until the person types)', async ({ page, stack, api }) => {
  const aria = await personaId(api, 'Aria');
  // The suggestion comes from /api/health; hold it back until the person has typed.
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/api/health', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${stack.apiUrl}/#/personas/${aria}/chat`);
  const name = page.getByTestId('chat-who').getByLabel('Your name');
  await expect(name).toHaveValue('');
  await name.fill('Rowan');
  const health = page.waitForResponse('**/api/health');
  release();
  await health;
  await page.waitForTimeout(200);
  await expect(name).toHaveValue('Rowan');
  await page.getByTestId('chat-who').getByRole('button', { name: 'Start chatting' }).click();
  await expect(page.getByTestId('chat-as')).toHaveText('Rowan');
});
