// The chat playground: streamed reply, memories used with score components, and Stop cancelling server-side.
import { test, expect, shot } from './fixtures.ts';

test('chat with a persona: streamed text and the memories used', async ({ page, stack, api }, testInfo) => {
  await api('POST', '/api/personas/Aria/memories', { content: 'The rune primer is kept in the east tower library.', memory_type: 'observation', importance: 0.9 });
  const { persona } = await api<{ persona: { id: string } }>('GET', '/api/personas/Aria');
  await page.goto(`${stack.apiUrl}/#/personas/${persona.id}/chat`);
  await expect(page.getByTestId('persona-title')).toHaveText('Aria');
  await page.getByTestId('chat-who').getByLabel('Your name').fill('Rowan');
  await page.getByTestId('chat-who').getByRole('button', { name: 'Start chatting' }).click();

  await page.getByTestId('chat-input').fill('Where is the rune primer?');
  await page.getByTestId('chat-send').click();
  const reply = page.getByTestId('chat-reply').last();
  // While the reply streams, the Stop button replaces Send and the text grows piece by piece.
  await expect(page.getByTestId('chat-stop')).toBeVisible();
  await expect(reply).toContainText('Well met');
  const partial = (await reply.textContent()) ?? '';
  expect(partial).not.toContain('east tower library.');
  await shot(page, testInfo, '01-streaming');
  await expect(reply).toContainText('The rune primer waits in the east tower library.');
  await expect(page.getByTestId('chat-send')).toBeVisible();

  const used = page.getByTestId('memories-used');
  await expect(used.getByTestId('memory-used').filter({ hasText: 'east tower library' })).toBeVisible();
  await expect(used.getByTestId('memory-used').first()).toContainText(/\d\.\d{2}/);
  await expect(page.getByTestId('chat-emotion')).not.toBeEmpty();
  expect(stack.llm.requests.filter((r) => r.schema === null).at(-1)?.stream).toBe(true);
  await shot(page, testInfo, '02-reply-and-memories');

  // The turn created a relationship with the speaker: it shows in the graph with its axes.
  await page.getByTestId('tab-relationships').click();
  const node = page.getByTestId('relationship-graph').getByTestId('relationship-node').filter({ hasText: 'Rowan' });
  await expect(node).toHaveAttribute('data-kind', 'participant');
  await expect(node).toContainText(/aff -?\d\.\d{2}/);
  await expect(page.getByTestId('relationship-table')).toContainText('Rowan');
  await shot(page, testInfo, '03-relationships');

  await page.getByTestId('tab-visual').click();
  const expression = await (await fetch(`${stack.apiUrl}/api/personas/${persona.id}/visual`)).json() as { visual: { expression: string } };
  await expect(page.getByTestId('visual-expression')).toHaveText(expression.visual.expression);
  await shot(page, testInfo, '04-visual');
});

test('Stop ends the reply and cancels it at the LLM', async ({ page, stack, api }, testInfo) => {
  stack.llm.setScript(() => ({ text: 'one two three four five six seven eight nine ten eleven twelve', delayMs: 400 }));
  const { persona } = await api<{ persona: { id: string } }>('GET', '/api/personas/Kira');
  await page.goto(`${stack.apiUrl}/#/personas/${persona.id}/chat`);
  await page.getByTestId('chat-who').getByLabel('Your name').fill('Rowan');
  await page.getByTestId('chat-who').getByRole('button', { name: 'Start chatting' }).click();
  await page.getByTestId('chat-input').fill('Tell me a long story');
  await page.getByTestId('chat-send').click();
  const reply = page.getByTestId('chat-reply').last();
  await expect(reply).toContainText('two');
  await page.getByTestId('chat-stop').click();
  await expect(reply).toContainText('Stopped.');
  await expect(page.getByTestId('chat-send')).toBeVisible();
  await expect.poll(() => stack.llm.requests.filter((r) => r.schema === null).at(-1)?.closedEarly, { timeout: 10_000 }).toBe(true);
  await expect(reply).not.toContainText('twelve');
  await shot(page, testInfo, 'stopped');
});
