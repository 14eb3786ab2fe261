// Generates the app and tray icons in resources/icons/ (committed outputs; rerun after changing the
// glyph): a speech bubble holding a person, drawn with anti-aliased distance functions and written
// as RGBA PNGs with nothing but node:zlib.
//   node scripts/gen-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

/** A colour. */
export type Rgba = [number, number, number, number];

const OUT = join(import.meta.dirname, '..', 'resources', 'icons');
const BRAND: Rgba = [109, 90, 230, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const BLACK: Rgba = [0, 0, 0, 255];

/** Signed distance to a rounded rectangle centred at (cx, cy); negative inside. */
function roundedRect(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - (hw - r);
  const qy = Math.abs(y - cy) - (hh - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Inside test of the glyph in unit coordinates (0..1): 'bubble', 'person' or null. */
function glyphAt(x: number, y: number): 'bubble' | 'person' | null {
  const head = Math.hypot(x - 0.5, y - 0.36) - 0.12;
  // Shoulders: the upper half of an ellipse, clipped at the bubble's lower edge.
  const shoulders = y > 0.52 && y < 0.72 && ((x - 0.5) / 0.22) ** 2 + ((y - 0.72) / 0.2) ** 2 < 1;
  if (head < 0 || shoulders) return 'person';
  const body = roundedRect(x, y, 0.5, 0.45, 0.44, 0.35, 0.16);
  // Tail: a triangle under the lower-left part of the bubble.
  const tail = y >= 0.78 && y < 0.96 && x > 0.22 && x < 0.22 + (0.96 - y) * 1.4 * 0.9;
  return body < 0 || tail ? 'bubble' : null;
}

/** Renders a `size`×`size` RGBA image with 4×4 supersampling. */
export function render(size: number, bubble: Rgba, person: Rgba | null): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy += 1) {
        for (let sx = 0; sx < n; sx += 1) {
          const hit = glyphAt((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          const colour = hit === 'bubble' ? bubble : hit === 'person' ? person : null;
          if (!colour) continue;
          const a = colour[3] / 255;
          for (let c = 0; c < 3; c += 1) acc[c] = (acc[c] ?? 0) + (colour[c] ?? 0) * a;
          acc[3] = (acc[3] ?? 0) + a;
        }
      }
      const alpha = (acc[3] ?? 0) / (n * n);
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) pixels[o + c] = alpha > 0 ? Math.round((acc[c] ?? 0) / (acc[3] ?? 1)) : 0;
      pixels[o + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels as a PNG (colour type 6, filter 0 on every row). */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** One generated icon file. */
export interface IconSpec {
  file: string;
  size: number;
  bubble: Rgba;
  /** Null cuts the person out (template images). */
  person: Rgba | null;
}

/** Every icon in resources/icons/. */
export const ICONS: IconSpec[] = [
  { file: 'icon.png', size: 512, bubble: BRAND, person: WHITE },
  { file: 'tray.png', size: 16, bubble: BRAND, person: WHITE },
  { file: 'tray@2x.png', size: 32, bubble: BRAND, person: WHITE },
  // macOS template images: black plus alpha only, the person cut out; the OS tints them.
  { file: 'trayTemplate.png', size: 16, bubble: BLACK, person: null },
  { file: 'trayTemplate@2x.png', size: 32, bubble: BLACK, person: null },
];

if (import.meta.main) {
  mkdirSync(OUT, { recursive: true });
  for (const { file, size, bubble, person } of ICONS) {
    writeFileSync(join(OUT, file), encodePng(size, render(size, bubble, person)));
    process.stdout.write(`wrote resources/icons/${file} (${size}×${size})\n`);
  }
}
