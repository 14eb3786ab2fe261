// The one place that reads zod's private schema definitions (`schema._zod.def`). zod 4 does not
// document that structure, so every field the code relies on is declared here and exercised on
// real schemas by tests/unit/shared/zod-introspect.test.ts, which pins the installed zod version:
// when zod moves, that test says so before the compiled output checks, the query coercion or the
// config key check silently go wrong.
import type { z } from 'zod';

/** A check of a string, number or array (`min_length`, `greater_than`, `string_format`, …) as zod defines it. */
export interface ZodCheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
}

/** The fields of a zod schema definition this code reads; which ones are set depends on `type`. */
export interface ZodDef {
  /** The schema kind: `string`, `number`, `object`, `optional`, `pipe`, … */
  type: string;
  /** object: the property schemas; catchall: the schema of undeclared keys (loose/catchall objects). */
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  /** string: the format (`uuid`, `datetime`, …) and its pattern; number/string: built with `z.coerce`. */
  format?: string;
  pattern?: RegExp;
  coerce?: boolean;
  /** optional, nullable, default, prefault, catch, readonly, nonoptional: the wrapped schema. */
  innerType?: z.ZodType;
  /** pipe: the schema that parses first. */
  in?: z.ZodType;
  /** array: the item schema; record: key and value schemas; union: the options. */
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  /** enum: name → value; literal: the allowed values. */
  entries?: Record<string, unknown>;
  values?: unknown[];
}

type Internals = { _zod: { def: ZodDef & { checks?: { _zod: { def: ZodCheckDef } }[] } } };

/** Kinds that only wrap another schema (`innerType`); a pipe wraps its input side (`in`). */
const WRAPPER_KINDS: ReadonlySet<string> = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The definition of `schema` (the fields declared in `ZodDef`). */
export function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as Internals)._zod.def;
}

/** The kind of `schema`, e.g. `object`, `string`, `optional`, `pipe`. */
export function kindOf(schema: z.ZodType): string {
  return defOf(schema).type;
}

/** The definitions of the checks attached to `schema` (`.min()`, `.max()`, `.int()`, formats…), in order. */
export function checksOf(schema: z.ZodType): ZodCheckDef[] {
  return ((schema as unknown as Internals)._zod.def.checks ?? []).map((c) => c._zod.def);
}

/** The schema a wrapper (optional, nullable, default, …) or a pipe (its input side) wraps; undefined for others. */
export function innerOf(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema);
  if (WRAPPER_KINDS.has(def.type)) return def.innerType;
  return def.type === 'pipe' ? def.in : undefined;
}

/** The schema under every optional/nullable/default/…/pipe wrapper (at most `depth` levels). */
export function unwrapSchema(schema: z.ZodType, depth = 16): z.ZodType {
  let cur = schema;
  for (let i = 0; i < depth; i += 1) {
    const inner = innerOf(cur);
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

/** The property schemas of an object schema; undefined for any other kind (wrappers are not looked through). */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = defOf(schema);
  return def.type === 'object' ? def.shape : undefined;
}
