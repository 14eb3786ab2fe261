// Every page as a new user sees it on a fresh install with no LLM server running: no console errors
// and no failed requests, except a failure the page explains on screen (listed below with what shows it).
import type { ConsoleMessage, Page, Request, Response } from '@playwright/test';
import { test, expect, shot } from './fixtures.ts';

test.use({ llmServer: 'none' });

/** A failed request the page is allowed to make because it tells the person why on screen. */
interface Explained { url: RegExp; status: number; shownBy: string }

/** Console errors, page errors, failed and refused requests seen while a page is open. */
function watch(page: Page) {
  const problems: { text: string; url: string; status: number }[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') problems.push({ text: `console: ${m.text()}`, url: m.location().url, status: 0 }); });
  page.on('pageerror', (e: Error) => problems.push({ text: `page error: ${e.message}`, url: '', status: 0 }));
  page.on('requestfailed', (r: Request) => { if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) problems.push({ text: `request failed: ${r.url()} ${r.failure()?.errorText}`, url: r.url(), status: 0 }); });
  page.on('response', (r: Response) => { if (r.status() >= 400) problems.push({ text: `HTTP ${r.status()} ${r.request().method()} ${r.url()}`, url: r.url(), status: r.status() }); });
  /** Asserts nothing went wrong since the last check, except failures explained on screen. */
  return async (where: string, explained: Explained[] = []) => {
    const seen = problems.splice(0);
    const unexplained: string[] = [];
    for (const p of seen) {
      const reason = explained.find((e) => p.status === e.status && e.url.test(p.url));
      // Chromium logs every 4xx/5xx response as a console error too; those count as explained with the response.
      const consoleOfExplained = p.text.startsWith('console: Failed to load resource') && explained.some((e) => e.url.test(p.url));
      if (reason) await expect(page.getByTestId(reason.shownBy), `${where}: ${p.text} must be explained on screen`).toBeVisible();
      else if (!consoleOfExplained) unexplained.push(p.text);
    }
    expect.soft(unexplained, `${where}: console errors or failed requests`).toEqual([]);
  };
}

test('with no LLM server every page opens without console errors or unexplained failed requests', async ({ page, stack, api }, testInfo) => {
  // Really no LLM: the configured URL refuses connections, and the services say so.
  const llm = await api<{ llm: { base_url: string }; health: { ok: boolean } }>('GET', '/api/settings/llm');
  expect(llm.health.ok).toBe(false);
  await expect(fetch(llm.llm.base_url)).rejects.toThrow();

  // Some history to show: a chat (answered offline), a relationship between personas, a memory.
  const { persona: aria } = await api<{ persona: { id: string } }>('GET', '/api/personas/Aria');
  await api('POST', '/api/personas/Aria/chat', { message: 'Hello there', participant: { id: 'e2e-tester', display_name: 'Tess' } });
  await api('POST', '/api/personas/Aria/relationship', { persona2_id: 'Kira', interaction_quality: 0.6, duration_minutes: 20 });
  await api('POST', '/api/personas/Aria/memories', { content: 'Kira owes Aria a map of the northern pass.', memory_type: 'observation', importance: 0.7 });

  const check = watch(page);
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
    await page.goto(`${stack.apiUrl}/#/personas/${aria.id}/${tab}`);
    await expect(page.getByTestId('persona-title')).toHaveText('Aria');
    await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    await check(`persona detail, ${tab} tab`);
    await shot(page, testInfo, `02-persona-${tab}`);
  }

  await page.goto(`${stack.apiUrl}/#/bots`);
  await expect(page.getByTestId('bot-table').getByTestId('bot-row')).toHaveCount(2);
  await page.getByTestId('bot-table').getByRole('button', { name: 'Aria', exact: true }).click();
  await expect(page.getByTestId('bot-config-form')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await check('bots', [{ url: /\/api\/bots$/, status: 503, shownBy: 'bots-no-host' }]);
  await shot(page, testInfo, '03-bots');

  await page.goto(`${stack.apiUrl}/#/settings`);
  await expect(page.getByTestId('llm-health')).toHaveText('unreachable');
  await expect(page.getByTestId('mcp-snippet')).toContainText('ws://');
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await check('settings');
  await shot(page, testInfo, '04-settings');
});
