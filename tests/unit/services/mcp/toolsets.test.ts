import { describe, expect, it } from 'vitest';
import { OPERATION_TABLE } from '../../../../src/core/index.ts';
import { listTools } from '../../../../src/services/mcp/mcp-tools.ts';
import {
  CHAT_TOOLS, TOOLSET_NAMES, createToolSelection, parseToolsets, scopeAllows, toolsetCatalogue, toolsetsOf,
} from '../../../../src/services/mcp/toolsets.ts';
import { leanSchema } from '../../../../src/services/mcp/lean-schema.ts';
import { readFileSync } from 'node:fs';

const bytes = (names: Parameters<typeof createToolSelection>[0]) => {
  const selection = createToolSelection(names);
  const tools = listTools(OPERATION_TABLE, (op) => selection.includes(op));
  return { tools, size: Buffer.byteLength(JSON.stringify({ tools })) };
};

describe('toolsets (docs/mcp.md "Toolsets")', () => {
  it('puts every tool operation into at least one named toolset besides all (a new namespace must be mapped)', () => {
    const homeless = OPERATION_TABLE.operations.filter((op) => op.tool && toolsetsOf(op).length === 0).map((op) => op.name);
    expect(homeless).toEqual([]);
  });

  it('keeps the default chat toolset small: at most 15 tools and 24 KB of tools/list', () => {
    const { tools, size } = bytes(['chat']);
    expect(tools.length).toBeLessThanOrEqual(15);
    expect(size).toBeLessThanOrEqual(24 * 1024);
    expect(tools.map((t) => t.name)).toEqual([...OPERATION_TABLE.operations.filter((o) => CHAT_TOOLS.includes(o.name)).map((o) => o.name), 'toolsets.enable']);
  });

  it('follows the rule: namespace set, admin scope, chat list', () => {
    expect(toolsetsOf({ name: 'memory.prune', scope: 'admin' }).sort()).toEqual(['admin', 'memory']);
    expect(toolsetsOf({ name: 'memory.search', scope: 'read' }).sort()).toEqual(['chat', 'memory']);
    expect(toolsetsOf({ name: 'participant.get', scope: 'read' })).toEqual(['relationships']);
    expect(toolsetsOf({ name: 'participant.forget', scope: 'admin' }).sort()).toEqual(['admin', 'relationships']);
    expect(toolsetsOf({ name: 'participant.merge', scope: 'write' })).toEqual(['relationships']);
    expect(toolsetsOf({ name: 'brand_new.thing', scope: 'write' })).toEqual([]);
    const catalogue = toolsetCatalogue(OPERATION_TABLE);
    expect(catalogue.all).toHaveLength(OPERATION_TABLE.operations.filter((o) => o.tool).length);
    for (const name of TOOLSET_NAMES) expect(catalogue[name].length).toBeGreaterThan(0);
  });

  it('docs/mcp.md lists each toolset\'s members as the rule computes them', () => {
    const doc = readFileSync(new URL('../../../../docs/mcp.md', import.meta.url), 'utf8');
    const catalogue = toolsetCatalogue(OPERATION_TABLE);
    for (const name of TOOLSET_NAMES.filter((n) => n !== 'all')) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${name}\` |`)) ?? '';
      expect([...row.split('|')[3]?.matchAll(/`([a-z_.]+)`/g) ?? []].map((m) => m[1])).toEqual(catalogue[name]);
    }
  });

  it('parses choices and names unknown ones', () => {
    expect(parseToolsets(undefined, ['chat'])).toEqual(['chat']);
    expect(parseToolsets('memory, admin,memory', ['chat'])).toEqual(['memory', 'admin']);
    expect(() => parseToolsets('chat,bogus', ['chat'])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS', details: expect.objectContaining({ unknown: ['bogus'] }) }));
    expect(() => parseToolsets('', ['chat'])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    const s = createToolSelection(['chat']);
    expect(s.enable(['memory', 'chat'])).toEqual(['memory']);
    expect(s.enabled).toEqual(['chat', 'memory']);
    expect(scopeAllows(['read'], 'write')).toBe(false);
    expect(scopeAllows(null, 'admin')).toBe(true);
  });
});

describe('lean schemas', () => {
  it('rewrites unportable spellings into equivalent portable ones', () => {
    const out = leanSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object',
      properties: {
        a: { type: ['string', 'null'], maxLength: 5, description: 'kept on input' },
        b: { type: 'array', items: false },
        c: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
        d: { type: 'string', format: 'date-time', pattern: '^x$' },
        n: { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
        f: { type: 'boolean', default: false },
        l: { type: 'integer', default: 50 },
        e: { type: 'array', items: { type: 'string' }, default: [] },
      },
    }, 'input');
    expect(out).toEqual({
      type: 'object', additionalProperties: false,
      properties: {
        a: { description: 'kept on input', anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] },
        b: { type: 'array', items: { not: {} } },
        c: { type: 'object' },
        d: { type: 'string', format: 'date-time' },
        n: { type: 'integer' },
        f: { type: 'boolean' },
        l: { type: 'integer', default: 50 },
        e: { type: 'array', items: { type: 'string' } },
      },
    });
  });

  it('keeps output schemas to three levels and drops their annotations and closed-object markers', () => {
    const out = leanSchema({
      type: 'object', description: 'x', additionalProperties: false,
      properties: { p: { type: 'object', additionalProperties: false, properties: { q: { type: 'object', properties: { r: { type: 'object', properties: { s: { type: 'string' } } } }, required: ['r'] } } } },
    }, 'output');
    expect(out).toEqual({ type: 'object', properties: { p: { type: 'object', properties: { q: { type: 'object', properties: { r: { type: 'object' } }, required: ['r'] } } } } });
  });
});
