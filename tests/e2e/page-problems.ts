// Watches a page for what a person (or their browser console) would see go wrong: console errors,
// uncaught page errors, failed requests and HTTP error responses.
import { expect, type ConsoleMessage, type Page, type Request, type Response } from '@playwright/test';

/** A failed request the page may make because it tells the person why on screen (the element with `shownBy`). */
export interface Explained { url: RegExp; status: number; shownBy: string }

interface Problem { text: string; url: string; status: number }

/**
 * Starts watching `page`; the returned check asserts (softly, so one run reports every page) that
 * nothing went wrong since the previous check, except failures listed in `explained` whose
 * explanation is visible. Chromium's own "Failed to load resource" console line of an explained
 * response counts as explained with it.
 */
export function watchProblems(page: Page): (where: string, explained?: Explained[]) => Promise<void> {
  const problems: Problem[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') problems.push({ text: `console: ${m.text()}`, url: m.location().url, status: 0 }); });
  page.on('pageerror', (e: Error) => problems.push({ text: `page error: ${e.message}`, url: '', status: 0 }));
  page.on('requestfailed', (r: Request) => {
    // Navigation away aborts open requests (the event stream, a pending load): not a failure a person sees.
    if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) problems.push({ text: `request failed: ${r.url()} ${r.failure()?.errorText}`, url: r.url(), status: 0 });
  });
  page.on('response', (r: Response) => { if (r.status() >= 400) problems.push({ text: `HTTP ${r.status()} ${r.request().method()} ${r.url()}`, url: r.url(), status: r.status() }); });
  return async (where, explained = []) => {
    const unexplained: string[] = [];
    for (const p of problems.splice(0)) {
      const reason = explained.find((e) => p.status === e.status && e.url.test(p.url));
      const consoleOfExplained = p.text.startsWith('console: Failed to load resource') && explained.some((e) => e.url.test(p.url));
      if (reason) await expect.soft(page.getByTestId(reason.shownBy), `${where}: ${p.text} must be explained on screen`).toBeVisible();
      else if (!consoleOfExplained) unexplained.push(p.text);
    }
    expect.soft(unexplained, `${where}: console errors or failed requests`).toEqual([]);
  };
}
