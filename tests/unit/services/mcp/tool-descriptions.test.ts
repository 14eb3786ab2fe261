// The rule for what a model reads about a tool (docs/mcp.md "Schemas"): every tool description says
// what the tool does, then when to use it, in at most 200 characters; input field descriptions are
// short and say more than the field's name; closed sets are enums.
import { describe, expect, it } from 'vitest';
import { OPERATION_TABLE } from '../../../../src/core/index.ts';
import { ENABLE_TOOL_DESCRIPTOR, allTools } from '../../../../src/services/mcp/mcp-tools.ts';

/** Longest tool description (characters). */
const MAX_DESCRIPTION = 200;
/** Longest input field description (characters). */
const MAX_FIELD_DESCRIPTION = 120;
/** Fields whose values are a closed set wherever they appear: they must be enums. */
const CLOSED_FIELDS = [
  'status', 'mode', 'kind', 'order', 'order_by', 'visibility', 'memory_visibility', 'direction', 'spec', 'format',
  'on_conflict', 'provider', 'relationship_type', 'current_priority', 'traits_scale',
];
/** Words that carry no meaning of their own when comparing a description with a field name. */
const FILLER = new Set(['the', 'a', 'an', 'of', 'its', 'this', 'to', 'id', 'ids']);

const tools = [...allTools(OPERATION_TABLE), ENABLE_TOOL_DESCRIPTOR];

/** Sentences of a description (split after `.`, `;` or `!` followed by a space). */
const sentences = (text: string) => text.split(/(?<=[.!]) +/).map((s) => s.trim()).filter(Boolean);

/** The reasons a tool description breaks the rule (empty when it keeps it). */
function descriptionProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.trim() === '') return ['empty'];
  if (text.length > MAX_DESCRIPTION) problems.push(`${text.length} characters (max ${MAX_DESCRIPTION})`);
  const parts = sentences(text);
  if (/^Use\b/.test(parts[0] ?? '')) problems.push('starts with the usage cue instead of what the tool does');
  if (!parts.slice(1).some((s) => /^Use\b/.test(s))) problems.push('no usage cue: a sentence after the first starting with "Use"');
  if (!text.endsWith('.')) problems.push('does not end with a full stop');
  return problems;
}

/** Every property schema of an input schema, with its dotted path (into objects, arrays and unions). */
function* fields(schema: Record<string, unknown>, path = ''): Generator<[string, Record<string, unknown>]> {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, sub] of Object.entries(props)) {
    const here = path ? `${path}.${name}` : name;
    yield [here, sub];
    yield* fields(sub, here);
    if (sub.items && typeof sub.items === 'object') yield* fields(sub.items as Record<string, unknown>, here);
    for (const branch of (sub.anyOf ?? []) as Record<string, unknown>[]) yield* fields(branch, here);
  }
}

const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !FILLER.has(w));

describe('tool descriptions (docs/mcp.md "Schemas")', () => {
  it('the rule catches a missing, an overlong and a cue-less description', () => {
    expect(descriptionProblems('')).toEqual(['empty']);
    expect(descriptionProblems(`Get a thing. Use ${'x'.repeat(200)}.`)).toEqual([expect.stringMatching(/characters/)]);
    expect(descriptionProblems('One persona in full.')).toEqual([expect.stringMatching(/no usage cue/)]);
    expect(descriptionProblems('Use this to get a persona.')).toEqual(expect.arrayContaining([expect.stringMatching(/starts with/)]));
    expect(descriptionProblems('Get one persona. Use to learn who it is.')).toEqual([]);
  });

  it('every tool says what it does and when to use it, in at most 200 characters', () => {
    const broken = tools.map((t) => ({ tool: t.name, problems: descriptionProblems(t.description) })).filter((b) => b.problems.length > 0);
    expect(broken).toEqual([]);
    expect(tools.length).toBe(OPERATION_TABLE.operations.filter((op) => op.tool).length + 1);
  });

  it('input field descriptions are short and say more than the field name', () => {
    const bad: string[] = [];
    for (const tool of tools) {
      for (const [path, schema] of fields(tool.inputSchema)) {
        const text = schema.description;
        if (typeof text !== 'string') continue;
        const name = words(path.split('.').pop() ?? '');
        if (text.length > MAX_FIELD_DESCRIPTION) bad.push(`${tool.name} ${path}: ${text.length} characters`);
        if (words(text).every((w) => name.includes(w))) bad.push(`${tool.name} ${path}: "${text}" restates the name`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('fields that take one of a closed set of values are enums', () => {
    const open: string[] = [];
    for (const tool of tools) {
      for (const [path, schema] of fields(tool.inputSchema)) {
        const name = path.split('.').pop() ?? '';
        if (!CLOSED_FIELDS.includes(name) || schema.type === 'object') continue;
        const branches = (schema.anyOf as Record<string, unknown>[] | undefined) ?? [schema];
        if (!branches.some((b) => Array.isArray(b.enum))) open.push(`${tool.name} ${path}`);
      }
    }
    expect(open).toEqual([]);
  });
});
