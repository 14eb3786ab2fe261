// Tool schemas as LLM clients want them (docs/mcp.md "Schemas"): the JSON Schema zod emits, made
// smaller and portable. Each rewrite keeps the contract: only redundant keywords are dropped, and
// spellings the Inspector's --strict check flags are replaced by equivalent ones.

type Json = Record<string, unknown>;

/** Keywords that apply to one JSON type only (they move into that type's branch of a split union). */
const TYPE_KEYWORDS: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
  object: ['properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties', 'maxProperties', 'patternProperties'],
};
const TYPED = new Set(Object.values(TYPE_KEYWORDS).flat());
/** Keywords whose value is a map of subschemas. */
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties'];
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
/** Keywords whose value is one subschema. */
const SCHEMA_ONE = ['items', 'additionalProperties', 'not', 'propertyNames', 'contains'];
/** Keywords an output schema does not need: annotations and the bounds of values the server computed. */
const OUTPUT_DROPPED = ['description', 'default', 'title', 'examples', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'];
/**
 * Output schemas spell objects out to this depth (the root is 1); deeper objects and arrays keep
 * their type only. Results still match, and `tools/list` stays small (docs/mcp.md "Schemas").
 */
export const OUTPUT_SCHEMA_DEPTH = 3;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmptySchema = (v: unknown) => isObject(v) && Object.keys(v).length === 0;
const isRedundantDefault = (v: unknown) => v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || isEmptySchema(v);

/** `{type: [a, b], …}` → `{anyOf: [{type: a, …a's keywords}, {type: b, …}]}`, annotations kept outside. */
function splitTypeArray(schema: Json): Json {
  const types = schema.type as string[];
  const shared: Json = {};
  for (const [k, v] of Object.entries(schema)) if (k !== 'type' && !TYPED.has(k)) shared[k] = v;
  const branches = types.map((type) => {
    const branch: Json = { type };
    for (const k of TYPE_KEYWORDS[type] ?? []) if (k in schema) branch[k] = schema[k];
    return branch;
  });
  return { ...shared, anyOf: branches };
}

/** A deep output node reduced to its JSON type(s): `{type}`, or `anyOf` of the branch types. */
function typeOnly(node: Json): Json {
  if (typeof node.type === 'string') return { type: node.type };
  if (Array.isArray(node.type)) return { anyOf: (node.type as string[]).map((type) => ({ type })) };
  const branches = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches)) {
    const types = [...new Set(branches.map((b) => (isObject(b) ? typeOnly(b) : b)).map((b) => JSON.stringify(b)))];
    return types.length === 1 ? JSON.parse(types[0] as string) as Json : { anyOf: types.map((t) => JSON.parse(t) as unknown) };
  }
  if ('const' in node) return { const: node.const };
  if (Array.isArray(node.enum)) return { enum: node.enum };
  return leanNode(node, 'output', 1) as Json;
}

/**
 * Rewrites one schema node (recursively). `input` schemas get `additionalProperties: false` on every
 * object that lists its properties and says nothing else about extra keys; `output` schemas lose
 * their annotations.
 */
function leanNode(node: unknown, io: 'input' | 'output', depth = 1): unknown {
  if (node === false) return { not: {} };
  if (!isObject(node)) return node;
  if (io === 'output' && depth > OUTPUT_SCHEMA_DEPTH) return typeOnly(node);
  let schema: Json = { ...node };
  // JSON object keys are strings: saying so adds nothing.
  if (isObject(schema.propertyNames) && schema.propertyNames.type === 'string' && Object.keys(schema.propertyNames).length === 1) delete schema.propertyNames;
  delete schema.$schema;
  if (io === 'output') for (const k of OUTPUT_DROPPED) delete schema[k];
  // A default that says what leaving the field out means anyway (false, 0, empty) tells a model nothing.
  if (io === 'input' && 'default' in schema && isRedundantDefault(schema.default)) delete schema.default;
  // zod writes both a format and the regex that implements it; the format alone says the same.
  if (typeof schema.format === 'string' && typeof schema.pattern === 'string') delete schema.pattern;
  // z.number().int() adds the safe-integer range, which every JSON number in practice already has.
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  // `additionalProperties: {}` / `items: {}` allow anything: the same as leaving them out.
  if (isEmptySchema(schema.additionalProperties)) delete schema.additionalProperties;
  else if (io === 'input' && isObject(schema.properties) && !('additionalProperties' in schema) && schema.type === 'object') {
    schema.additionalProperties = false;
  }
  if (isEmptySchema(schema.items)) delete schema.items;
  for (const k of SCHEMA_MAPS) {
    const map = schema[k];
    if (isObject(map)) schema[k] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, leanNode(sub, io, depth + 1)]));
  }
  // A union's branches describe the same value: they stay at its depth.
  for (const k of SCHEMA_LISTS) {
    const list = schema[k];
    if (Array.isArray(list)) schema[k] = list.map((sub) => leanNode(sub, io, k === 'prefixItems' ? depth + 1 : depth));
  }
  for (const k of SCHEMA_ONE) if (k in schema && typeof schema[k] !== 'boolean') schema[k] = leanNode(schema[k], io, k === 'not' ? depth : depth + 1);
  for (const k of SCHEMA_ONE) if (schema[k] === false) schema[k] = k === 'additionalProperties' ? false : { not: {} };
  if (Array.isArray(schema.type)) schema = splitTypeArray(schema);
  return schema;
}

/** The lean form of a tool's input or output JSON Schema (root stays an object schema). */
export function leanSchema(schema: Record<string, unknown>, io: 'input' | 'output'): Record<string, unknown> {
  return leanNode(schema, io) as Record<string, unknown>;
}
