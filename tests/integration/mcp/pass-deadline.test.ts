import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATION_TABLE, createOperationTable, defineOperation, deadlineClass } from '../../../src/core/index.ts';
import { createMcpConnection } from '../../../src/services/mcp/mcp-connection.ts';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';

// Operations that walk a whole persona a page at a time (deadline class `pass`) run to their end: over a
// million memories they take longer than limits.method_timeout_ms, and cutting them would report a
// TIMEOUT for work that goes on and completes. The standard class is still cut.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const slow = (name: string, deadline?: 'pass') => defineOperation({
  name, summary: 'Waits 300 ms.', scope: 'read', tool: false, ...(deadline ? { deadline } : {}), input: z.object({}), output: z.object({ done: z.boolean() }),
  handler: async () => { await new Promise((r) => setTimeout(r, 300)); return { done: true }; },
});
const table = createOperationTable([...OPERATION_TABLE.operations, slow('test.slow_standard'), slow('test.slow_pass', 'pass')]);

let t: TestCore;
beforeAll(async () => { t = await createTestCore({ config: { limits: { method_timeout_ms: 100 } } }); });
afterAll(() => t.close());

describe('deadline classes on /mcp', () => {
  it('a pass runs past method_timeout_ms; a standard operation is cut at it', async () => {
    const conn = createMcpConnection({ core: t.core, table, send: () => true });
    try {
      const [standard, pass] = await Promise.all(['test.slow_standard', 'test.slow_pass'].map((method, i) =>
        conn.handle({ kind: 'single', message: { jsonrpc: '2.0', id: i + 1, method, params: {} } }) as Promise<Json>));
      expect(standard?.error?.data?.code).toBe('TIMEOUT');
      expect(pass?.result).toEqual({ done: true });
    } finally {
      conn.close();
    }
  });

  it('the whole-persona operations are passes', () => {
    for (const name of ['memory.prune', 'memory.prune_all', 'memory.prune_recommendations', 'memory.decay_force', 'persona.delete']) {
      expect(deadlineClass(OPERATION_TABLE.get(name)!)).toBe('pass');
    }
    expect(deadlineClass(OPERATION_TABLE.get('persona.get')!)).toBe('standard');
  });
});
