import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dialHost } from '../../../../src/core/index.ts';

/** An HTTP server answering 204 to everything. */
const noContentServer = (): Server => createServer((_req, res) => res.writeHead(204).end());

// The one helper turning a listen host into the host part of a URL a local client dials.
describe('dialHost', () => {
  it('turns wildcards (and no host) into the loopback of their family', () => {
    for (const bind of ['0.0.0.0', '', ' 0.0.0.0 ']) expect(dialHost(bind), bind).toBe('127.0.0.1');
    for (const bind of ['::', '[::]', '0:0:0:0:0:0:0:0', '0::0']) expect(dialHost(bind), bind).toBe('[::1]');
  });

  it('keeps addresses and names a server listens on, with IPv6 literals bracketed once', () => {
    expect(dialHost('127.0.0.1')).toBe('127.0.0.1');
    expect(dialHost('127.0.0.5')).toBe('127.0.0.5');
    expect(dialHost('192.168.1.5')).toBe('192.168.1.5');
    expect(dialHost('localhost')).toBe('localhost');
    expect(dialHost('persona.example')).toBe('persona.example');
    expect(dialHost('::1')).toBe('[::1]');
    expect(dialHost('[::1]')).toBe('[::1]');
    expect(dialHost('fe80::1')).toBe('[fe80::1]');
    expect(dialHost('::ffff:127.0.0.1')).toBe('[::ffff:127.0.0.1]');
  });

  it('gives a URL a client really connects through to a server on the IPv4 wildcard', async () => {
    const server = noContentServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    try {
      const url = new URL(`http://${dialHost('0.0.0.0')}:${(server.address() as AddressInfo).port}/`);
      expect((await fetch(url)).status).toBe(204);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('gives a URL that parses and connects for an IPv6 bind', async ({ skip }) => {
    const server = noContentServer();
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(0, '::1', () => resolve(true));
    });
    if (!listening) skip('no IPv6 loopback on this machine');
    try {
      const url = new URL(`http://${dialHost('::')}:${(server.address() as AddressInfo).port}/`);
      expect(url.hostname).toBe('[::1]');
      expect((await fetch(url)).status).toBe(204);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
