import type { z } from 'zod';
import { checksOf, defOf, type ZodDef } from '../../shared/index.ts';

// Every operation result is checked against its output schema (invoke.ts). zod's parser is one
// generic piece of code shared by every schema in the process, so on a busy server its property
// accesses go megamorphic and the check cost a persona.get 14 µs of ~100 (perf, 500 WS clients).
// This compiles an output schema into one straight-line function of its own, like zod's JIT does
// for plain objects, covering the shapes results are made of: objects, records, arrays, strings
// with length and pattern checks, numbers with bounds, enums, literals, nullable and optional.
// Anything else (refinements, defaults, unions, transforms, loose objects…) is handed to zod for
// that sub-schema. The compiled check only ever says "valid, here is zod's output" or "ask zod":
// on any doubt the caller runs zod, whose answer stands. tests/unit/core/operations/output-check.test.ts
// compares the two on every operation's results and on broken ones.

/** Returned by a compiled check when zod must decide (invalid, or not covered). */
export const ASK_ZOD: unique symbol = Symbol('ask zod');

/** A compiled output check: the parsed value exactly as zod would return it, or `ASK_ZOD`. */
export type OutputCheck = (value: unknown) => unknown;

/** String formats that are exactly a regular-expression test in zod. */
const PATTERN_FORMATS = new Set(['uuid', 'guid', 'datetime', 'date', 'time', 'regex', 'email', 'ulid', 'nanoid', 'cuid', 'cuid2']);

/** A pattern whose `test` keeps no state between calls (zod resets `lastIndex` of the others). */
const plain = (p: RegExp | undefined): p is RegExp => p instanceof RegExp && !p.global && !p.sticky;

class Compiler {
  readonly refs: unknown[] = [];
  private n = 0;
  private ref(value: unknown): string {
    this.refs.push(value);
    return `r[${this.refs.length - 1}]`;
  }
  private tmp(): string {
    this.n += 1;
    return `t${this.n}`;
  }

  /** Delegates a sub-schema to zod itself. */
  private zod(schema: z.ZodType, input: string, out: string): string {
    return `{ const p = ${this.ref(schema)}.safeParse(${input}); if (!p.success) return F; ${out} = p.data; }`;
  }

  /** Statements that set `out` from `input` or `return F`. */
  gen(schema: z.ZodType, input: string, out: string): string {
    const def = defOf(schema);
    switch (def.type) {
      case 'string': return this.string(schema, def, input, out);
      case 'number': return this.number(schema, def, input, out);
      case 'boolean': return `if (typeof ${input} !== 'boolean') return F; ${out} = ${input};`;
      case 'null': return `if (${input} !== null) return F; ${out} = null;`;
      case 'unknown': case 'any': return `${out} = ${input};`;
      case 'enum': {
        const values = Object.values(def.entries ?? {});
        if (!values.every((v) => typeof v === 'string')) return this.zod(schema, input, out);
        return `if (!${this.ref(new Set(values))}.has(${input})) return F; ${out} = ${input};`;
      }
      case 'literal': return `if (!${this.ref(new Set(def.values))}.has(${input})) return F; ${out} = ${input};`;
      case 'nullable': return `if (${input} === null) ${out} = null; else { ${this.gen(def.innerType!, input, out)} }`;
      case 'optional': return `if (${input} === undefined) ${out} = undefined; else { ${this.gen(def.innerType!, input, out)} }`;
      case 'array': return this.array(schema, def, input, out);
      case 'record': return this.record(schema, def, input, out);
      case 'object': return this.object(schema, def, input, out);
      default: return this.zod(schema, input, out);
    }
  }

  private string(schema: z.ZodType, def: ZodDef, input: string, out: string): string {
    if (def.coerce) return this.zod(schema, input, out);
    const tests = [`typeof ${input} !== 'string'`];
    if (def.format !== undefined) {
      if (!PATTERN_FORMATS.has(def.format) || !plain(def.pattern)) return this.zod(schema, input, out);
      tests.push(`!${this.ref(def.pattern)}.test(${input})`);
    }
    for (const k of checksOf(schema)) {
      if (k.check === 'min_length') tests.push(`${input}.length < ${Number(k.minimum)}`);
      else if (k.check === 'max_length') tests.push(`${input}.length > ${Number(k.maximum)}`);
      else if (k.check === 'length_equals') tests.push(`${input}.length !== ${Number(k.length)}`);
      else if (k.check === 'string_format' && k.format !== undefined && PATTERN_FORMATS.has(k.format) && plain(k.pattern)) tests.push(`!${this.ref(k.pattern)}.test(${input})`);
      else return this.zod(schema, input, out);
    }
    return `if (${tests.join(' || ')}) return F; ${out} = ${input};`;
  }

  private number(schema: z.ZodType, def: ZodDef, input: string, out: string): string {
    // A format on the schema itself (z.int(), z.int32(), z.float32()…) is a check zod runs that `checks` does not list.
    if (def.coerce || def.format !== undefined) return this.zod(schema, input, out);
    const tests = [`typeof ${input} !== 'number'`, `!Number.isFinite(${input})`];
    for (const k of checksOf(schema)) {
      if (k.check === 'number_format' && k.format === 'safeint') tests.push(`!Number.isSafeInteger(${input})`);
      else if (k.check === 'greater_than' && Number.isFinite(k.value)) tests.push(`${input} ${k.inclusive ? '<' : '<='} ${Number(k.value)}`);
      else if (k.check === 'less_than' && Number.isFinite(k.value)) tests.push(`${input} ${k.inclusive ? '>' : '>='} ${Number(k.value)}`);
      else return this.zod(schema, input, out);
    }
    return `if (${tests.join(' || ')}) return F; ${out} = ${input};`;
  }

  private array(schema: z.ZodType, def: ZodDef, input: string, out: string): string {
    const tests = [`!Array.isArray(${input})`];
    for (const k of checksOf(schema)) {
      if (k.check === 'min_length') tests.push(`${input}.length < ${Number(k.minimum)}`);
      else if (k.check === 'max_length') tests.push(`${input}.length > ${Number(k.maximum)}`);
      else if (k.check === 'length_equals') tests.push(`${input}.length !== ${Number(k.length)}`);
      else return this.zod(schema, input, out);
    }
    const [i, a, e, x] = [this.tmp(), this.tmp(), this.tmp(), this.tmp()];
    return `if (${tests.join(' || ')}) return F; { const ${a} = new Array(${input}.length);
      for (let ${i} = 0; ${i} < ${input}.length; ${i}++) { const ${e} = ${input}[${i}]; let ${x}; ${this.gen(def.element!, e, x)} ${a}[${i}] = ${x}; }
      ${out} = ${a}; }`;
  }

  private record(schema: z.ZodType, def: ZodDef, input: string, out: string): string {
    const key = defOf(def.keyType!);
    if (checksOf(schema).length || key.type !== 'string' || key.format !== undefined || checksOf(def.keyType!).length) return this.zod(schema, input, out);
    const [o, k, v, x] = [this.tmp(), this.tmp(), this.tmp(), this.tmp()];
    return `if (typeof ${input} !== 'object' || ${input} === null || Array.isArray(${input})) return F; { const ${o} = {};
      for (const ${k} of Reflect.ownKeys(${input})) { if (typeof ${k} !== 'string' || ${k} === '__proto__') return F; const ${v} = ${input}[${k}]; let ${x}; ${this.gen(def.valueType!, v, x)} ${o}[${k}] = ${x}; }
      ${out} = ${o}; }`;
  }

  private object(schema: z.ZodType, def: ZodDef, input: string, out: string): string {
    if (def.catchall !== undefined || checksOf(schema).length) return this.zod(schema, input, out);
    const o = this.tmp();
    const fields = Object.entries(def.shape ?? {}).map(([name, field]) => {
      const key = JSON.stringify(name);
      const [v, x] = [this.tmp(), this.tmp()];
      // zod keeps a key the input has even when its value is undefined, and omits an absent one.
      return `{ const ${v} = ${input}[${key}]; let ${x}; ${this.gen(field, v, x)} if (${x} !== undefined || ${key} in ${input}) ${o}[${key}] = ${x}; }`;
    });
    return `if (typeof ${input} !== 'object' || ${input} === null || Array.isArray(${input})) return F; { const ${o} = {}; ${fields.join('\n')} ${out} = ${o}; }`;
  }
}

/** Compiles `schema` (an operation's output schema) into its own check function. */
export function compileOutputCheck(schema: z.ZodType): OutputCheck {
  const compiler = new Compiler();
  const body = compiler.gen(schema, 'input', 'result');
  const factory = new Function('r', 'F', `'use strict'; return function check(input) { let result; ${body} return result; };`);
  return factory(compiler.refs, ASK_ZOD) as OutputCheck;
}
