import { AppError } from '../../shared/index.ts';
import {
  classifyMessage, echoableId, errorResponse, parseFrame, type Frame, type RpcResponse,
} from './jsonrpc.model.ts';
import { toRpcError } from './rpc-errors.ts';

/** Frame and body size caps (`server.max_message_bytes`, `server.max_import_bytes`). */
export interface FrameLimits {
  messageBytes: number;
  importBytes: number;
}

/** Methods that may use the larger import limit. */
export const IMPORT_METHODS: ReadonlySet<string> = new Set(['persona.import', 'state.load']);

/** The hard cap: frames or bodies beyond it are not even read (WebSocket close 1009, HTTP 413). */
export function hardLimit(limits: FrameLimits): number {
  return Math.max(limits.messageBytes, limits.importBytes);
}

function tooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `Message larger than ${limit} bytes`, { details: { limit_bytes: limit } });
}

/**
 * PAYLOAD_TOO_LARGE when a parsed frame of `bytes` exceeds its limit: the message limit, or the
 * import limit for a single `persona.import` / `state.load`. Null when it fits.
 */
export function checkFrameSize(bytes: number, frame: Frame, limits: FrameLimits): AppError | null {
  if (bytes <= limits.messageBytes) return null;
  const msg = frame.kind === 'single' ? classifyMessage(frame.message) : null;
  const importing = msg !== null && (msg.kind === 'request' || msg.kind === 'notification') && IMPORT_METHODS.has(msg.method);
  if (importing && bytes <= limits.importBytes) return null;
  return tooLarge(importing ? limits.importBytes : limits.messageBytes);
}

/** A decoded frame, or the error reply that answers it (id echoed when the frame parses). */
export type Decoded = { frame: Frame; reply?: undefined } | { frame?: undefined; reply: RpcResponse };

/** Parses a text frame or body and applies the size rules. */
export function decodeFrame(text: string, bytes: number, limits: FrameLimits): Decoded {
  let frame: Frame;
  try {
    frame = parseFrame(text);
  } catch (err) {
    const error = bytes > limits.messageBytes ? tooLarge(limits.messageBytes) : err;
    return { reply: errorResponse(null, toRpcError(error)) };
  }
  const size = checkFrameSize(bytes, frame, limits);
  if (size) return { reply: errorResponse(frame.kind === 'single' ? echoableId(frame.message) : null, toRpcError(size)) };
  return { frame };
}
