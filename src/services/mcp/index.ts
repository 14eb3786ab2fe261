/** The mcp service: JSON-RPC 2.0 and MCP over WebSocket, Streamable HTTP and stdio (docs/architecture.md "Processes"). */
export { createMcpService, type McpService, type McpServiceDeps, type McpServiceTimings } from './mcp-service.ts';
export { runStdio, type StdioSession } from './stdio-transport.ts';
export { createMcpConnection, type McpConnection, type McpConnectionOptions } from './mcp-connection.ts';
export { createRpcDispatcher, type CallInfo, type RpcDispatcher, type RpcRoute } from './rpc-dispatcher.ts';
export { toRpcError } from './rpc-errors.ts';
export type { JsonRpcId, RpcErrorObject, RpcNotification, RpcResponse } from './jsonrpc.model.ts';
