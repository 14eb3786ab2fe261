import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATION_TABLE } from '../../../../src/core/operations/index.ts';
import { exampleRequest, operationErrors, renderProtocolDocs } from '../../../../src/core/operations/protocol-docs.ts';

const rendered = renderProtocolDocs(OPERATION_TABLE.operations);

describe('generated protocol reference', () => {
  it('docs/protocol.md is exactly what the operations table renders (run `node scripts/gen-protocol-docs.ts`)', () => {
    const onDisk = readFileSync(new URL('../../../../docs/protocol.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(rendered);
  });

  it('documents every operation, in table order', () => {
    const positions = OPERATION_TABLE.names().map((name) => rendered.indexOf(`### \`${name}\``));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('every example is a JSON-RPC frame; declared examples pass the input schema, others carry the required params', () => {
    OPERATION_TABLE.operations.forEach((op, i) => {
      const frame = exampleRequest(op, i + 1);
      expect(frame).toMatchObject({ jsonrpc: '2.0', id: i + 1, method: op.name });
      const params = (frame.params ?? {}) as Record<string, unknown>;
      if (op.example) {
        const parsed = op.input.safeParse(params);
        expect(parsed.success, `${op.name}: ${parsed.error?.message}`).toBe(true);
      } else {
        const required = (z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' }).required ?? []) as string[];
        expect(Object.keys(params).sort(), op.name).toEqual([...required].sort());
      }
    });
  });

  it('derives method errors from the params and the catalogue', () => {
    const byName = (n: string) => operationErrors(OPERATION_TABLE.get(n)!);
    expect(byName('persona.get')).toEqual(['PERSONA_NOT_FOUND', 'NO_ACTIVE_PERSONA']);
    expect(byName('memory.get')).toContain('MEMORY_NOT_FOUND');
    expect(byName('persona.chat')).toEqual(expect.arrayContaining(['SESSION_NOT_FOUND', 'LLM_UNAVAILABLE', 'CONFLICT']));
    expect(byName('ping')).toEqual([]);
  });
});
