// CI-safe packaging check (ADR 0003): runs electron-builder `--dir` for Linux against a stub
// Electron distribution (the real binary cannot be downloaded in CI), then inspects app.asar and
// app.asar.unpacked. Needs no network. Linux only (a macOS/Windows --dir wants a real bundle).
//   node scripts/check-electron-build.ts [--keep] [--json]
import { extractFile, listPackage } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildElectron } from './build-electron.ts';

const ROOT = join(import.meta.dirname, '..');
const ELECTRON_VERSION = '45.4.1';
const MAIN = 'src/main/electron/main.ts';

/** One assertion about the packaged app. */
export interface PackagingCheck {
  name: string;
  ok: boolean;
  /** True when the check could not apply (e.g. the dashboard was not built). */
  skipped?: boolean;
  detail?: string;
}

/** What the check found. */
export interface PackagingReport {
  ok: boolean;
  durationMs: number;
  appOutDir: string;
  checks: PackagingCheck[];
  /** electron-builder's output when it failed. */
  builderOutput?: string;
}

/** A folder that looks enough like an unpacked Linux Electron for electron-builder. */
function makeStubElectronDist(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "stub electron used by scripts/check-electron-build.ts" >&2\nexit 1\n');
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'stub\n');
  writeFileSync(join(dir, 'version'), `${ELECTRON_VERSION}\n`);
}

function findFile(dir: string, name: string): string | null {
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return path;
    if (entry.isDirectory()) {
      const hit = findFile(path, name);
      if (hit) return hit;
    }
  }
  return null;
}

/** Inspects a packaged app folder (`…/linux-unpacked`). */
export function inspectPackagedApp(appOutDir: string): PackagingCheck[] {
  const resources = join(appOutDir, 'resources');
  const asarPath = join(resources, 'app.asar');
  const unpacked = join(resources, 'app.asar.unpacked');
  if (!existsSync(asarPath)) return [{ name: 'app.asar exists', ok: false, detail: asarPath }];
  const files = new Set(listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/').replace(/^\//, '')));
  const has = (path: string) => files.has(path);
  const checks: PackagingCheck[] = [];
  const check = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, ...(detail && !ok && { detail }) });

  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  check('main entry is packed', has(MAIN), MAIN);
  check('sandboxed preload bundle is packed', has('dist/electron/preload.cjs'), 'run node scripts/build-electron.ts');
  check('service entries are packed', has('src/services/mcp/entry.ts'));
  check('CLI entry is packed', has('bin/persona-mcp.js') && has('bin/node-check.cjs'));
  check('tray and app icons are packed', has('resources/icons/tray.png') && has('resources/icons/trayTemplate.png') && has('resources/icons/icon.png'));
  check('seed personas are packed', [...files].some((f) => f.startsWith('resources/seed/')));
  const rendererBuilt = existsSync(join(ROOT, 'dist', 'renderer', 'index.html'));
  checks.push(
    rendererBuilt
      ? { name: 'dashboard build is packed', ok: has('dist/renderer/index.html'), detail: 'dist/renderer/index.html missing in app.asar' }
      : { name: 'dashboard build is packed', ok: true, skipped: true, detail: 'dist/renderer not built (run npm run build first)' },
  );
  check('renderer sources and tests stay out', ![...files].some((f) => f.startsWith('src/renderer/') || f.startsWith('tests/') || f.endsWith('.test.ts')));
  for (const dep of Object.keys(pkg.dependencies ?? {})) check(`production dependency ${dep} is packed`, [...files].some((f) => f.startsWith(`node_modules/${dep}/`)));
  check('dev dependencies stay out', !['electron', 'vite', 'vitest', 'typescript', 'electron-builder'].some((d) => has(`node_modules/${d}/package.json`)));

  const packedJson = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main?: string; type?: string };
  check('packed package.json names the main entry and ESM', packedJson.main === MAIN && packedJson.type === 'module', `main is ${packedJson.main}, type ${packedJson.type}`);
  // better-sqlite3 13 ships N-API prebuilds (prebuilds/<platform>-<arch>.node); a source build lands in build/Release.
  const sqliteDir = join(unpacked, 'node_modules', 'better-sqlite3');
  const sqliteNode = findFile(sqliteDir, `${process.platform}-${process.arch}.node`) ?? findFile(sqliteDir, 'better_sqlite3.node');
  check('better-sqlite3 native module is unpacked', sqliteNode !== null, 'no better-sqlite3 .node binary for this platform under app.asar.unpacked');
  check('better-sqlite3 C sources stay out', !existsSync(join(sqliteDir, 'deps')) && !existsSync(join(sqliteDir, 'src')));
  const vecPlatform = `sqlite-vec-${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const vecDir = join(unpacked, 'node_modules', vecPlatform);
  check(`sqlite-vec platform package ${vecPlatform} is unpacked`, existsSync(vecDir) && readdirSync(vecDir).some((f) => /^vec0\.(so|dylib|dll)$/.test(f)));
  check('executable is renamed', existsSync(join(appOutDir, 'persona-mcp-desktop')));
  return checks;
}

/** Builds the preload, packs with a stub Electron into a temp folder and inspects the result. */
export async function checkElectronBuild(options: { keep?: boolean } = {}): Promise<PackagingReport> {
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'persona-mcp-pack-'));
  const stub = join(work, 'electron-dist');
  const out = join(work, 'out');
  try {
    await buildElectron();
    makeStubElectronDist(stub);
    const cli = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
    const args = [cli, '--dir', '--linux', `--${process.arch === 'arm64' ? 'arm64' : 'x64'}`, '--publish', 'never',
      `-c.electronDist=${stub}`, `-c.electronVersion=${ELECTRON_VERSION}`, `-c.directories.output=${out}`];
    const run = spawnSync(process.execPath, args, {
      cwd: ROOT,
      encoding: 'utf8',
      // No network: electron-builder must not need to download anything for --dir.
      env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      timeout: 240_000,
    });
    const unpackedDir = existsSync(out) ? readdirSync(out).find((d) => d.startsWith('linux') && d.endsWith('unpacked')) : undefined;
    const appOutDir = join(out, unpackedDir ?? 'linux-unpacked');
    if (run.status !== 0) {
      return { ok: false, durationMs: performance.now() - started, appOutDir, checks: [], builderOutput: `${run.stdout}\n${run.stderr}`.slice(-6000) };
    }
    const checks = inspectPackagedApp(appOutDir);
    return { ok: checks.every((c) => c.ok), durationMs: performance.now() - started, appOutDir, checks };
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  if (process.platform !== 'linux') {
    process.stdout.write('check-electron-build runs on Linux only; skipped.\n');
  } else {
    const report = await checkElectronBuild({ keep: process.argv.includes('--keep') });
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      for (const c of report.checks) process.stdout.write(`${c.skipped ? 'SKIP' : c.ok ? ' ok ' : 'FAIL'}  ${c.name}${c.detail && (!c.ok || c.skipped) ? ` — ${c.detail}` : ''}\n`);
      if (report.builderOutput) process.stdout.write(`electron-builder failed:\n${report.builderOutput}\n`);
      process.stdout.write(`${report.ok ? 'packaging check passed' : 'packaging check FAILED'} in ${(report.durationMs / 1000).toFixed(1)} s (${report.appOutDir})\n`);
    }
    process.exitCode = report.ok ? 0 : 1;
  }
}
