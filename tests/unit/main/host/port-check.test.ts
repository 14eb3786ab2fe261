// A fixed port that is taken fails the host's start at once, naming the port and the flag.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPortsFree, PortUnavailableError } from '../../../../src/main/host/index.ts';

let held: Server;
let port = 0;
beforeAll(async () => {
  held = createServer();
  await new Promise<void>((r) => held.listen(0, '127.0.0.1', () => r()));
  port = (held.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => held.close(() => r())));

describe('assertPortsFree', () => {
  it('rejects a port in use with one line naming it and the flag', async () => {
    const err = await assertPortsFree('127.0.0.1', [{ service: 'API', port, flag: '--api-port', key: 'server.api_port' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortUnavailableError);
    expect((err as PortUnavailableError).code).toBe('EADDRINUSE');
    expect((err as Error).message).toBe(`API port ${port} on 127.0.0.1 is already in use (another persona-mcp server?); choose another with --api-port <port> (0 = any free port) or set server.api_port`);
  });

  it('passes free ports and port 0 (any free port), leaving them free', async () => {
    const free = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const claims = [{ service: 'MCP', port: 0, flag: '--mcp-port', key: 'server.mcp_port' }, { service: 'API', port: free, flag: '--api-port', key: 'server.api_port' }];
    await expect(assertPortsFree('127.0.0.1', claims)).resolves.toBeUndefined();
    await expect(assertPortsFree('127.0.0.1', claims)).resolves.toBeUndefined();
  });
});
