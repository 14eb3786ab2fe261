import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../../src/shared/index.ts';
import { createConnectionState, createOperationTable, defineOperation, type CoreContext } from '../../../../src/core/index.ts';
import { createMcpRouter } from '../../../../src/services/mcp/mcp-router.ts';
import { createLifecycle } from '../../../../src/services/mcp/mcp-lifecycle.ts';
import { createEventSubscriptions } from '../../../../src/services/mcp/event-subscriptions.ts';
import { createStreamRegistry } from '../../../../src/services/mcp/stream-registry.ts';
import type { CallInfo } from '../../../../src/services/mcp/rpc-dispatcher.ts';
import { createToolSelection } from '../../../../src/services/mcp/toolsets.ts';

// The router reads each operation's deadline class, not a list of names: `llm` runs without the
// generic deadline, `standard` (the default unless `llm` is set) under it.
const slow = (name: string, flags: { llm?: boolean; deadline?: 'standard' | 'llm' }) => defineOperation({
  name, summary: `${name} waits 80 ms.`, scope: 'read', tool: true, ...flags,
  input: z.object({}), output: z.object({ done: z.boolean() }),
  handler: async () => {
    await new Promise((r) => setTimeout(r, 80));
    return { done: true };
  },
});
const table = createOperationTable([
  slow('plain.slow', {}), slow('llm.flagged', { llm: true }), slow('llm.classed', { deadline: 'llm' }),
  slow('llm.but_standard', { llm: true, deadline: 'standard' }),
]);
// The operations never touch the core (as in fake-table.ts).
const core = { refresh: () => undefined } as unknown as CoreContext;
const router = createMcpRouter({
  core, table, state: createConnectionState('c1', 'mcp'), lifecycle: createLifecycle(),
  events: createEventSubscriptions(() => true), streams: createStreamRegistry(4), deadlineMs: 20, tools: createToolSelection(['all']),
});
const call = (): CallInfo => {
  const controller = new AbortController();
  return { id: 1, signal: controller.signal, batch: false, notify: undefined, abort: (reason: AppError) => controller.abort(reason) };
};

describe('the mcp router reads deadline classes', () => {
  it('runs the standard class under the generic deadline', async () => {
    await expect(router('plain.slow', {}, call())).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(router('llm.but_standard', {}, call())).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('runs the llm class without it, whether set by `llm` or by `deadline`', async () => {
    await expect(router('llm.flagged', {}, call())).resolves.toEqual({ done: true });
    await expect(router('llm.classed', {}, call())).resolves.toEqual({ done: true });
  });
});
