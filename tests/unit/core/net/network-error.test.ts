import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { NETWORK_ERROR_TEXT, describeNetworkError, errorCodeOf, isNetworkErrorCode, networkErrorCode } from '../../../../src/core/index.ts';
import { closedPort } from '../../../support/scripted-llm-server.ts';

// The one table and cause-chain walker that the bots' start and the LLM providers share.
const failureOf = async (url: string): Promise<unknown> => fetch(url).then(() => null, (err: unknown) => err);

describe('network errors in words', () => {
  it('finds the code of a real refused fetch in its cause chain', async () => {
    const err = await failureOf(`http://127.0.0.1:${await closedPort()}/`);
    expect((err as Error).message).toBe('fetch failed');
    expect(networkErrorCode(err)).toBe('ECONNREFUSED');
    expect(describeNetworkError(err)).toBe('connection refused (is the server running?)');
  });

  it('finds the code of a real connection the server closed without answering', async () => {
    const server = createServer((socket: Socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const err = await failureOf(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain(networkErrorCode(err));
      expect(describeNetworkError(err)).toMatch(/closed the connection|connection reset/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('walks causes and AggregateError members, preferring a known code over an earlier unknown one', () => {
    const deep = new Error('outer', { cause: new Error('mid', { cause: Object.assign(new Error('inner'), { code: 'EHOSTUNREACH' }) }) });
    expect(networkErrorCode(deep)).toBe('EHOSTUNREACH');
    const aggregate = new TypeError('fetch failed', { cause: new AggregateError([Object.assign(new Error('a'), { code: 'ENETUNREACH' })]) });
    expect(describeNetworkError(aggregate)).toBe('network unreachable');
    const mixed = Object.assign(new Error('x', { cause: Object.assign(new Error('y'), { code: 'ENOTFOUND' }) }), { code: 'ERR_SOMETHING' });
    expect(errorCodeOf(mixed)).toBe('ENOTFOUND');
  });

  it('reports an unknown code as such and nothing for errors without one', () => {
    const unknown = new TypeError('fetch failed', { cause: Object.assign(new Error('bad cert'), { code: 'CERT_HAS_EXPIRED' }) });
    expect(errorCodeOf(unknown)).toBe('CERT_HAS_EXPIRED');
    expect(networkErrorCode(unknown)).toBeNull();
    expect(describeNetworkError(unknown)).toBeNull();
    // DOMException codes are numbers, not system codes.
    expect(errorCodeOf(new DOMException('stop', 'AbortError'))).toBeNull();
    for (const value of [null, undefined, 'ECONNREFUSED', 42, {}]) expect(errorCodeOf(value)).toBeNull();
  });

  it('stops on a cause cycle and never treats inherited keys as codes', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = new Error('b', { cause: a });
    expect(errorCodeOf(a)).toBeNull();
    expect(isNetworkErrorCode('constructor')).toBe(false);
    expect(isNetworkErrorCode('toString')).toBe(false);
    expect(Object.values(NETWORK_ERROR_TEXT).every((text) => text.length > 0)).toBe(true);
  });
});
