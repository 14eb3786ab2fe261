import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, ERROR_CODE_NAMES, renderErrorDocs } from '../../../src/shared/index.ts';

describe('error code registry', () => {
  it('docs/errors.md is exactly what the registry renders (run `npm run docs` after changing codes)', () => {
    const onDisk = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderErrorDocs());
  });

  it('pins the JSON-RPC codes and HTTP statuses of docs/errors.md', () => {
    const pinned = Object.fromEntries(ERROR_CODE_NAMES.map((n) => [n, [ERROR_CODES[n].rpc, ERROR_CODES[n].http]]));
    expect(pinned).toEqual({
      PARSE_ERROR: [-32700, 400], INVALID_REQUEST: [-32600, 400], METHOD_NOT_FOUND: [-32601, 404],
      INVALID_PARAMS: [-32602, 400], INTERNAL_ERROR: [-32603, 500], PERSONA_NOT_FOUND: [-32000, 404],
      NO_ACTIVE_PERSONA: [-32001, 409], RESOURCE_NOT_FOUND: [-32002, 404], LLM_UNAVAILABLE: [-32003, 503],
      MEMORY_NOT_FOUND: [-32004, 404], CONVERSATION_NOT_FOUND: [-32005, 404], SESSION_NOT_FOUND: [-32006, 404],
      STREAM_NOT_FOUND: [-32007, 404], PERSONA_UNAVAILABLE: [-32008, 409], CONFLICT: [-32009, 409],
      UNAUTHORIZED: [-32010, 401], FORBIDDEN: [-32011, 403], RATE_LIMITED: [-32012, 429],
      PAYLOAD_TOO_LARGE: [-32013, 413], TIMEOUT: [-32014, 504], UNSUPPORTED_FORMAT: [-32015, 415],
      CANCELLED: [-32016, 409], SUBSCRIPTION_NOT_FOUND: [-32017, 404],
      HOST_NOT_ATTACHED: [-32018, 503], BOT_NOT_CONFIGURED: [-32019, 404], ROUTE_NOT_FOUND: [-32020, 404],
      BOT_STOP_FAILED: [-32021, 503],
      JOBS_UNAVAILABLE: [-32022, 503], PARTICIPANT_NOT_FOUND: [-32023, 404],
    });
  });

  it('AppError carries code, wire codes and details', () => {
    const err = new AppError('PERSONA_NOT_FOUND', 'Persona not found: x', { details: { persona: 'x' } });
    expect([err.code, err.rpcCode, err.httpStatus, err.details]).toEqual(['PERSONA_NOT_FOUND', -32000, 404, { persona: 'x' }]);
    expect(err).toBeInstanceOf(Error);
  });
});
