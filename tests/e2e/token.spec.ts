// With a token required (as beyond loopback), `?token=` in the page URL is kept and sent on every
// request and on the event stream; without it the dashboard shows the UNAUTHORIZED error, not a blank page.
import { test, expect, shot } from './fixtures.ts';

const TOKEN = 'e2e-token-0123456789abcdef';
test.use({ stackEnv: { PERSONA_MCP_AUTH__TOKEN: TOKEN, PERSONA_MCP_AUTH__REQUIRE_ON_LOOPBACK: 'true' } });

test('without a token the dashboard explains the refusal', async ({ page, stack }, testInfo) => {
  const health = await fetch(`${stack.apiUrl}/api/personas`);
  expect(health.status).toBe(401);
  await page.goto(`${stack.apiUrl}/#/personas`);
  await expect(page.getByRole('alert').first()).toContainText('UNAUTHORIZED');
  await expect(page.getByTestId('token-prompt')).toBeVisible();
  await shot(page, testInfo, 'unauthorized');
  // Pasting the token signs this browser in.
  await page.getByTestId('token-prompt').getByLabel('Access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await expect(page.getByTestId('persona-list').getByTestId('persona-row')).toHaveCount(2);
  await page.evaluate(() => localStorage.removeItem('persona-mcp.token'));
});

test('?token= is stored, sent with every request and on the live stream', async ({ page, stack, api }, testInfo) => {
  await page.goto(`${stack.apiUrl}/?token=${TOKEN}#/personas`);
  await expect(page.getByTestId('persona-list').getByTestId('persona-row')).toHaveCount(2);
  expect(new URL(page.url()).searchParams.get('token')).toBeNull(); // taken out of the address bar
  expect(await page.evaluate(() => localStorage.getItem('persona-mcp.token'))).toBe(TOKEN);
  await expect(page.getByTestId('live-state')).toContainText('Live');
  await api('POST', '/api/personas', { name: 'Sable', description: 'Arrived over the live stream.' });
  await expect(page.getByTestId('persona-list').getByTestId('persona-row').filter({ hasText: 'Sable' })).toBeVisible();
  await page.reload(); // the stored token keeps working without the query
  await expect(page.getByTestId('persona-list').getByTestId('persona-row')).toHaveCount(3);
  await shot(page, testInfo, 'with-token');
});
