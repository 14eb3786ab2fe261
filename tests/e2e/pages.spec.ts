// Overview, bots and settings as a person sees them with the api and mcp services running without the host.
import WebSocket from 'ws';
import { test, expect, shot } from './fixtures.ts';

test('overview shows service health, the LLM provider and model', async ({ page, stack }, testInfo) => {
  await page.goto(`${stack.apiUrl}/#/overview`);
  await expect(page.getByTestId('llm-status')).toHaveText('reachable');
  await expect(page.getByTestId('card-llm')).toContainText('llama3.1:8b');
  await expect(page.getByTestId('persona-count')).toHaveText('2'); // the seeded Aria and Kira
  await expect(page.getByTestId('live-state')).toContainText('Live');
  await expect(page.getByTestId('mcp-status')).toHaveText('MCP ok');
  await expect(page.getByTestId('mcp-connections')).toHaveText('0');
  // An MCP client connects: the count the api reads from the mcp service's health goes up.
  const ws = new WebSocket(stack.mcpUrl);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  try {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('mcp-connections')).toHaveText('1');
    await shot(page, testInfo, 'overview');
  } finally {
    ws.close();
  }
});

test('bots without the host show a designed state, and the config form keeps the token write-only', async ({ page, stack }, testInfo) => {
  await page.goto(`${stack.apiUrl}/#/bots`);
  await expect(page.getByTestId('bots-no-host')).toContainText('needs the host');
  await expect(page.getByRole('button', { name: "Start Aria's bot", exact: true })).toBeDisabled();
  await page.getByTestId('bot-table').getByRole('button', { name: 'Aria', exact: true }).click();
  const form = page.getByTestId('bot-config-form');
  await expect(form.getByTestId('bot-access_token')).toHaveAttribute('placeholder', 'not set');
  await form.getByLabel('Homeserver URL').fill('not a url');
  await form.getByLabel('User ID (@name:server)').fill('@aria:example.org');
  await form.getByRole('button', { name: 'Save configuration' }).click();
  await expect(form.getByRole('alert').first()).toBeVisible();
  await form.getByLabel('Homeserver URL').fill('https://matrix.example.org');
  await form.getByTestId('bot-access_token').fill('syt_secret_token_value');
  await form.getByRole('button', { name: 'Save configuration' }).click();
  await expect(form.getByTestId('bot-config-saved')).toBeVisible();
  await expect(form.getByTestId('bot-access_token')).toHaveValue('');
  await expect(form.getByTestId('bot-access_token')).toHaveAttribute('placeholder', /set/);
  await expect(form.getByTestId('bot-access_token')).not.toHaveAttribute('placeholder', 'not set');
  await shot(page, testInfo, 'bots');
});

test('settings show the model list, the MCP client snippet and run a decay cycle with progress', async ({ page, stack }, testInfo) => {
  await page.goto(`${stack.apiUrl}/#/settings`);
  await expect(page.getByTestId('llm-health')).toHaveText('reachable');
  await expect(page.getByTestId('llm-model')).toHaveValue('llama3.1:8b');
  await expect(page.locator('#llm-models option[value="qwen2.5:7b"]')).toHaveCount(1);
  // The snippet of `persona-mcp mcp-config`: absolute Node and bin paths, the data dir; the picker switches client and transport.
  const snippet = page.getByTestId('mcp-snippet');
  await expect(snippet).toContainText('bin/persona-mcp.js');
  await expect(snippet).toContainText('--stdio');
  await expect(snippet).toContainText('--data-dir');
  await expect(snippet).not.toContainText('"npx"');
  await page.getByTestId('mcp-client').selectOption('vscode');
  await page.getByTestId('mcp-transport').selectOption('http');
  await expect(snippet).toContainText('"type": "http"');
  await expect(snippet).toContainText('/mcp"');
  await page.getByTestId('mcp-client').selectOption('claude-desktop');
  await page.getByTestId('mcp-transport').selectOption('stdio');
  await expect(snippet).toContainText('"mcpServers"');
  await page.getByTestId('decay-force').click();
  await expect(page.getByTestId('job-result')).toContainText('global decay cycle completed');
  await shot(page, testInfo, 'settings');

  // Switching the model applies at once (no restart) and is kept: the next LLM call uses it.
  await page.getByTestId('llm-model').fill('qwen2.5:7b');
  await page.getByTestId('llm-settings').getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('llm-health')).toHaveText('reachable');
  await page.reload();
  await expect(page.getByTestId('llm-model')).toHaveValue('qwen2.5:7b');
  await fetch(`${stack.apiUrl}/api/personas/Aria/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Which model?' }) });
  expect(stack.llm.requests.filter((r) => r.schema === null).at(-1)?.body.model).toBe('qwen2.5:7b');
});
