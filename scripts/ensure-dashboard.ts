// Builds the dashboard (vite build → dist/renderer) when it is missing or older than its sources,
// so `npm ci && npm run server` serves it on a fresh checkout. Quiet and quick when up to date.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'renderer', 'index.html');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, 'src', 'renderer')), newest(join(root, 'src', 'shared')));
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  process.stderr.write('building the dashboard (vite build)…\n');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    process.stderr.write('vite is not installed (npm ci installs it); the dashboard will show how to build it.\n');
  } else {
    const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
