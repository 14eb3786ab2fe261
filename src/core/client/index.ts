/** Node client of the mcp service's WebSocket endpoint (JSON-RPC 2.0, streaming chat, events, reconnect). */
export { createPersonaClient } from './persona-client.ts';
export type {
  ChatResult, ChatStream, ChatStreamParams, ClientState, ClientSubscription, PersonaClient, PersonaClientOptions, PersonaEvent, StateInfo, SubscribeParams,
} from './client-types.ts';
export { TYPED_METHOD_NAMES, type CallOptions, type MethodParams, type MethodResult, type OperationMethodMap, type OperationMethods, type TypedMethodName } from './method-map.ts';
export { fromWireError, fromUpgradeRefusal, type WireError } from './wire-errors.ts';
