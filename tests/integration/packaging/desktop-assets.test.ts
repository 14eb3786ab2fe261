import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildElectron } from '../../../scripts/build-electron.ts';
import { ICONS, encodePng, render } from '../../../scripts/gen-icons.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Width, height, colour type and the unfiltered RGBA rows of a PNG written by gen-icons. */
function decode(png: Buffer): { width: number; height: number; colourType: number; alpha: number[] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length;) {
    const len = png.readUInt32BE(o);
    if (png.toString('ascii', o + 4, o + 8) === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += len + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const alpha: number[] = [];
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) alpha.push(raw[y * (width * 4 + 1) + 1 + x * 4 + 3] ?? 0);
  return { width, height, colourType: png[25] ?? -1, alpha };
}

describe('desktop icons', () => {
  it('are committed as generated (rerun node scripts/gen-icons.ts after changing the glyph)', () => {
    for (const spec of ICONS) {
      const committed = readFileSync(join(ROOT, 'resources', 'icons', spec.file));
      expect(committed.equals(encodePng(spec.size, render(spec.size, spec.bubble, spec.person))), spec.file).toBe(true);
    }
  });

  it('have the sizes electron-builder and the tray expect, with a visible glyph on a transparent ground', () => {
    const sizes = Object.fromEntries(ICONS.map((i) => [i.file, i.size]));
    expect(sizes).toEqual({ 'icon.png': 512, 'tray.png': 16, 'tray@2x.png': 32, 'trayTemplate.png': 16, 'trayTemplate@2x.png': 32 });
    for (const spec of ICONS) {
      const { width, height, colourType, alpha } = decode(readFileSync(join(ROOT, 'resources', 'icons', spec.file)));
      expect([width, height, colourType]).toEqual([spec.size, spec.size, 6]);
      expect(alpha[0]).toBe(0);
      const opaque = alpha.filter((a) => a > 128).length / alpha.length;
      expect(opaque, spec.file).toBeGreaterThan(0.3);
      expect(opaque, spec.file).toBeLessThan(0.9);
    }
  });

  it('template images are black and alpha only (macOS tints them)', () => {
    const template = ICONS.find((i) => i.file === 'trayTemplate.png');
    const rgba = render(16, template?.bubble ?? [0, 0, 0, 0], template?.person ?? null);
    for (let o = 0; o < rgba.length; o += 4) expect([rgba[o], rgba[o + 1], rgba[o + 2]]).toEqual([0, 0, 0]);
  });
});

describe('preload bundle', () => {
  it('is one sandbox-safe script that requires nothing but electron and exposes only the bridge', async () => {
    // A private output folder: the packaging test builds dist/electron at the same time.
    const dir = mkdtempSync(join(tmpdir(), 'preload-'));
    let code: string;
    try {
      code = readFileSync(await buildElectron(dir), 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const requires = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s/);
    expect([...code.matchAll(/exposeInMainWorld\(/g)]).toHaveLength(1);
    expect(code).not.toContain('ipcRenderer.send(');
  });
});
