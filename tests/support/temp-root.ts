// Vitest global setup: the run gets a temp folder of its own (TMPDIR for the test workers and every
// process they start), so what a test leaves behind is its own and nobody else's; a leftover fails
// the run, named, and the folder is removed either way. Compile caches stay in the system temp dir.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Entries that may remain at the end: caches meant to outlive a process. */
const CACHES = new Set(['persona-mcp-compile-cache', 'node-compile-cache', 'jiti']);

/** What a run left in `root`, caches aside. */
export function leftovers(root: string): string[] {
  return readdirSync(root).filter((name) => !CACHES.has(name)).sort();
}

/** Points TMPDIR at a fresh run folder; the returned teardown fails on leftovers. */
export default function setup(): () => void {
  const system = tmpdir();
  const root = mkdtempSync(join(system, 'vitest-run-'));
  const saved = { TMPDIR: process.env.TMPDIR, NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE };
  process.env.TMPDIR = root;
  // Children keep reusing compiled code across runs (bin/persona-mcp.js, the host's services).
  process.env.NODE_COMPILE_CACHE ??= join(system, 'persona-mcp-compile-cache');
  return () => {
    const left = leftovers(root);
    rmSync(root, { recursive: true, force: true });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (left.length) throw new Error(`the tests left ${left.length} temporary folder(s) behind (removed now; clean them up in the test): ${left.join(', ')}`);
  };
}
