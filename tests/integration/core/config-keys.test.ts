// No setting may be accepted and ignored: every leaf key of AppConfigSchema has an entry in
// tests/support/config-key-effects.ts — a probe of real code that must change with the key, or an
// existing test (file and exact title) that sets the key and checks the outcome. A key added to the
// schema without an entry fails here; the keys still pending are pinned and may only go away.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AppConfigSchema, shapeOf, unwrapSchema, type AppConfig } from '../../../src/shared/index.ts';
import { setPath, type ConfigTree } from '../../../src/core/config/config-layers.ts';
import { CONFIG_KEY_EFFECTS, PENDING_KEYS } from '../../support/config-key-effects.ts';

const ROOT = join(import.meta.dirname, '../../..');

/** Dotted paths of every leaf of an object schema (objects are walked through their wrappers). */
function leafKeys(schema: z.ZodType, prefix = ''): string[] {
  const shape = shapeOf(unwrapSchema(schema));
  if (!shape) return [prefix];
  return Object.entries(shape).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

/** The defaults with one key set (validated like a config file). */
function withKey(key: string, value: unknown): AppConfig {
  const tree: ConfigTree = {};
  setPath(tree, key, value);
  return AppConfigSchema.parse(tree);
}

const KEYS = leafKeys(AppConfigSchema);

/** Keys whose effect is not proven yet, as of this change; an entry leaving this list must prove its key. */
const PINNED_PENDING: readonly string[] = [
];

describe('every config key has an effect', () => {
  it('the table lists exactly the leaf keys of AppConfigSchema', () => {
    expect(KEYS.length).toBeGreaterThan(90);
    expect(Object.keys(CONFIG_KEY_EFFECTS).sort()).toEqual([...KEYS].sort());
  });

  it('the pending keys are pinned: none may be added', () => {
    expect(PENDING_KEYS.filter((k) => !PINNED_PENDING.includes(k))).toEqual([]);
  });

  it('each referenced test exists (file and exact title) and its file names the key', () => {
    const missing: string[] = [];
    for (const [key, effect] of Object.entries(CONFIG_KEY_EFFECTS)) {
      if (!('test' in effect)) continue;
      const file = join(ROOT, effect.test.file);
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      const titled = [`it('${effect.test.name}'`, `it("${effect.test.name}"`, `it(\`${effect.test.name}\``].some((s) => text.includes(s));
      const leaf = key.split('.').at(-1) as string;
      if (!titled) missing.push(`${key}: no test "${effect.test.name}" in ${effect.test.file}`);
      else if (!new RegExp(`\\b${leaf}\\b`).test(text)) missing.push(`${key}: ${effect.test.file} never names ${leaf}`);
    }
    expect(missing).toEqual([]);
  });

  const probes = Object.entries(CONFIG_KEY_EFFECTS).filter((e): e is [string, Extract<(typeof e)[1], { probe: unknown }>] => 'probe' in e[1]);
  it.each(probes)('%s changes what the code does', async (key, effect) => {
    const defaults = AppConfigSchema.parse({});
    const changed = withKey(key, effect.value);
    expect(changed, `${key}: the value must differ from the default`).not.toEqual(defaults);
    expect(await effect.probe(changed)).not.toEqual(await effect.probe(defaults));
  }, 20_000);
});
