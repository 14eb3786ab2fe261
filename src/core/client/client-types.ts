import type { z } from 'zod';
import type { ChatResultSchema } from '../../shared/index.ts';
import type { ChatInputSchema } from '../chat/chat.operation.ts';
import type { CallOptions, OperationMethods } from './method-map.ts';

/** Options of `createPersonaClient`. */
export interface PersonaClientOptions {
  /** `ws://host:port/mcp`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` on the upgrade. */
  token?: string;
  /** Deadline of a request (default 30 000 ms) → AppError TIMEOUT. */
  requestTimeoutMs?: number;
  /** Deadline of LLM-backed calls (persona.chat, chatStream, …; default 180 000 ms). */
  llmTimeoutMs?: number;
  /** Backoff of automatic reconnects after an unexpected close (doubling from initialMs up to maxMs). */
  reconnect?: { initialMs?: number; maxMs?: number; enabled?: boolean };
}

/** Connection state: `idle` before connect, `reconnecting` while waiting to retry, `closed` after close(). */
export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What accompanies a state change: the retry attempt and its delay, or the close reason. */
export interface StateInfo {
  attempt?: number;
  delayMs?: number;
  closeCode?: number;
  error?: Error;
}

/** `persona.chat` params for chatStream (`stream` is forced true). */
export type ChatStreamParams = Omit<z.input<typeof ChatInputSchema>, 'stream'>;
/** The `persona.chat` result. */
export type ChatResult = z.output<typeof ChatResultSchema>;

/** A streaming chat in progress. */
export interface ChatStream {
  /** The reply as it is generated; ends when the result arrives, throws when the call fails. */
  deltas: AsyncIterable<string>;
  /** The full result (finish_reason `cancelled` after cancel()). */
  result: Promise<ChatResult>;
  /** Stops generation; the result still arrives with the partial text. */
  cancel(): Promise<void>;
}

/** An `events.event` notification. */
export interface PersonaEvent {
  subscription_id: string;
  seq: number;
  name: string;
  persona_id: string | null;
  at: string;
  data: Record<string, unknown>;
}

/** `events.subscribe` params. */
export interface SubscribeParams {
  persona_ids?: string[];
  names?: string[];
}

/** A live subscription; it is re-made after a reconnect, so `subscription_id` may change. */
export interface ClientSubscription {
  readonly subscription_id: string;
  unsubscribe(): Promise<void>;
}

/** The client returned by `createPersonaClient`. */
export interface PersonaClient {
  /** Opens the connection; rejects (no retry) when the first attempt fails. */
  connect(): Promise<void>;
  /** Closes for good: no reconnect, pending calls fail with CANCELLED. */
  close(): Promise<void>;
  /** Sends a request and resolves with its result; JSON-RPC errors reject as AppError. */
  call<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<T>;
  /** `persona.chat` with `stream: true`. */
  chatStream(params: ChatStreamParams, options?: CallOptions): ChatStream;
  /** `events.subscribe`; `onEvent` gets every matching event until unsubscribed. */
  subscribe(params: SubscribeParams, onEvent: (event: PersonaEvent) => void): Promise<ClientSubscription>;
  /** Listens to state changes; returns the function that removes the listener. */
  on(event: 'state', listener: (state: ClientState, info: StateInfo) => void): () => void;
  /** The current state. */
  readonly state: ClientState;
  /** Typed calls of every operation: `client.methods['persona.get']({ persona_id: 'Aria' })`. */
  readonly methods: OperationMethods;
}
