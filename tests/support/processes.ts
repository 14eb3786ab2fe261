// Helpers for tests that start real processes: is a pid alive, its children, wait for a condition.
import { execFileSync } from 'node:child_process';

/** True while a process with `pid` exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of the direct children of `pid` (empty when none). */
export function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Polls `probe` until it returns something truthy (returned), or fails after `ms`. */
export async function until<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 20_000, everyMs = 25): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
