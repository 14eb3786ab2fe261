import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectPackagedApp, type PackagingReport } from '../../../scripts/check-electron-build.ts';

// The real electron-builder `--dir` run against a stub Electron (no binary, no network); about
// 15–20 s on Linux. Other platforms skip: a macOS/Windows --dir needs a real Electron bundle.
const ROOT = join(import.meta.dirname, '..', '..', '..');

describe.skipIf(process.platform !== 'linux')('desktop packaging (electron-builder --dir, stub Electron)', () => {
  it('packs the main entry, preload, icons and production deps, with native modules unpacked', () => {
    const started = Date.now();
    const stdout = execFileSync(process.execPath, [join(ROOT, 'scripts', 'check-electron-build.ts'), '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as PackagingReport;
    const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail ?? ''}`);
    expect(report.builderOutput ?? '').toBe('');
    expect(failed).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual(expect.arrayContaining([
      'main entry is packed', 'sandboxed preload bundle is packed', 'better-sqlite3 native module is unpacked',
    ]));
    expect(report.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(240_000);
  }, 300_000);

  it('the inspection fails on a folder that is not a packaged app', () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-packed-'));
    try {
      const checks = inspectPackagedApp(dir);
      expect(checks.some((c) => !c.ok)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
