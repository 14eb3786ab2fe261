import { AppError } from '../../shared/index.ts';
import { createAsyncQueue } from './async-queue.ts';
import type { CallOptions } from './method-map.ts';
import type { ChatResult, ChatStream, ChatStreamParams } from './client-types.ts';

/** Internal request options: `internal` skips waiting for the open state, `onId` learns the request id. */
export interface RequestOptions extends CallOptions {
  internal?: boolean;
  onId?: (id: number) => void;
}

/** The client's request function. */
export type RequestFn = <T>(method: string, params: Record<string, unknown> | undefined, opts?: RequestOptions) => Promise<T>;

const noop = () => undefined;

/**
 * Starts `persona.chat` with `stream: true`: deltas routed by request id (`streams`) feed an async
 * iterable; cancel() sends `persona.chat.cancel` once the stream has produced its first delta.
 */
export function startChatStream(
  deps: { request: RequestFn; streams: Map<number, (params: Record<string, unknown>) => void> },
  params: ChatStreamParams,
  callOptions: CallOptions,
): ChatStream {
  const queue = createAsyncQueue<string>();
  let requestId: number | null = null;
  let streamId: string | null = null;
  let done = false;
  let firstDelta: () => void = noop;
  const gotDelta = new Promise<void>((resolve) => { firstDelta = resolve; });
  const result = deps.request<ChatResult>('persona.chat', { ...params, stream: true }, {
    ...callOptions,
    onId: (id) => {
      requestId = id;
      deps.streams.set(id, (p) => {
        streamId ??= p.stream_id as string;
        firstDelta();
        queue.push(p.delta as string);
      });
    },
  });
  const settle = () => {
    done = true;
    if (requestId !== null) deps.streams.delete(requestId);
  };
  // handled here so a caller that only iterates `deltas` never leaves an unhandled rejection
  result.then(() => { settle(); queue.end(); }, (err: unknown) => { settle(); queue.fail(err); });
  return {
    deltas: queue,
    result,
    async cancel() {
      await Promise.race([gotDelta, result.then(noop, noop)]);
      if (done || streamId === null) return;
      try {
        await deps.request('persona.chat.cancel', { stream_id: streamId });
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'STREAM_NOT_FOUND')) throw err;
      }
    },
  };
}
