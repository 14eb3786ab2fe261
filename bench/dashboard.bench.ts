// "Dashboard ready": time from navigation start to the persona list rendered with data, measured in
// Debian's Chromium against the real api service (which serves the built dashboard) on loopback.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { ms, percentile, type BenchRow } from './bench-utils.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const API_ENTRY = `${ROOT}src/services/api/entry.ts`;
const READY_MARK = 'persona-list-rendered';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function startApi(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(API_ENTRY, ['--data-dir', dataDir, '--api-port', '0', '--log-level', 'silent'], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, PERSONA_MCP_LLM_PROVIDER: 'offline' },
    });
    child.on('message', (m: { type?: string; port?: number }) => { if (m.type === 'ready' && m.port) resolve({ child, port: m.port }); });
    child.on('exit', (code) => reject(new Error(`api service exited with ${code}`)));
  });
}

/**
 * Cold (fresh browser context: empty cache) and warm (reload: cached script) times from navigation start
 * to the persona list on screen with 20 personas, read from the `persona-list-rendered` performance mark.
 */
export async function dashboardBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const runs = quick ? 5 : 15;
  if (!existsSync(`${ROOT}dist/renderer/index.html`)) {
    execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  const temp = makeTempDir();
  const api = await startApi(temp.dir);
  const base = `http://127.0.0.1:${api.port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (let i = 0; i < 18; i += 1) {
      await fetch(`${base}/api/personas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `Bench Persona ${i}`, description: 'x'.repeat(200), tags: ['bench'] }) });
    }
    const readyAt = async (page: Page) => {
      await page.waitForSelector('[data-testid="persona-row"]');
      return page.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN, READY_MARK);
    };
    const cold: number[] = [];
    const warm: number[] = [];
    // Run 0 warms the browser process itself (first context, first compile) and is not counted.
    for (let i = -1; i < runs; i += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/#/personas`);
      const c = await readyAt(page);
      await page.reload();
      const w = await readyAt(page);
      if (i >= 0) {
        cold.push(c);
        warm.push(w);
      }
      await context.close();
    }
    const row = (label: string, xs: number[]): BenchRow[] => {
      const p50 = percentile(xs, 50), p95 = percentile(xs, 95);
      return [{ bench: `dashboard ready, ${label} (${runs} runs, 20 personas)`, metric: 'p50 / p95', value: `${ms(p50)} / ${ms(p95)}`, target: 'p95 < 1000 ms', met: p95 < 1000 ? 'yes' : 'no' }];
    };
    return [...row('cold context', cold), ...row('warm reload', warm)];
  } finally {
    await browser.close();
    api.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    temp.cleanup();
  }
}
