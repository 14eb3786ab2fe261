import { z } from 'zod';
import { AppError } from '../../shared/index.ts';
import type { JsonRpcId } from './jsonrpc.model.ts';
import { parseParams, rateLimited } from './rpc-errors.ts';

const REMEMBER_FINISHED = 64;

/** `persona.chat.cancel` params: one of `stream_id`, `request_id`. */
export const ChatCancelSchema = z.object({
  stream_id: z.uuid().optional(),
  request_id: z.union([z.string().max(128), z.number().int()]).optional(),
}).refine((v) => v.stream_id !== undefined || v.request_id !== undefined, { message: 'stream_id or request_id is required' });

/** The streaming replies of one connection, so `persona.chat.cancel` can stop them. */
export interface StreamRegistry {
  /** Registers a stream of request `requestId`; RATE_LIMITED beyond the per-connection cap. Returns its unregister function. */
  register(streamId: string, requestId: JsonRpcId | undefined, abort: () => void): () => void;
  /** `persona.chat.cancel`: aborts the stream; STREAM_NOT_FOUND when it never existed here. */
  cancel(params: Record<string, unknown>): { stream_id: string | null; cancelled: boolean; reason?: 'already_finished' };
  size(): number;
}

/** Creates a registry allowing `max` concurrent streams (0 = no cap). */
export function createStreamRegistry(max: number): StreamRegistry {
  const live = new Map<string, { requestId: JsonRpcId | undefined; abort: () => void }>();
  const finished: { streamId: string; requestId: JsonRpcId | undefined }[] = [];
  const sameId = (a: JsonRpcId | undefined, b: JsonRpcId) => a !== undefined && typeof a === typeof b && a === b;
  return {
    register(streamId, requestId, abort) {
      if (max > 0 && live.size >= max) throw rateLimited(`At most ${max} concurrent streams per connection`, 1000);
      live.set(streamId, { requestId, abort });
      return () => {
        if (!live.delete(streamId)) return;
        finished.push({ streamId, requestId });
        if (finished.length > REMEMBER_FINISHED) finished.shift();
      };
    },
    cancel(params) {
      const input = parseParams(ChatCancelSchema, params);
      const match = (s: string, r: JsonRpcId | undefined) =>
        input.stream_id !== undefined ? s === input.stream_id : sameId(r, input.request_id as JsonRpcId);
      for (const [streamId, entry] of live) {
        if (!match(streamId, entry.requestId)) continue;
        entry.abort();
        return { stream_id: streamId, cancelled: true };
      }
      const done = finished.find((f) => match(f.streamId, f.requestId));
      if (done) return { stream_id: done.streamId, cancelled: false, reason: 'already_finished' as const };
      throw new AppError('STREAM_NOT_FOUND', 'No such stream on this connection', {
        details: { ...(input.stream_id ? { stream_id: input.stream_id } : {}), ...(input.request_id !== undefined ? { request_id: input.request_id } : {}) },
      });
    },
    size: () => live.size,
  };
}
