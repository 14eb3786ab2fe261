// Builds what Electron cannot load from the TypeScript sources (ADR 0003): the sandboxed preload
// script, bundled to dist/electron/preload.cjs. The main process and the services run from src/
// by type stripping, like the headless host.
//   node scripts/build-electron.ts
import { build } from 'esbuild';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Bundles the preload script; resolves with the output path. */
export async function buildElectron(outDir = join(root, 'dist', 'electron')): Promise<string> {
  const outfile = join(outDir, 'preload.cjs');
  await build({
    entryPoints: [join(root, 'src', 'main', 'electron', 'preload.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (import.meta.main) {
  const out = await buildElectron();
  process.stdout.write(`built ${out}\n`);
}
