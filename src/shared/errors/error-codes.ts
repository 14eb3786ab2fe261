/**
 * The one registry of stable error codes (docs/errors.md): JSON-RPC code, HTTP status and meaning.
 * `docs/errors.md` is generated from this table and a test keeps the two in step.
 */
export const ERROR_CODES = {
  PARSE_ERROR: { rpc: -32700, http: 400, meaning: 'The body or frame is not valid JSON.' },
  INVALID_REQUEST: { rpc: -32600, http: 400, meaning: 'Not a valid request object: bad id, bad batch or binary frame.' },
  METHOD_NOT_FOUND: { rpc: -32601, http: 404, meaning: 'Unknown method; its name is in details.method.' },
  INVALID_PARAMS: { rpc: -32602, http: 400, meaning: 'Params fail validation; issues lists every problem.' },
  INTERNAL_ERROR: { rpc: -32603, http: 500, meaning: 'Unexpected failure; error_id correlates with the server log.' },
  PERSONA_NOT_FOUND: { rpc: -32000, http: 404, meaning: 'No persona with that id or name (details.persona).' },
  NO_ACTIVE_PERSONA: { rpc: -32001, http: 409, meaning: 'persona_id omitted and the connection has no current persona.' },
  RESOURCE_NOT_FOUND: { rpc: -32002, http: 404, meaning: 'MCP resources/read of an unknown URI (details.uri).' },
  LLM_UNAVAILABLE: { rpc: -32003, http: 503, meaning: 'The LLM provider is unreachable, timed out or failed, and offline fallback is off.' },
  MEMORY_NOT_FOUND: { rpc: -32004, http: 404, meaning: 'No memory with that id (details.memory_id).' },
  CONVERSATION_NOT_FOUND: { rpc: -32005, http: 404, meaning: 'No conversation with that id (details.conversation_id).' },
  SESSION_NOT_FOUND: { rpc: -32006, http: 404, meaning: 'No chat session with that id (details.session_id).' },
  STREAM_NOT_FOUND: { rpc: -32007, http: 404, meaning: 'Unknown stream on this connection.' },
  PERSONA_UNAVAILABLE: { rpc: -32008, http: 409, meaning: 'The persona is on cooldown, low on energy or out of time.' },
  CONFLICT: { rpc: -32009, http: 409, meaning: 'Name taken, version mismatch, already ended, or owned by another persona or participant.' },
  UNAUTHORIZED: { rpc: -32010, http: 401, meaning: 'Missing or invalid access token.' },
  FORBIDDEN: { rpc: -32011, http: 403, meaning: 'The token lacks the scope, or the Origin/Host was rejected (details.reason).' },
  RATE_LIMITED: { rpc: -32012, http: 429, meaning: 'Too many requests; retry after retry_after_ms.' },
  PAYLOAD_TOO_LARGE: { rpc: -32013, http: 413, meaning: 'Frame or body over the limit (details.limit_bytes).' },
  TIMEOUT: { rpc: -32014, http: 504, meaning: 'A non-LLM operation exceeded its deadline.' },
  UNSUPPORTED_FORMAT: { rpc: -32015, http: 415, meaning: 'Unknown card spec, CHARX, PNG without a card chunk, unknown bundle version, or a REST body that is not application/json in UTF-8.' },
  CANCELLED: { rpc: -32016, http: 409, meaning: 'A queued request was dropped before it ran.' },
  SUBSCRIPTION_NOT_FOUND: { rpc: -32017, http: 404, meaning: 'Unknown event subscription on this connection.' },
  HOST_NOT_ATTACHED: { rpc: -32018, http: 503, meaning: 'Bot control needs the host (`persona-mcp --server` or the desktop app); this service runs alone.' },
  BOT_NOT_CONFIGURED: { rpc: -32019, http: 404, meaning: 'The persona has no bot configuration yet (details.persona_id).' },
  ROUTE_NOT_FOUND: { rpc: -32020, http: 404, meaning: 'No REST route for this method and path (details.method, details.path).' },
  BOT_STOP_FAILED: { rpc: -32021, http: 503, meaning: 'The persona\'s bot could not be stopped, so the persona was not deleted (details.persona_id, details.cause).' },
  JOBS_UNAVAILABLE: { rpc: -32022, http: 503, meaning: 'The process that runs the background jobs (the mcp service under the host) is not running or did not answer; retry.' },
  PARTICIPANT_NOT_FOUND: { rpc: -32023, http: 404, meaning: 'No participant with that key, or alias of one (details.key).' },
} as const satisfies Record<string, { rpc: number; http: number; meaning: string }>;

/** A stable error code clients branch on (`error.data.code` on JSON-RPC, `error.code` on REST). */
export type ErrorCode = keyof typeof ERROR_CODES;

/** All stable error codes, in registry order. */
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];
