import { describe, expect, it } from 'vitest';
import { MatrixError } from 'matrix-js-sdk';
import { AppError } from '../../../../src/shared/index.ts';
import { classifyStartFailure, codedFetch } from '../../../../src/services/bot/index.ts';
import { closedPort } from '../../../support/scripted-llm-server.ts';

// How a failure before the bot is ready reads: the network table is the core's (shared with the LLM).
const HS = 'http://127.0.0.1:9';

describe('classifyStartFailure', () => {
  it('a refused connection through codedFetch is `waiting` in the shared words', async () => {
    const err = await codedFetch(`http://127.0.0.1:${await closedPort()}/`).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'ECONNREFUSED', message: 'ECONNREFUSED' });
    expect(classifyStartFailure(err, HS)).toEqual({ kind: 'waiting', message: `homeserver ${HS} unreachable: connection refused (is the server running?)` });
  });

  it('reads the code from a cause chain or, as matrix-js-sdk keeps only messages, from the message', () => {
    const chained = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) });
    expect(classifyStartFailure(chained, HS).message).toBe(`homeserver ${HS} unreachable: host not found (DNS lookup failed)`);
    const named = Object.assign(new Error('fetch failed: EHOSTUNREACH'), { name: 'ConnectionError' });
    expect(classifyStartFailure(named, HS)).toEqual({ kind: 'waiting', message: `homeserver ${HS} unreachable: host unreachable` });
  });

  it('5xx and 429 wait, other HTTP answers, refusals and unknown failures are fatal', () => {
    expect(classifyStartFailure(new MatrixError({ errcode: 'M_UNKNOWN' }, 502), HS)).toEqual({ kind: 'waiting', message: `homeserver ${HS} unavailable: HTTP 502` });
    expect(classifyStartFailure(new MatrixError({ errcode: 'M_LIMIT_EXCEEDED' }, 429), HS).kind).toBe('waiting');
    expect(classifyStartFailure(new MatrixError({ errcode: 'M_FORBIDDEN', error: 'no' }, 403), HS).kind).toBe('fatal');
    expect(classifyStartFailure(new AppError('UNAUTHORIZED', 'refused'), HS)).toEqual({ kind: 'fatal', message: 'refused' });
    expect(classifyStartFailure(Object.assign(new Error('odd'), { code: 'ERR_UNKNOWN_THING' }), HS)).toEqual({ kind: 'fatal', message: 'odd' });
  });
});
