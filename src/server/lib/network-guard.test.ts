import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isPublicAddress } from './network-guard.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '203.0.114.7', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('a host name is not an address', () => {
    expect(isPublicAddress('example.com')).toBe(false);
  });
});

describe('checkWebhookTarget', () => {
  it('refuses an IPv6 loopback literal', async () => {
    expect(await checkWebhookTarget(new URL('http://[::1]:8080/hook'), false)).toEqual({
      ok: false,
      retryable: false,
      reason: '::1 resolves to ::1, which is not a public address',
    });
  });

  it('lets everything through when private networks are allowed', async () => {
    expect(await checkWebhookTarget(new URL('http://127.0.0.1/hook'), true)).toEqual({ ok: true });
  });
});

describe('the guard where the socket is opened', () => {
  async function listening() {
    const { createServer } = await import('node:net');
    const accepted: number[] = [];
    const sockets: Array<{ destroy(): void }> = [];
    const server = createServer((socket) => {
      accepted.push(1);
      sockets.push(socket);
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const close = () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      });
    return { port, accepted, close };
  }

  it('an http request through the guarded agent never connects to loopback, by address or by name', async () => {
    const { outboundRequest } = await import('./outbound-http.js');
    const { isOutboundRefused } = await import('./network-guard.js');
    const server = await listening();
    try {
      for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]']) {
        const refused = await outboundRequest(`http://${host}:${server.port}/`, {
          method: 'GET',
          allowPrivateNetworks: false,
        }).catch((error: unknown) => error);
        expect(isOutboundRefused(refused), `${host}: ${String(refused)}`).toBe(true);
      }
      expect(server.accepted).toEqual([]);
      const allowed = await outboundRequest(`http://127.0.0.1:${server.port}/`, {
        method: 'GET',
        allowPrivateNetworks: true,
      });
      expect(allowed.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a raw socket (SMTP) through the guard never connects to loopback', async () => {
    const { openGuardedSocket, isOutboundRefused } = await import('./network-guard.js');
    const server = await listening();
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const refused = await openGuardedSocket({
          host,
          port: server.port,
          allowPrivateNetworks: false,
          timeoutMs: 2_000,
        }).catch((error: unknown) => error);
        expect(isOutboundRefused(refused), `${host}: ${String(refused)}`).toBe(true);
      }
      expect(server.accepted).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
