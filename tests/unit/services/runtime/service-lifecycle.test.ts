import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { getLogger } from '../../../../src/core/index.ts';
import { createHostLink, runEntry, serveUntilStopped, stopOnce, type IpcPort } from '../../../../src/services/runtime/index.ts';

/** The parts of a process the lifecycle touches: signals, stderr, exit, and a bare `send`. */
function fakeProcess() {
  const proc = new EventEmitter() as EventEmitter & { stderrText: string; exitCode?: number; sent: unknown[] };
  proc.stderrText = '';
  proc.sent = [];
  Object.assign(proc, {
    stderr: { write: (text: string) => { proc.stderrText += text; return true; } },
    exit: (code: number) => { proc.exitCode = code; },
    send: (message: unknown) => { proc.sent.push(message); return true; },
  });
  return proc as unknown as NodeJS.Process & typeof proc;
}

/** An IPC port the test plays the host on. */
function hostPort() {
  const listeners = new Set<(m: unknown) => void>();
  let gone: (() => void) | undefined;
  const sent: unknown[] = [];
  const port: IpcPort = {
    send: (m) => sent.push(m),
    onMessage(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onDisconnect: (l) => { gone = l; },
  };
  return { port, sent, fromHost: (m: unknown) => listeners.forEach((l) => l(m)), hostGone: () => gone?.() };
}

describe('stopOnce', () => {
  it('stops once, whatever asks first: signals, the host shutdown, the host going away', () => {
    for (const trigger of ['SIGINT', 'SIGTERM', 'shutdown', 'gone'] as const) {
      const proc = fakeProcess();
      const host = hostPort();
      let stops = 0;
      stopOnce(proc, createHostLink(host.port), () => { stops += 1; });
      if (trigger === 'shutdown') host.fromHost({ type: 'shutdown' });
      else if (trigger === 'gone') host.hostGone();
      else proc.emit(trigger);
      expect(stops, trigger).toBe(1);
      proc.emit('SIGTERM');
      host.fromHost({ type: 'shutdown' });
      host.hostGone();
      expect(stops, trigger).toBe(1);
    }
  });

  it('without a link only signals stop', () => {
    const proc = fakeProcess();
    let stops = 0;
    stopOnce(proc, null, () => { stops += 1; });
    expect(stops).toBe(0);
    proc.emit('SIGINT');
    expect(stops).toBe(1);
  });
});

describe('serveUntilStopped', () => {
  it('reports ready to the host, or on the bare channel when standalone', () => {
    const attached = fakeProcess();
    const host = hostPort();
    serveUntilStopped(attached, createHostLink(host.port), { service: 'api', port: 4321 }, async () => {});
    expect(host.sent).toEqual([{ type: 'ready', service: 'api', port: 4321 }]);
    expect(attached.sent).toEqual([]);
    const alone = fakeProcess();
    let stopped = 0;
    serveUntilStopped(alone, createHostLink(null), { service: 'mcp', port: 1 }, async () => { stopped += 1; });
    expect(alone.sent).toEqual([{ type: 'ready', service: 'mcp', port: 1 }]);
    alone.emit('SIGTERM');
    alone.emit('SIGINT');
    expect(stopped).toBe(1);
  });
});

describe('runEntry', () => {
  it('reports a failed start on stderr and exits 1', async () => {
    const proc = fakeProcess();
    runEntry(proc, { log: getLogger('test'), what: 'test service', prefix: 'persona-mcp test' }, async () => {
      throw new Error('port in use');
    });
    await new Promise((r) => setImmediate(r));
    expect(proc.stderrText).toBe('persona-mcp test: port in use\n');
    expect(proc.exitCode).toBe(1);
  });

  it('leaves a successful start alone', async () => {
    const proc = fakeProcess();
    runEntry(proc, { log: getLogger('test'), what: 'test service', prefix: 'persona-mcp test' }, async () => {});
    await new Promise((r) => setImmediate(r));
    expect(proc.stderrText).toBe('');
    expect(proc.exitCode).toBeUndefined();
  });
});
