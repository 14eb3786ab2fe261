import { describe, expect, it } from 'vitest';
import { OPERATION_TABLE } from '../../../../src/core/index.ts';
import { findTool, listTools, toolError, toolResult, toolTitle } from '../../../../src/services/mcp/mcp-tools.ts';
import { assignSlugs, baseSlug } from '../../../../src/services/mcp/persona-slugs.ts';
import { negotiateVersion } from '../../../../src/services/mcp/mcp-lifecycle.ts';
import { AppError } from '../../../../src/shared/index.ts';
import { createFakeTable } from './fake-table.ts';

describe('tools', () => {
  it('lists exactly the tool operations, with object JSON Schemas and hints', () => {
    const tools = listTools(OPERATION_TABLE);
    expect(tools.map((t) => t.name)).toEqual([...OPERATION_TABLE.operations.filter((o) => o.tool).map((o) => o.name), 'toolsets.enable']);
    expect(tools.map((t) => t.name)).not.toContain('ping');
    expect(tools.map((t) => t.name)).not.toContain('persona.chat_stream');
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema.type).toBe('object');
      // MCP's default dialect is 2020-12: the lean schemas leave `$schema` out.
      expect(t.inputSchema.$schema).toBeUndefined();
    }
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('persona.list')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.get('persona.delete')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('persona.create')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
  });

  it('describes inputs as a caller sends them (defaults optional)', () => {
    const list = listTools(OPERATION_TABLE).find((t) => t.name === 'persona.list');
    expect(list?.inputSchema.required ?? []).not.toContain('limit');
  });

  it('finds tools by canonical name only', () => {
    const { table } = createFakeTable();
    expect(findTool(table, 'echo')?.name).toBe('echo');
    expect(findTool(table, 'echo.alias')).toBeUndefined();
    expect(findTool(table, 'wait')).toBeUndefined();
    expect(toolTitle('memory.prune_all')).toBe('Memory prune all');
  });

  it('wraps results and errors', () => {
    expect(toolResult({ a: 1 })).toEqual({ content: [{ type: 'text', text: '{"a":1}' }], structuredContent: { a: 1 }, isError: false });
    const err = toolError(new AppError('PERSONA_NOT_FOUND', 'Persona not found: Zed', { details: { persona: 'Zed' } }));
    expect(err.isError).toBe(true);
    expect(JSON.parse(err.content[0]?.text ?? '')).toEqual({ error: { code: 'PERSONA_NOT_FOUND', message: 'Persona not found: Zed', details: { persona: 'Zed' } } });
    // No structuredContent: a client checking it against the tool's output schema would throw.
    expect(err).not.toHaveProperty('structuredContent');
  });
});

describe('slugs', () => {
  it('lower-cases and collapses runs of other characters', () => {
    expect(baseSlug('Aria')).toBe('aria');
    expect(baseSlug('  Sir Brom  the Smith! ')).toBe('sir-brom-the-smith');
    expect(baseSlug('Zoë-Ann')).toBe('zo-ann');
  });

  it('adds the id prefix to every persona sharing a slug', () => {
    const slugs = assignSlugs([
      { id: 'AAAAAAAA-1', name: 'Kira!', description: '' },
      { id: 'bbbbbbbb-2', name: 'kira', description: '' },
      { id: 'cccccccc-3', name: 'Aria', description: '' },
      { id: 'dddddddd-4', name: 'ドラ', description: '' },
    ]).map((p) => p.slug);
    expect(slugs).toEqual(['kira-aaaaaaaa', 'kira-bbbbbbbb', 'aria', 'dddddddd']);
  });
});

describe('version negotiation', () => {
  it('echoes a supported revision and answers anything else with the newest', () => {
    expect(negotiateVersion('2025-06-18')).toBe('2025-06-18');
    expect(negotiateVersion('2025-03-26')).toBe('2025-03-26');
    expect(negotiateVersion('2024-11-05')).toBe('2025-11-25');
    expect(negotiateVersion('banana')).toBe('2025-11-25');
  });
});
