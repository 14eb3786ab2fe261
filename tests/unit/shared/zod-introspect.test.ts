import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppConfigSchema, checksOf, defOf, innerOf, kindOf, shapeOf, unwrapSchema,
} from '../../../src/shared/index.ts';

// src/shared/schemas/zod-introspect.ts reads zod's private `_zod.def`. These tests run every
// function on real schemas of every kind the callers (output checks, query coercion, config key
// check) rely on, so a zod release that changes the internals fails here first.

/** The zod major.minor whose internals were last verified against zod-introspect.ts. */
const VERIFIED_ZOD = '4.6';

const installed = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('zod/package.json'), 'utf8')) as { version: string }).version;

describe('zod version pin', () => {
  it(`the installed zod is the ${VERIFIED_ZOD}.x the introspection was verified against`, () => {
    const majorMinor = installed.split('.').slice(0, 2).join('.');
    expect(majorMinor, `zod is ${installed}, but src/shared/schemas/zod-introspect.ts was verified against zod ${VERIFIED_ZOD}.x. `
      + 'Re-verify the fields it reads from _zod.def (run this file, read zod\'s $Zod*Def types), then update VERIFIED_ZOD.').toBe(VERIFIED_ZOD);
  });
});

describe('kindOf', () => {
  it('names the kind of every schema the callers branch on', () => {
    const kinds: [z.ZodType, string][] = [
      [z.string(), 'string'], [z.uuid(), 'string'], [z.number(), 'number'], [z.int(), 'number'], [z.boolean(), 'boolean'],
      [z.null(), 'null'], [z.unknown(), 'unknown'], [z.any(), 'any'], [z.enum(['a']), 'enum'], [z.literal('x'), 'literal'],
      [z.object({}), 'object'], [z.looseObject({}), 'object'], [z.array(z.string()), 'array'], [z.record(z.string(), z.number()), 'record'],
      [z.union([z.string(), z.number()]), 'union'], [z.string().optional(), 'optional'], [z.string().nullable(), 'nullable'],
      [z.string().default('d'), 'default'], [z.string().prefault('d'), 'prefault'], [z.string().catch('c'), 'catch'],
      [z.string().readonly(), 'readonly'], [z.string().optional().nonoptional(), 'nonoptional'], [z.string().pipe(z.string()), 'pipe'],
      [z.string().transform((s) => s.length), 'pipe'], [z.preprocess((v) => v, z.number()), 'pipe'],
    ];
    expect(kinds.map(([s]) => kindOf(s))).toEqual(kinds.map(([, k]) => k));
  });
});

describe('defOf', () => {
  it('reads object shapes and the catchall of loose objects', () => {
    const name = z.string();
    const def = defOf(z.object({ name }));
    expect(def.shape?.name).toBe(name);
    expect(def.catchall).toBeUndefined();
    expect(kindOf(defOf(z.looseObject({ name })).catchall as z.ZodType)).toBe('unknown');
    expect(kindOf(defOf(z.object({}).catchall(z.number())).catchall as z.ZodType)).toBe('number');
  });

  it('reads string formats with their pattern, number formats declared on the schema, and coercion', () => {
    const uuid = defOf(z.uuid());
    expect(uuid.format).toBe('uuid');
    expect(uuid.pattern).toBeInstanceOf(RegExp);
    expect(uuid.pattern?.test('a1a1a1a1-0000-4000-8000-000000000001')).toBe(true);
    expect(uuid.pattern?.test('not-a-uuid')).toBe(false);
    const at = defOf(z.iso.datetime({ offset: false }));
    expect(at.format).toBe('datetime');
    expect(at.pattern?.test('2026-11-25T12:00:00.000Z')).toBe(true);
    expect(defOf(z.string()).format).toBeUndefined();
    expect(defOf(z.int()).format).toBe('safeint');
    expect(defOf(z.int32()).format).toBe('int32');
    expect(defOf(z.number()).format).toBeUndefined();
    expect(defOf(z.number().int()).format).toBeUndefined();
    expect(defOf(z.coerce.number()).coerce).toBe(true);
    expect(defOf(z.coerce.string()).coerce).toBe(true);
    expect(defOf(z.number()).coerce).toBeFalsy();
  });

  it('reads array items, record keys and values, union options, enum entries and literal values', () => {
    const item = z.number();
    expect(defOf(z.array(item)).element).toBe(item);
    const key = z.string();
    const value = z.boolean();
    const rec = defOf(z.record(key, value));
    expect([rec.keyType, rec.valueType]).toEqual([key, value]);
    const a = z.string();
    const b = z.number();
    expect(defOf(z.union([a, b])).options).toEqual([a, b]);
    expect(defOf(z.enum(['x', 'y'])).entries).toEqual({ x: 'x', y: 'y' });
    expect(defOf(z.literal(['x', 1])).values).toEqual(['x', 1]);
  });

  it('reads the wrapped schema of wrappers and the input side of pipes', () => {
    const inner = z.string();
    for (const wrapped of [inner.optional(), inner.nullable(), inner.default('d'), inner.prefault('d'), inner.catch('c'), inner.readonly()]) {
      expect(defOf(wrapped).innerType).toBe(inner);
    }
    expect(defOf(inner.pipe(z.string().min(1))).in).toBe(inner);
  });
});

describe('checksOf', () => {
  it('reads string length and pattern checks', () => {
    expect(checksOf(z.string().min(1).max(3).length(2))).toMatchObject([
      { check: 'min_length', minimum: 1 }, { check: 'max_length', maximum: 3 }, { check: 'length_equals', length: 2 },
    ]);
    const [regex] = checksOf(z.string().regex(/^[a-z]+$/));
    expect(regex).toMatchObject({ check: 'string_format', format: 'regex' });
    expect(regex?.pattern?.test('abc')).toBe(true);
    const [email] = checksOf(z.string().email());
    expect(email).toMatchObject({ check: 'string_format', format: 'email' });
    expect(email?.pattern).toBeInstanceOf(RegExp);
  });

  it('reads number bounds (inclusive or not) and the integer format', () => {
    expect(checksOf(z.number().int().min(0).max(10))).toMatchObject([
      { check: 'number_format', format: 'safeint' }, { check: 'greater_than', value: 0, inclusive: true }, { check: 'less_than', value: 10, inclusive: true },
    ]);
    expect(checksOf(z.number().gt(0).lt(1))).toMatchObject([
      { check: 'greater_than', value: 0, inclusive: false }, { check: 'less_than', value: 1, inclusive: false },
    ]);
  });

  it('reads array length checks, and none where there are none', () => {
    expect(checksOf(z.array(z.string()).min(1).max(4).length(2))).toMatchObject([
      { check: 'min_length', minimum: 1 }, { check: 'max_length', maximum: 4 }, { check: 'length_equals', length: 2 },
    ]);
    expect(checksOf(z.string())).toEqual([]);
    expect(checksOf(z.object({ a: z.string() }))).toEqual([]);
    expect(checksOf(z.object({ a: z.string() }).refine(() => true)).length).toBe(1);
  });
});

describe('innerOf and unwrapSchema', () => {
  it('innerOf steps into one wrapper or pipe and stops at anything else', () => {
    const inner = z.number();
    const optional = inner.optional();
    expect(innerOf(optional.nonoptional())).toBe(optional);
    expect(innerOf(inner.default(1))).toBe(inner);
    expect(innerOf(inner.pipe(z.number()))).toBe(inner);
    expect(innerOf(inner)).toBeUndefined();
    expect(innerOf(z.array(inner))).toBeUndefined();
    expect(innerOf(z.object({ a: inner }))).toBeUndefined();
  });

  it('unwrapSchema goes through every wrapper and pipe, up to the depth', () => {
    const inner = z.array(z.string());
    expect(unwrapSchema(inner.optional().nullable().default([]).readonly())).toBe(inner);
    expect(unwrapSchema(inner.pipe(z.array(z.string())).optional())).toBe(inner);
    const step = inner.optional();
    expect(unwrapSchema(step.nullable(), 1)).toBe(step);
    expect(kindOf(unwrapSchema(z.preprocess((v) => v, z.number())))).toBe('transform');
  });
});

describe('shapeOf', () => {
  it('gives the properties of an object and nothing for other kinds or wrapped objects', () => {
    const a = z.string();
    expect(shapeOf(z.object({ a }))).toEqual({ a });
    expect(shapeOf(z.strictObject({ a }))).toEqual({ a });
    expect(shapeOf(z.object({ a }).optional())).toBeUndefined();
    expect(shapeOf(z.array(a))).toBeUndefined();
    expect(shapeOf(unwrapSchema(z.object({ a }).default({ a: 'x' })))).toEqual({ a });
  });

  it('walks the real config schema down to its nested sections', () => {
    const server = shapeOf(unwrapSchema(AppConfigSchema.shape.server));
    expect(Object.keys(server ?? {})).toContain('mcp_port');
  });
});
