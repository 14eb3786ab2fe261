import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adaptUtilityProcess, type UtilityProcessLike } from '../../../../src/main/desktop/index.ts';

// A stand-in for Electron's UtilityProcess with the same events: spawn, message, exit(code).
class FakeUtility extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined = undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  kills = 0;
  alive = true;
  postMessage(message: unknown) {
    if (!this.alive) throw new Error('process gone');
    this.posted.push(message);
  }
  kill() {
    this.kills += 1;
    return true;
  }
  spawn(pid: number) {
    this.pid = pid;
    this.emit('spawn');
  }
  exit(code: number) {
    this.alive = false;
    this.pid = undefined;
    this.emit('exit', code);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('adaptUtilityProcess', () => {
  it('reports the pid once spawned and keeps it after exit', () => {
    const fake = new FakeUtility();
    const child = adaptUtilityProcess(fake);
    expect(child.pid).toBeNull();
    fake.spawn(4242);
    expect(child.pid).toBe(4242);
    fake.exit(0);
    expect(child.pid).toBe(4242);
  });

  it('relays messages both ways and stops relaying to a removed listener', () => {
    const fake = new FakeUtility();
    const child = adaptUtilityProcess(fake);
    const got: unknown[] = [];
    const off = child.onMessage((m) => got.push(m));
    fake.emit('message', { type: 'ready', service: 'api', port: 8080 });
    off();
    fake.emit('message', { type: 'ready', service: 'mcp' });
    expect(got).toEqual([{ type: 'ready', service: 'api', port: 8080 }]);
    expect(child.send({ type: 'shutdown' })).toBe(true);
    expect(fake.posted).toEqual([{ type: 'shutdown' }]);
  });

  it('reports a crash with its exit code, once, and refuses to send afterwards', () => {
    const fake = new FakeUtility();
    const child = adaptUtilityProcess(fake);
    const exits: unknown[] = [];
    child.onExit((code, signal) => exits.push([code, signal]));
    fake.exit(3);
    fake.emit('exit', 3);
    expect(exits).toEqual([[3, null]]);
    expect(child.send({ type: 'shutdown' })).toBe(false);
  });

  it('a graceful kill sends shutdown and kills only when the child overstays the grace period', () => {
    vi.useFakeTimers();
    const fake = new FakeUtility();
    const child = adaptUtilityProcess(fake, { graceMs: 1000 });
    const exits: unknown[] = [];
    child.onExit((code, signal) => exits.push([code, signal]));
    child.kill('SIGTERM');
    expect(fake.posted).toEqual([{ type: 'shutdown' }]);
    expect(fake.kills).toBe(0);
    vi.advanceTimersByTime(999);
    expect(fake.kills).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fake.kills).toBe(1);
    fake.exit(15);
    expect(exits).toEqual([[null, 'SIGTERM']]);
  });

  it('a child that stops cleanly on shutdown is not killed and exits with code 0', () => {
    vi.useFakeTimers();
    const fake = new FakeUtility();
    const child = adaptUtilityProcess(fake, { graceMs: 1000 });
    const exits: unknown[] = [];
    child.onExit((code, signal) => exits.push([code, signal]));
    child.kill();
    fake.exit(0);
    vi.advanceTimersByTime(5000);
    expect(fake.kills).toBe(0);
    expect(exits).toEqual([[0, null]]);
  });

  it('SIGKILL kills at once; killing an exited child does nothing', () => {
    const fake = new FakeUtility();
    const child = adaptUtilityProcess(fake);
    child.kill('SIGKILL');
    expect(fake.kills).toBe(1);
    expect(fake.posted).toEqual([]);
    fake.exit(9);
    child.kill('SIGKILL');
    expect(fake.kills).toBe(1);
  });

  it('kills at once when the shutdown message cannot be delivered', () => {
    const fake = new FakeUtility();
    fake.alive = false;
    const child = adaptUtilityProcess(fake);
    child.kill('SIGTERM');
    expect(fake.kills).toBe(1);
  });
});
