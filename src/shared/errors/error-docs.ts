import { ERROR_CODES, ERROR_CODE_NAMES } from './error-codes.ts';

/** Renders `docs/errors.md` from the error-code registry (a test keeps the file in step). */
export function renderErrorDocs(): string {
  const rows = ERROR_CODE_NAMES.map((name) => {
    const e = ERROR_CODES[name];
    return `| \`${name}\` | ${e.rpc} | ${e.http} | ${e.meaning} |`;
  });
  return [
    '# Error codes',
    '',
    'Every error a client can see carries one of these stable codes. Branch on the code, not on the message.',
    '',
    '- JSON-RPC (WebSocket, Streamable HTTP, stdio): `{"code": <JSON-RPC code>, "message": "…", "data": {"code": "<CODE>", "details"?, "issues"?, "retry_after_ms"?, "error_id"?}}`.',
    '- REST (PersonaAPI): the HTTP status below with body `{"error": {"code": "<CODE>", "message": "…", "details"?, "issues"?}}`.',
    '- MCP `tools/call`: domain and argument errors come back as a tool result with `isError: true` and one text block holding `{"error": {"code": "<CODE>", "message": "…", "details"?, "issues"?, "retry_after_ms"?}}` (no `structuredContent`, see docs/mcp.md).',
    '',
    '`issues` (INVALID_PARAMS only) lists every validation problem as `{path, code, message}`. `error_id` (INTERNAL_ERROR only) matches a line in the server log; stack traces are never sent.',
    '',
    '| code | JSON-RPC | HTTP | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
    'This page is generated from `src/shared/errors/error-codes.ts` by `npm run docs`; `tests/unit/shared/error-docs.test.ts` fails when they differ.',
    '',
  ].join('\n');
}
