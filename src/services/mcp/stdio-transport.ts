import type { Readable, Writable } from 'node:stream';
import { AppError } from '../../shared/index.ts';
import { OPERATION_TABLE, getLogger, type CoreContext, type OperationTable, type Scope } from '../../core/index.ts';
import { createMcpConnection, type McpConnection } from './mcp-connection.ts';
import { decodeFrame, hardLimit, type FrameLimits } from './frame-limits.ts';
import { errorResponse, type Frame } from './jsonrpc.model.ts';
import { toRpcError } from './rpc-errors.ts';
import type { ToolsetName } from './toolsets.ts';

const log = getLogger('mcp.stdio');
/** Queued frames above which the input pipe is paused until the queue drains. */
const QUEUE_PAUSE = 256;

/** A running stdio connection. */
export interface StdioSession {
  readonly connection: McpConnection;
  /** Resolves when the input ended and in-flight requests finished (or were aborted by `close`). */
  readonly done: Promise<void>;
  /** Aborts in-flight work and stops reading. */
  close(): void;
}

/**
 * Serves one MCP connection over newline-delimited JSON: one message or batch per
 * line on `input`, replies and notifications one per line on `output`; logs go to stderr only.
 */
export function runStdio(core: CoreContext, input: Readable, output: Writable, options: { table?: OperationTable; toolsets?: readonly ToolsetName[]; scopes?: readonly Scope[] } = {}): StdioSession {
  const limits: FrameLimits = { messageBytes: core.config.server.max_message_bytes, importBytes: core.config.server.max_import_bytes };
  const cap = hardLimit(limits);
  const write = (message: unknown) => output.write(`${JSON.stringify(message)}\n`);
  let blocked = false;
  const connection = createMcpConnection({
    core, table: options.table ?? OPERATION_TABLE, toolsets: options.toolsets ?? core.config.mcp.toolsets.stdio,
    transport: { connections: () => (connection.closed ? 0 : 1) },
    // One local client on its own pipe: bulk work is not throttled per message (the LLM-call budget still holds).
    rateLimited: false,
    send(message) {
      if (blocked) return false;
      if (!write(message)) {
        blocked = true;
        output.once('drain', () => {
          blocked = false;
          connection.flush();
        });
      }
      return true;
    },
  });
  if (options.scopes) connection.state.scopes = options.scopes;
  // A desktop agent in a loop is still held to limits.llm_calls_per_minute (docs/mcp.md "Limits").
  connection.state.principal = 'stdio';
  const pending = new Set<Promise<void>>();
  let buffered: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let closed = false;

  const onLine = (line: Buffer) => {
    const text = line.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    const decoded = decodeFrame(text, line.length, limits);
    if (decoded.reply) {
      write(decoded.reply);
      return;
    }
    queue.push(decoded.frame);
    dispatch();
  };

  // One local client may pipeline as much as it likes: frames beyond `limits.in_flight` wait here
  // (and the pipe is paused while many wait) instead of being refused with RATE_LIMITED.
  const queue: Frame[] = [];
  function dispatch(): void {
    while (queue.length && connection.dispatcher.fits(queue[0] as Frame)) {
      const next = queue.shift() as Frame;
      const p = connection.handle(next)
        .then((reply) => { if (reply) write(reply); }, (err: unknown) => log.error({ err }, 'dispatch failed'))
        .finally(() => {
          pending.delete(p);
          dispatch();
        });
      pending.add(p);
    }
    if (queue.length > QUEUE_PAUSE) input.pause();
    else if (input.isPaused() && !closed) input.resume();
  }

  input.on('data', (chunk: Buffer | string) => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10)) {
      const part = data.subarray(0, nl);
      data = data.subarray(nl + 1);
      if (!skipping) onLine(buffered.length ? Buffer.concat([...buffered, part]) : part);
      buffered = [];
      size = 0;
      skipping = false;
    }
    if (skipping || data.length === 0) return;
    size += data.length;
    if (size > cap) {
      // A line beyond the hard cap is skipped up to its newline, then answered once.
      skipping = true;
      buffered = [];
      write(errorResponse(null, toRpcError(new AppError('PAYLOAD_TOO_LARGE', `Message larger than ${cap} bytes`, { details: { limit_bytes: cap } }))));
    } else buffered.push(Buffer.from(data));
  });

  const done = new Promise<void>((resolve) => {
    const finish = () => {
      // Frames still queued run before the session ends (their replies are written).
      const settle = (): void => {
        if (pending.size || queue.length) {
          void Promise.all([...pending]).then(settle);
          return;
        }
        connection.close('input ended');
        resolve();
      };
      settle();
    };
    input.once('end', finish);
    input.once('close', finish);
  });
  return {
    connection,
    done,
    close() {
      closed = true;
      queue.length = 0;
      connection.close('stdio closed');
      input.pause();
    },
  };
}
