// The generic ChildSupervisor against real child processes (fixtures in tests/support/children).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createChildSupervisor, createForkLauncher, type ChildStatus, type ChildSupervisor, type ChildSupervisorOptions } from '../../../../src/main/host/index.ts';
import type { ChildMessage } from '../../../../src/shared/index.ts';
import { alive } from '../../../support/processes.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../support/children/${name}`, import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

const running: ChildSupervisor[] = [];
const temps: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A supervisor of `script` that records its output lines and every state it passes through. */
function supervise(script: string, env: Record<string, string> = {}, extra: Partial<ChildSupervisorOptions> = {}) {
  const lines: string[] = [];
  const states: { state: ChildStatus['state']; at: number; pid: number | null }[] = [];
  const sup = createChildSupervisor({
    name: 'fx',
    launcher: createForkLauncher(),
    spec: ({ port }) => ({
      name: 'fx', entry: fixture(script), args: [],
      env: { ...(process.env as Record<string, string>), ...env, ...(port ? { FIXTURE_PORT: String(port) } : {}) },
    }),
    output: (line) => lines.push(line),
    ...extra,
  });
  sup.onChange((s) => {
    if (states.at(-1)?.state !== s.state) states.push({ state: s.state, at: Date.now(), pid: s.pid });
  });
  running.push(sup);
  return { sup, lines, states };
}

describe('ChildSupervisor', () => {
  it('starts a child, waits for ready, pipes its output with a [name] prefix and stops it', async () => {
    const { sup, lines, states } = supervise('ready.ts');
    const status = await sup.start();
    expect(status).toMatchObject({ name: 'fx', state: 'running', restarts: 0, last_error: null });
    expect(status.port).toBeGreaterThan(0);
    expect(status.started_at).not.toBeNull();
    const pid = status.pid as number;
    expect(alive(pid)).toBe(true);
    await until(() => lines.includes(`[fx] listening on ${status.port}`));
    const health = await fetch(`http://127.0.0.1:${status.port}/env`).then((r) => r.json() as Promise<{ pid: number }>);
    expect(health.pid).toBe(pid);

    await sup.stop();
    expect(sup.status()).toMatchObject({ state: 'stopped', pid: null, started_at: null });
    expect(sup.status().last_exit).toEqual({ code: 0, signal: null });
    expect(alive(pid)).toBe(false);
    expect(states.map((s) => s.state)).toEqual(['starting', 'running', 'stopped']);
  });

  it('kills a child that never reports ready, retries, and gives up saying so', async () => {
    // Generous timeout: under load a child may take a second just to boot and print its line.
    const { sup, states, lines } = supervise('never-ready.ts', {}, { policy: { readyTimeoutMs: 2000, maxCrashes: 2, backoffInitialMs: 50 } });
    const error = await sup.start().then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/fx failed: did not report ready within 2000 ms; gave up after 2 crashes within 60 s/);
    expect(sup.status()).toMatchObject({ state: 'failed', pid: null, restarts: 1 });
    expect(sup.status().last_exit?.signal).toBe('SIGKILL');
    expect(states.map((s) => s.state)).toEqual(['starting', 'backoff', 'starting', 'failed']);
    expect(lines).toContain('[fx] starting but never ready');
    for (const s of states) if (s.pid) expect(alive(s.pid)).toBe(false);
  });

  it('restarts a crashing child with growing backoff until it comes up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sup-'));
    temps.push(dir);
    const { sup, states } = supervise('crash.ts', { FIXTURE_COUNTER: join(dir, 'n'), FIXTURE_CRASHES: '2' }, {
      policy: { backoffInitialMs: 200, backoffMaxMs: 5_000, maxCrashes: 5 },
    });
    const status = await sup.start();
    expect(status).toMatchObject({ state: 'running', restarts: 2 });
    expect(status.last_error).toBe('exited with code 3 before it was ready: boom 2');
    expect(states.map((s) => s.state)).toEqual(['starting', 'backoff', 'starting', 'backoff', 'starting', 'running']);
    // Backoff doubles: ≥ 200 ms before the 2nd launch, ≥ 400 ms before the 3rd (timers never fire early).
    const launches = states.filter((s) => s.state === 'starting').map((s) => s.at);
    const backoffs = states.filter((s) => s.state === 'backoff').map((s) => s.at);
    expect((launches[1] as number) - (backoffs[0] as number)).toBeGreaterThanOrEqual(195);
    expect((launches[2] as number) - (backoffs[1] as number)).toBeGreaterThanOrEqual(395);
  });

  it('gives up after N crashes within the window and reports the last error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sup-'));
    temps.push(dir);
    const { sup, states } = supervise('crash.ts', { FIXTURE_COUNTER: join(dir, 'n') }, { policy: { backoffInitialMs: 20, maxCrashes: 3 } });
    await expect(sup.start()).rejects.toThrow(/gave up after 3 crashes/);
    expect(sup.status()).toMatchObject({ state: 'failed', restarts: 2, last_exit: { code: 3, signal: null } });
    expect(sup.status().last_error).toBe('exited with code 3 before it was ready: boom 3; gave up after 3 crashes within 60 s');
    expect(states.filter((s) => s.state === 'starting')).toHaveLength(3);
    // A failed child stays failed (no more launches).
    await sleep(300);
    expect(sup.status().state).toBe('failed');
  });

  it('restarts a running child killed with SIGKILL on the same port', async () => {
    const { sup, states } = supervise('ready.ts', {}, { policy: { backoffInitialMs: 50 } });
    const first = await sup.start();
    process.kill(first.pid as number, 'SIGKILL');
    await until(() => sup.status().state === 'running' && sup.status().pid !== first.pid);
    const second = sup.status();
    expect(second).toMatchObject({ port: first.port, restarts: 1, last_error: 'was killed by SIGKILL' });
    expect(states.map((s) => s.state)).toEqual(['starting', 'running', 'backoff', 'starting', 'running']);
    const env = await fetch(`http://127.0.0.1:${second.port}/env`).then((r) => r.json() as Promise<{ pid: number }>);
    expect(env.pid).toBe(second.pid);
  });

  it('kills a child that ignores shutdown and SIGTERM after the grace period', async () => {
    const { sup, lines } = supervise('stubborn.ts', {}, { policy: { stopGraceMs: 400 } });
    const { pid } = await sup.start();
    const t0 = Date.now();
    await sup.stop();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(sup.status()).toMatchObject({ state: 'stopped', last_exit: { code: null, signal: 'SIGKILL' } });
    expect(alive(pid as number)).toBe(false);
    expect(lines).toContain('[fx] ignoring SIGTERM');
  });

  it('keeps a waiting child without a ready timeout and without counting a crash', async () => {
    const { sup, states } = supervise('waiting.ts', { FIXTURE_WAIT_MS: '1500' }, { policy: { readyTimeoutMs: 500 } });
    const started = sup.start();
    await until(() => sup.status().state === 'waiting');
    expect(sup.status().last_error).toBe('homeserver http://127.0.0.1:9 unreachable: connection refused');
    const status = await started;
    expect(status).toMatchObject({ state: 'running', restarts: 0, last_error: null });
    expect(states.map((s) => s.state)).toEqual(['starting', 'waiting', 'running']);
  });

  it('fails at once, with the child\'s own reason, when it reports a fatal error that retrying cannot heal', async () => {
    const { sup, states } = supervise('waiting.ts', { FIXTURE_WAIT_MS: '100', FIXTURE_FATAL: 'The homeserver refused the password of @aria:x' });
    await expect(sup.start()).rejects.toThrow('refused the password');
    expect(sup.status()).toMatchObject({ state: 'failed', restarts: 0, last_error: 'The homeserver refused the password of @aria:x' });
    expect(states.map((s) => s.state)).toEqual(['starting', 'waiting', 'failed']);
  });

  it('passes valid child messages on and drops invalid ones', async () => {
    const { sup } = supervise('ready.ts');
    const seen: ChildMessage[] = [];
    sup.onMessage((m) => seen.push(m));
    const { port } = await sup.start();
    const post = (path: string, body: unknown) => fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: JSON.stringify(body) });
    await post('/raw', { type: 'bogus', x: 1 });
    await post('/emit', { name: 'not.an.event', persona_id: null, at: new Date().toISOString(), data: {} });
    await post('/emit', { name: 'persona.updated', persona_id: 'aria', at: new Date().toISOString(), data: { n: 1 } });
    await until(() => seen.some((m) => m.type === 'event'));
    expect(seen.map((m) => m.type)).toEqual(['ready', 'event']);
    expect(seen[1]).toMatchObject({ type: 'event', event: { name: 'persona.updated', persona_id: 'aria' } });
    await sup.stop();
    expect(sup.send({ type: 'shutdown' })).toBe(false);
  });
});
