// Under the headless host (`persona-mcp --server`): a change made over the MCP WebSocket (raw JSON-RPC)
// appears live in the open dashboard — events cross processes only through the host's relay — and a
// Matrix bot is configured, started and followed through its live status and log.
import WebSocket from 'ws';
import { closedPort } from '../support/scripted-llm-server.ts';
import { expect, hostTest as test, shot } from './fixtures.ts';
import { watchProblems } from './page-problems.ts';

/** One JSON-RPC call over a fresh WebSocket connection. */
async function rpc(url: string, method: string, params: Record<string, unknown>): Promise<{ result?: Record<string, unknown>; error?: unknown }> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  try {
    return await new Promise((resolve) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: unknown };
        if (msg.id === 1) resolve(msg);
      });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    });
  } finally {
    ws.close();
  }
}

async function ariaId(apiUrl: string): Promise<string> {
  const list = await (await fetch(`${apiUrl}/api/personas`)).json() as { personas: { id: string; name: string }[] };
  const aria = list.personas.find((p) => p.name === 'Aria');
  expect(aria).toBeDefined();
  return aria?.id as string;
}

test('emotional.update_state and persona.update over the MCP WebSocket show up live', async ({ page, host }, testInfo) => {
  await page.goto(`${host.apiUrl}/#/personas/${await ariaId(host.apiUrl)}/emotion`);
  await expect(page.getByTestId('live-state')).toContainText('Live');
  await expect(page.getByTestId('emotion-mood')).not.toHaveText('-0.80');
  await shot(page, testInfo, '01-before');

  const r = await rpc(host.mcpUrl, 'emotional.update_state', { persona_id: 'Aria', mood: -0.8, stress_level: 0.9, mode: 'set' });
  expect(r.error).toBeUndefined();
  // No reload: the value arrives through the host's relay and the API's event stream.
  await expect(page.getByTestId('emotion-mood')).toHaveText('-0.80');
  await expect(page.getByTestId('emotion-chart').locator('g[data-series="mood"]')).toHaveAttribute('data-points', /^([2-9]|\d{2,})$/);
  await shot(page, testInfo, '02-after-emotion');

  await page.getByRole('link', { name: 'Overview' }).click();
  const u = await rpc(host.mcpUrl, 'persona.update', { persona_id: 'Aria', description: 'Changed over MCP.' });
  expect(u.error).toBeUndefined();
  await expect(page.getByTestId('activity-feed')).toContainText('Persona updated: Aria');
  await shot(page, testInfo, '03-activity-feed');
});

test('configure and start a bot: live status and log tail', async ({ page, host }, testInfo) => {
  test.setTimeout(90_000);
  const homeserver = `http://127.0.0.1:${await closedPort()}`; // nothing listens: the bot cannot connect
  await page.goto(`${host.apiUrl}/#/bots`);
  await expect(page.getByTestId('bot-table')).toBeVisible();
  await expect(page.getByTestId('bots-no-host')).toHaveCount(0);
  await page.getByTestId('bot-table').getByRole('button', { name: 'Aria', exact: true }).click();
  const form = page.getByTestId('bot-config-form');
  await form.getByLabel('Homeserver URL').fill(homeserver);
  await form.getByLabel('User ID (@name:server)').fill('@aria:localhost');
  await form.getByTestId('bot-access_token').fill('syt_e2e_token');
  await form.getByRole('button', { name: 'Save configuration' }).click();
  await expect(form.getByTestId('bot-config-saved')).toBeVisible();

  await page.getByRole('button', { name: "Start Aria's bot", exact: true }).click();
  const row = page.getByTestId('bot-row').filter({ hasText: 'Aria' });
  // An unreachable homeserver is not a crash: the bot waits and retries (1 s doubling), saying why;
  // each state arrives as a live bot.status event.
  await expect(row.getByTestId('bot-state')).toHaveText('waiting', { timeout: 30_000 });
  await expect(row).toContainText(`homeserver ${homeserver} unreachable: connection refused`);
  await expect(page.getByTestId('bot-log')).toContainText(/unreachable|starting/);
  await shot(page, testInfo, 'bot-waiting');
});

test('a bot without a configuration cannot be started and says why; saving one enables Start', async ({ page, host }, testInfo) => {
  const check = watchProblems(page);
  await page.goto(`${host.apiUrl}/#/bots`);
  const row = page.getByTestId('bot-row').filter({ hasText: 'Aria' });
  await expect(row.getByTestId('bot-reason')).toHaveText(/not configured/i);
  await expect(page.getByRole('button', { name: "Start Aria's bot", exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Start all', exact: true })).toBeDisabled();
  await expect(page.getByTestId('bots-start-all-reason')).toHaveText(/no bot is configured/i);
  // Selecting it opens the form; its log says why there is none, without asking the host for it.
  await page.getByTestId('bot-table').getByRole('button', { name: 'Aria', exact: true }).click();
  await expect(page.getByTestId('bot-config-form')).toBeVisible();
  await expect(page.getByTestId('bot-log-note')).toHaveText(/no bot is configured/i);
  await page.waitForLoadState('networkidle');
  await check('bots page with unconfigured bots');
  await shot(page, testInfo, '01-unconfigured');

  const form = page.getByTestId('bot-config-form');
  await form.getByLabel('Homeserver URL').fill('https://matrix.example.org');
  await form.getByLabel('User ID (@name:server)').fill('@aria:example.org');
  await form.getByTestId('bot-access_token').fill('syt_e2e_token');
  await form.getByRole('button', { name: 'Save configuration' }).click();
  await expect(form.getByTestId('bot-config-saved')).toBeVisible();
  await expect(page.getByRole('button', { name: "Start Aria's bot", exact: true })).toBeEnabled();
  await expect(row.getByTestId('bot-reason')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start all', exact: true })).toBeEnabled();
  // Kira still has none.
  await expect(page.getByTestId('bot-row').filter({ hasText: 'Kira' }).getByTestId('bot-reason')).toHaveText(/not configured/i);
  await check('bots page after saving a configuration');
  await shot(page, testInfo, '02-configured');
});

test('the dashboard shows and controls the decay the mcp service runs (the job owner)', async ({ page, host }, testInfo) => {
  const check = watchProblems(page);
  const before = await rpc(host.mcpUrl, 'system.status', {});
  const jobs = before.result?.jobs as { decay: { running: boolean }; owner: { pid: number } };
  expect(jobs.decay.running).toBe(true);
  await page.goto(`${host.apiUrl}/#/settings`);
  const card = page.getByTestId('memory-jobs');
  await expect(card.getByTestId('decay-state')).toHaveText('running');
  await expect(card.getByTestId('jobs-owner')).toHaveText(`process ${jobs.owner.pid}`);
  await card.getByRole('button', { name: 'Stop decay' }).click();
  await expect(card.getByTestId('decay-state')).toHaveText('stopped');
  const after = await rpc(host.mcpUrl, 'system.status', {});
  expect((after.result?.jobs as { decay: { running: boolean } }).decay.running).toBe(false);
  await card.getByRole('button', { name: 'Start decay' }).click();
  await expect(card.getByTestId('decay-state')).toHaveText('running');
  expect(((await rpc(host.mcpUrl, 'system.status', {})).result?.jobs as { decay: { running: boolean } }).decay.running).toBe(true);
  await check('settings with the job owner\'s decay state');
  await shot(page, testInfo, 'memory-jobs-owner');
});
