import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layer rules of docs/architecture.md "Layers", checked on the import statements of every source file
// (the lint config enforces the same; this test keeps them honest if lint is bypassed).
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SRC = join(ROOT, 'src');
const ALLOWED: Record<string, string[]> = {
  shared: ['shared'],
  core: ['shared', 'core'],
  services: ['shared', 'core', 'services'],
  main: ['shared', 'core', 'main'],
  renderer: ['shared', 'renderer'],
};
/**
 * Single files a layer may import beyond ALLOWED (ADR 0007): the host's pre-flight shares the edge
 * rules of the services' runtime, a light module (node built-ins, shared and core only).
 */
const ALLOWED_FILES: Record<string, string[]> = {
  main: ['services/runtime/index.ts'],
};
/** The folder whose files may import only node built-ins, zod (as shared does) and relative paths (it is loaded by the host). */
const LIGHT_FOLDER = join(SRC, 'services', 'runtime');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function imports(source: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3]) as string);
  return out;
}

const layerOf = (abs: string) => relative(SRC, abs).split(/[\\/]/)[0] as string;
const allowedFile = (from: string, target: string) => (ALLOWED_FILES[from] ?? []).includes(relative(SRC, target).split(/[\\/]/).join('/'));

describe('layer boundaries', () => {
  const all = files(SRC);

  it('finds the source tree', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it('every relative import stays inside the layers its folder may use', () => {
    const violations: string[] = [];
    for (const file of all) {
      const from = layerOf(file);
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC)) continue;
        const to = layerOf(target);
        if (!(ALLOWED[from] ?? []).includes(to) && !allowedFile(from, target)) violations.push(`${relative(ROOT, file)} → ${spec} (${from} may not import ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('main imports from services nothing but the runtime index, and the runtime stays light', () => {
    expect(allowedFile('main', join(SRC, 'services', 'runtime', 'index.ts'))).toBe(true);
    expect(allowedFile('main', join(SRC, 'services', 'runtime', 'host-link.ts'))).toBe(false);
    expect(allowedFile('main', join(SRC, 'services', 'mcp', 'index.ts'))).toBe(false);
    const heavy = all
      .filter((f) => f.startsWith(LIGHT_FOLDER))
      .flatMap((f) => imports(readFileSync(f, 'utf8')).filter((s) => !s.startsWith('.') && !s.startsWith('node:') && s !== 'zod').map((s) => `${relative(ROOT, f)} → ${s}`));
    expect(heavy).toEqual([]);
  });

  it('only src/main/electron imports electron', () => {
    const offenders = all
      .filter((f) => !relative(SRC, f).startsWith(join('main', 'electron')))
      .filter((f) => imports(readFileSync(f, 'utf8')).some((s) => s === 'electron' || s.startsWith('electron/')));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('across layers, only a folder index.ts is imported', () => {
    const violations: string[] = [];
    for (const file of all) {
      const from = layerOf(file);
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC) || layerOf(target) === from) continue;
        if (!/[\\/]index\.ts$/.test(target)) violations.push(`${relative(ROOT, file)} → ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('a service never imports another service (only the shared runtime)', () => {
    const serviceOf = (abs: string) => {
      const parts = relative(SRC, abs).split(/[\\/]/);
      return parts[0] === 'services' ? (parts[1] as string) : null;
    };
    const violations: string[] = [];
    for (const file of all) {
      const from = serviceOf(file);
      if (from === null || from === 'runtime') continue;
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const to = serviceOf(resolve(dirname(file), spec));
        if (to !== null && to !== from && to !== 'runtime') violations.push(`${relative(ROOT, file)} → ${spec} (${from} may not import ${to})`);
      }
    }
    expect(all.some((f) => serviceOf(f) === 'mcp')).toBe(true);
    expect(violations).toEqual([]);
  });

  it('the checker itself catches a forbidden import', () => {
    expect(imports("import { x } from '../../services/mcp/index.ts';")).toEqual(['../../services/mcp/index.ts']);
    expect(ALLOWED.core).not.toContain('services');
  });
});
