import { z } from 'zod';
import { AppError } from '../../../../src/shared/index.ts';
import {
  createConnectionState, createOperationTable, defineOperation, invokeOperation, type CoreContext,
} from '../../../../src/core/index.ts';
import type { RpcRoute } from '../../../../src/services/mcp/rpc-dispatcher.ts';

/** A deferred promise the test resolves by hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

/** A small operation table with observable side effects, for transport-level tests. */
export function createFakeTable() {
  const calls: string[] = [];
  const gates = new Map<string, { promise: Promise<void>; resolve: (v: void) => void }>();
  const aborted: string[] = [];
  const ops = [
    defineOperation({
      name: 'echo', summary: 'Echoes its input.', scope: 'read', tool: true, aliases: ['echo.alias'],
      input: z.object({ text: z.string().min(1).max(10), n: z.number().int().optional() }),
      output: z.object({ text: z.string() }),
      async handler(_ctx, input) {
        calls.push(`echo:${input.text}`);
        return { text: input.text };
      },
    }),
    defineOperation({
      name: 'wait', summary: 'Waits for a gate the test opens.', scope: 'read', tool: false,
      input: z.object({ gate: z.string() }), output: z.object({ gate: z.string() }),
      async handler(ctx, input) {
        calls.push(`wait:${input.gate}`);
        const gate = deferred<void>();
        gates.set(input.gate, gate);
        ctx.signal?.addEventListener('abort', () => { aborted.push(input.gate); gate.resolve(); });
        await gate.promise;
        return { gate: input.gate };
      },
    }),
    defineOperation({
      name: 'stream', summary: 'Emits two deltas.', scope: 'chat', tool: false,
      input: z.object({}), output: z.object({ streamed: z.boolean() }),
      async handler(ctx) {
        ctx.notify?.('test.delta', { index: 0 });
        ctx.notify?.('test.delta', { index: 1 });
        return { streamed: ctx.notify !== undefined };
      },
    }),
    defineOperation({
      name: 'fail', summary: 'Throws.', scope: 'write', tool: true, destructive: true,
      input: z.object({ kind: z.enum(['domain', 'crash']) }), output: z.object({}),
      async handler(_ctx, input) {
        calls.push(`fail:${input.kind}`);
        if (input.kind === 'domain') throw new AppError('PERSONA_NOT_FOUND', 'Persona not found: Zed', { details: { persona: 'Zed' } });
        throw new Error('secret database path /var/db leaked');
      },
    }),
  ];
  const table = createOperationTable(ops);
  const connection = createConnectionState('c1', 'mcp');
  // The fake operations never touch the core.
  const core = { refresh: () => undefined } as unknown as CoreContext;
  const route: RpcRoute = (method, params, call) =>
    invokeOperation(table, method, params, {
      core, connection, signal: call.signal,
      ...(call.id !== undefined ? { requestId: call.id } : {}),
      ...(call.notify ? { notify: call.notify } : {}),
    });
  const open = async (gate: string) => {
    for (let i = 0; i < 50 && !gates.has(gate); i++) await new Promise((r) => setTimeout(r, 1));
    gates.get(gate)?.resolve(undefined);
  };
  return { table, route, calls, aborted, open, hasGate: (g: string) => gates.has(g) };
}
