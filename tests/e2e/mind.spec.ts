// The persona mind in the dashboard, with no LLM server (the offline responder and the rule-based fact
// extraction answer): the playground lists the facts each turn taught Aria, the memory browser shows
// them by kind with their slot and the superseded history, and the persona page sets Aria's discretion
// — which decides whether she tells Dave what Bob told her.
import type { Locator, Page } from '@playwright/test';
import { test, expect, shot, type ApiCall } from './fixtures.ts';
import { watchProblems } from './page-problems.ts';

test.use({ llmServer: 'none' });

interface PersonaBody { persona: { id: string; first_mes: string; memory_policy: Record<string, unknown> | null } }
const aria = (api: ApiCall) => api<PersonaBody>('GET', '/api/personas/Aria');

async function say(page: Page, message: string): Promise<Locator> {
  const before = await page.getByTestId('chat-reply').count();
  await page.getByTestId('chat-input').fill(message);
  await page.getByTestId('chat-send').click();
  await expect(page.getByTestId('chat-reply')).toHaveCount(before + 1);
  await expect(page.getByTestId('chat-send')).toBeVisible();
  return page.getByTestId('chat-reply').last();
}

async function talkAs(page: Page, name: string): Promise<void> {
  const prompt = page.getByTestId('chat-who');
  await expect(prompt.or(page.getByTestId('chat-as'))).toBeVisible();
  if (!(await prompt.isVisible())) await page.getByRole('button', { name: 'Change name' }).click();
  // The prompt offers the server's account once /api/health answers: fill in the name after that.
  await page.waitForLoadState('networkidle');
  await prompt.getByLabel('Your name').fill(name);
  await expect(prompt.getByLabel('Your name')).toHaveValue(name);
  await prompt.getByRole('button', { name: 'Start chatting' }).click();
  await expect(page.getByTestId('chat-as')).toHaveText(name);
}

test('the playground shows the facts learned; the browser shows facts by kind, a slot and its superseded history', async ({ page, stack, api }, testInfo) => {
  const { persona } = await aria(api);
  const check = watchProblems(page);
  await page.goto(`${stack.apiUrl}/#/personas/${persona.id}/chat`);
  await talkAs(page, 'Bob');

  // X1: two facts (F10, F3); none for "my name is Bob" (the speaker's own name); the reply is Aria's first message.
  let reply = await say(page, "Hello Aria! My name is Bob, I'm a blacksmith and I live in Riverwood.");
  await expect(reply).toContainText(persona.first_mes.replaceAll('{{user}}', 'Bob').replaceAll('{{char}}', 'Aria'));
  let facts = reply.getByTestId('chat-fact');
  await expect(facts).toHaveText(['Learned: Bob is a blacksmith.', 'Learned: Bob lives in Riverwood.']);
  await shot(page, testInfo, '01-first-facts');

  // X3: a like and a dislike; the reply confirms the first new fact.
  reply = await say(page, 'I love dragon stories. I hate rain.');
  await expect(reply).toContainText("You like dragon stories — I'll remember that, Bob.");
  await expect(reply.getByTestId('chat-fact')).toHaveText(['Learned: Bob likes dragon stories.', 'Learned: Bob dislikes rain.']);

  // X4: the new home supersedes the old one; the reply names the new fact.
  reply = await say(page, 'Actually I live in Oakvale now.');
  await expect(reply).toContainText("You live in Oakvale now — I'll remember that, Bob.");
  facts = reply.getByTestId('chat-fact');
  await expect(facts).toHaveText(['Learned: Bob lives in Oakvale now. (replaces Bob lives in Riverwood.)']);
  await expect(facts.getByTestId('chat-fact-replaced')).toHaveAttribute('href', /#\/personas\/[^/]+\/memories\/[0-9a-f-]{36}$/);
  await shot(page, testInfo, '02-superseding-fact');
  await check('chat');

  // The learned fact links to the memory: its slot, whom it is about, who said it, and the slot's history.
  await facts.filter({ hasText: 'Oakvale' }).getByTestId('chat-fact-link').click();
  await expect(page).toHaveURL(/#\/personas\/[^/]+\/memories\/[0-9a-f-]{36}$/);
  const detail = page.getByTestId('memory-detail');
  await expect(detail.getByTestId('memory-detail-content')).toHaveText('Bob lives in Oakvale now.');
  await expect(detail.getByTestId('memory-detail-kind')).toHaveText('fact');
  await expect(detail.getByTestId('memory-detail-state')).toHaveText('active');
  await expect(detail.getByTestId('memory-detail-slot')).toHaveText(/\|lives_in$/);
  await expect(detail.getByTestId('memory-detail-subject')).toContainText('bob');
  await expect(detail.getByTestId('memory-detail-source')).toHaveText(await detail.getByTestId('memory-detail-subject').innerText());
  const history = detail.getByTestId('fact-history-entry');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText('Bob lives in Oakvale now.');
  await expect(history.nth(0)).toHaveAttribute('data-current', 'true');
  await expect(history.nth(1)).toContainText('Bob lives in Riverwood.');
  await expect(history.nth(1)).toContainText('superseded');
  await shot(page, testInfo, '03-fact-and-history');

  // The archived fact opens too and names the fact that replaced it.
  await history.nth(1).getByRole('link').click();
  await expect(detail.getByTestId('memory-detail-content')).toHaveText('Bob lives in Riverwood.');
  await expect(detail.getByTestId('memory-detail-state')).toContainText('archived');
  await expect(detail.getByTestId('memory-detail-state')).toContainText('superseded');
  await detail.getByTestId('memory-detail-superseded-by').click();
  await expect(detail.getByTestId('memory-detail-content')).toHaveText('Bob lives in Oakvale now.');

  // Kinds: facts only, then episodes only (Bob's words, never the reply), then everything.
  const rows = page.getByTestId('active-view').getByTestId('memory-row');
  await page.getByTestId('kind-fact').click();
  await expect(page.getByTestId('kind-fact')).toHaveAttribute('aria-checked', 'true');
  await expect(rows).toHaveCount(4);
  await expect(rows.getByTestId('memory-kind')).toHaveText(['fact', 'fact', 'fact', 'fact']);
  await expect(rows.filter({ hasText: 'Bob lives in Riverwood.' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Bob dislikes rain.' }).getByTestId('fact-slot')).toHaveText('pref:rain');
  await shot(page, testInfo, '04-facts-kind');
  await page.getByTestId('kind-episode').click();
  await expect(rows.filter({ hasText: 'Bob said: I love dragon stories. I hate rain.' })).toHaveCount(1);
  await expect(rows.getByTestId('memory-kind')).toHaveText(Array((await rows.count())).fill('episode'));
  await expect(rows.filter({ hasText: 'I responded' })).toHaveCount(0);
  await page.getByTestId('kind-all').click();
  await expect(rows.filter({ hasText: 'Bob is a blacksmith.' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Bob said: Actually I live in Oakvale now.' })).toHaveCount(1);

  // The archive's facts: the superseded one, with a link to its successor.
  await page.getByTestId('view-archive').click();
  await page.getByTestId('kind-fact').click();
  const archived = page.getByTestId('archive-view').getByTestId('memory-row');
  await expect(archived).toHaveCount(1);
  await expect(archived).toContainText('Bob lives in Riverwood.');
  await expect(archived).toContainText('superseded');
  await expect(archived.getByTestId('fact-superseded-by')).toBeVisible();
  await shot(page, testInfo, '05-archived-fact');
  await page.waitForLoadState('networkidle');
  await check('memories');
});

test('discretion on the persona page: the setting, its meaning, and what Aria tells Dave about Bob', async ({ page, stack, api }, testInfo) => {
  const { persona } = await aria(api);
  // Bob tells Aria about himself in private (REST, platform api): X1 and X4.
  const bob = { id: 'bob', display_name: 'Bob' };
  await api('POST', '/api/personas/Aria/chat', { message: "Hello Aria! My name is Bob, I'm a blacksmith and I live in Riverwood.", participant: bob });
  await api('POST', '/api/personas/Aria/chat', { message: 'Actually I live in Oakvale now.', participant: bob });
  const check = watchProblems(page);
  await page.goto(`${stack.apiUrl}/#/personas/${persona.id}/chat`);
  const setting = page.getByTestId('discretion-setting');
  await expect(setting.getByTestId('discretion-select')).toHaveValue('inherit');
  await expect(setting.getByTestId('discretion-select').locator('option[value="inherit"]')).toHaveText('Global setting (discreet)');
  await expect(setting.getByTestId('discretion-sentence')).toHaveText('Discreet: Aria only repeats what someone told it to that person, to people who were present, or when it is public.');

  // X7: discreet, Dave learns nothing of what Bob said in private.
  await talkAs(page, 'Dave');
  let reply = await say(page, 'What do you know about Bob?');
  await expect(reply).toContainText('Good question, Dave. Let me think about that.');
  await expect(page.getByTestId('chat-details').getByTestId('memory-used').filter({ hasText: /Bob (is|lives|likes|dislikes)/ })).toHaveCount(0);
  await shot(page, testInfo, '01-discreet');

  await setting.getByTestId('discretion-select').selectOption('open');
  await expect(setting).toHaveAttribute('data-effective', 'open');
  await expect(setting.getByTestId('discretion-sentence')).toHaveText('Open: Aria may repeat anything it was told to anyone, except secrets.');
  expect((await aria(api)).persona.memory_policy).toMatchObject({ discretion: 'open' });

  // X8: open, she recalls one of Bob's active facts — never the superseded one.
  reply = await say(page, 'What do you know about Bob?');
  await expect(reply).toContainText(/I recall that Bob (is a blacksmith|lives in Oakvale now|likes dragon stories|dislikes rain)/);
  await expect(reply).not.toContainText('Riverwood');
  await shot(page, testInfo, '02-open');

  // The choice survives a reload; back to the global setting removes the override.
  await page.reload();
  await expect(page.getByTestId('discretion-select')).toHaveValue('open');
  await page.getByTestId('discretion-select').selectOption('inherit');
  await expect(page.getByTestId('discretion-setting')).toHaveAttribute('data-effective', 'discreet');
  await expect.poll(async () => (await aria(api)).persona.memory_policy?.discretion ?? null).toBeNull();
  await page.waitForLoadState('networkidle');
  await check('persona page');
});
