import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppError, PersonaViewSchema, TimestampSchema,
} from '../../../../src/shared/index.ts';
import {
  OPERATION_TABLE, createConnectionState, createOperationTable, invokeOperation, type Operation,
} from '../../../../src/core/index.ts';
import { ASK_ZOD, compileOutputCheck } from '../../../../src/core/operations/output-check.ts';
import { createTestCore, type TestCore } from '../../../support/core-harness.ts';

// The compiled check must return exactly what zod returns for a valid result and hand every
// invalid (or uncovered) one back to zod. Both sides are the real thing: zod's own parse and
// results that real operations produced on a real database.

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Asserts the compiled check agrees with zod on `value`. Returns true when the fast path answered. */
function agrees(schema: z.ZodType, value: unknown): boolean {
  const fast = compileOutputCheck(schema)(value);
  const slow = schema.safeParse(value);
  if (fast === ASK_ZOD) return false;
  expect(slow.success, `zod rejects what the compiled check accepted: ${JSON.stringify(value)}`).toBe(true);
  expect(fast).toStrictEqual(slow.data);
  return true;
}

const Shape = z.object({
  id: z.uuid(),
  at: TimestampSchema,
  n: z.number().int().min(0).max(10),
  ratio: z.number().gt(0).lt(1),
  name: z.string().min(1).max(5),
  tag: z.string().regex(/^[a-z]+$/),
  kind: z.enum(['a', 'b']),
  flag: z.literal(true),
  maybe: z.string().nullable(),
  extra: z.number().optional(),
  list: z.array(z.string()).max(2),
  scores: z.record(z.string(), z.number()),
  any: z.unknown(),
  nested: z.object({ x: z.boolean() }),
});
const valid = {
  id: 'a1a1a1a1-0000-4000-8000-000000000001', at: '2026-11-25T12:00:00.000Z', n: 3, ratio: 0.5, name: 'abc',
  tag: 'abc', kind: 'a', flag: true, maybe: null, list: ['x'], scores: { b: 1, a: 2 }, any: { deep: [1] }, nested: { x: false },
};

describe('compiled output check', () => {
  it('returns what zod returns: copies, key order, unknown keys stripped, optional keys kept or left out as zod does', () => {
    expect(agrees(Shape, valid)).toBe(true);
    expect(agrees(Shape, { ...valid, stray: 1, nested: { x: true, stray: 2 } })).toBe(true);
    expect(agrees(Shape, { ...valid, extra: undefined })).toBe(true);
    expect(agrees(Shape, { ...valid, extra: 2 })).toBe(true);
    const out = compileOutputCheck(Shape)(valid) as typeof valid;
    expect(out.list).not.toBe(valid.list);
    expect(out.any).toBe(valid.any);
    expect(Object.keys(out.scores)).toEqual(['b', 'a']);
  });

  it.each([
    ['a bad uuid', { id: 'nope' }], ['a timestamp with an offset', { at: '2026-11-25T12:00:00+01:00' }],
    ['a fraction where an integer is due', { n: 1.5 }], ['a number over its maximum', { n: 11 }],
    ['an exclusive bound reached', { ratio: 1 }], ['NaN', { ratio: Number.NaN }], ['Infinity', { n: Infinity }],
    ['a string too long', { name: 'abcdef' }], ['an empty string under min', { name: '' }], ['a pattern miss', { tag: 'A' }],
    ['an enum miss', { kind: 'c' }], ['a literal miss', { flag: false }], ['null where not nullable', { name: null }],
    ['a missing required key', { nested: undefined }], ['an array too long', { list: ['a', 'b', 'c'] }],
    ['a wrong element type', { list: [1] }], ['a wrong record value', { scores: { a: 'x' } }], ['an array for a record', { scores: [] }],
    ['a string for an object', { nested: 'x' }], ['a wrong nested type', { nested: { x: 1 } }],
  ])('hands %s back to zod, which rejects it', (_label, patch) => {
    const broken = { ...valid, ...patch };
    expect(compileOutputCheck(Shape)(broken)).toBe(ASK_ZOD);
    expect(Shape.safeParse(broken).success).toBe(false);
  });

  it('leaves refinements, defaults, unions, transforms and loose objects to zod', () => {
    const schema = z.object({
      refined: z.record(z.string(), z.number()).refine((m) => Object.keys(m).length <= 1),
      defaulted: z.string().default('d'),
      either: z.union([z.string(), z.number()]),
      shout: z.string().transform((s) => s.toUpperCase()),
      loose: z.object({ a: z.number() }).loose(),
    });
    const value = { refined: { a: 1 }, either: 2, shout: 'hi', loose: { a: 1, b: 2 } };
    expect(agrees(schema, value)).toBe(true);
    expect(compileOutputCheck(schema)(value)).toStrictEqual({ refined: { a: 1 }, defaulted: 'd', either: 2, shout: 'HI', loose: { a: 1, b: 2 } });
    expect(compileOutputCheck(schema)({ ...value, refined: { a: 1, b: 2 } })).toBe(ASK_ZOD);
  });

  it('leaves number formats declared on the schema itself (z.int(), z.int32()) to zod', () => {
    const schema = z.object({ n: z.int(), m: z.int32() });
    expect(compileOutputCheck(schema)({ n: 1.5, m: 2 })).toBe(ASK_ZOD);
    expect(schema.safeParse({ n: 1.5, m: 2 }).success).toBe(false);
    expect(agrees(schema, { n: 1, m: 2 })).toBe(true);
  });

  it('compiles every operation\'s output schema', () => {
    for (const op of OPERATION_TABLE.operations) expect(typeof compileOutputCheck(op.output)).toBe('function');
    expect(agrees(PersonaViewSchema, { nope: true })).toBe(false);
  });

  it('agrees with zod on the results of real operations on a real database', async () => {
    t = await createTestCore();
    const seen: { op: Operation; result: unknown }[] = [];
    // The real operations, each recording the raw result its handler produced.
    const table = createOperationTable(OPERATION_TABLE.operations.map((op) => ({
      ...op,
      handler: async (ctx: Parameters<Operation['handler']>[0], input: never) => {
        const result = await op.handler(ctx, input);
        seen.push({ op, result });
        return result;
      },
    })) as Operation[]);
    const connection = createConnectionState('output-check', 'mcp');
    const call = async (method: string, params: Record<string, unknown> = {}) => {
      try {
        return await invokeOperation(table, method, params, { core: t!.core, connection }) as Record<string, unknown>;
      } catch (err) {
        if (err instanceof AppError) return null;
        throw err;
      }
    };
    const created = await call('persona.create', { name: 'Brom', description: 'A smith.', personality_traits: { stubborn: 80 } });
    const memory = await call('memory.store', { persona_id: 'Aria', content: 'The mill burned down last night', importance: 0.8 });
    for (const [method, params] of [
      ['ping', {}], ['persona.list', {}], ['persona.get', { persona_id: 'Aria' }], ['persona.switch', { persona_id: 'Kira' }],
      ['persona.status', {}], ['persona.update', { persona_id: 'Brom', description: 'A gruff smith.' }],
      ['persona.memory', { persona_id: 'Aria' }], ['persona.relationship', { persona_id: 'Aria', participant: 'Kira' }],
      ['persona.chat', { persona_id: 'Aria', message: 'Hello there, what happened to the mill?' }],
      ['memory.search', { persona_id: 'Aria', query: 'mill' }], ['memory.list', { persona_id: 'Aria' }],
      ['memory.get', { memory_id: memory?.memory_id }], ['memory.stats', { persona_id: 'Aria' }],
      ['memory.update', { memory_id: memory?.memory_id, importance: 0.7 }], ['memory.prune_stats', {}],
      ['memory.prune_recommendations', { persona_id: 'Aria' }], ['memory.decay_stats', {}], ['memory.shared_stats', {}],
      ['memory.search_cross_persona', { persona_id: 'Kira', query: 'mill' }], ['memory.config_get', {}],
      ['relationship.get', { persona_id: 'Aria', participant: 'Kira' }], ['relationship.list', { persona_id: 'Aria' }],
      ['relationship.stats', { persona_id: 'Aria' }], ['relationship.compatibility', { persona_id: 'Aria', other_persona_id: 'Kira' }],
      ['relationship.update', { persona_id: 'Aria', participant: 'Kira', affinity_delta: 0.1 }],
      ['emotional.get_state', { persona_id: 'Aria' }], ['emotional.update_state', { persona_id: 'Aria', mood: 0.2 }],
      ['visual.get', { persona_id: 'Aria' }], ['session.list', {}], ['conversation.list', {}],
      ['conversation.start', { persona_ids: ['Aria', 'Kira'], topic: 'the mill' }], ['conversation.status', {}],
      ['system.status', {}], ['persona.export', { persona_id: 'Brom' }], ['state.save', { persona_id: 'Aria' }],
      ['persona.delete', { persona_id: created?.persona_id }],
    ] as const) await call(method, params);

    const fast = new Set<string>();
    for (const { op, result } of seen) if (agrees(op.output, result)) fast.add(op.name);
    // Not vacuous: most operations ran, and the compiled check answered for most of them.
    expect(new Set(seen.map((s) => s.op.name)).size).toBeGreaterThanOrEqual(25);
    expect(fast.size).toBeGreaterThanOrEqual(20);
    expect(fast).toContain('persona.get');
  });
});
