// The admin's "test the SMTP server" goes through the network guard and reports only success or
// a class of failure, never what the peer said (issue 16, finding 10).
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../testing/harness.js';
import { configureSmtp } from '../testing/pipeline.js';
import { closeEmailChannels } from './email-settings.service.js';

const banner = 'secret-banner-of-an-internal-service';
let port = 0;
const connections: Socket[] = [];
const server = createServer((socket) => {
  connections.push(socket);
  // Not an SMTP server that wants us: whatever it says must not reach the admin's screen.
  socket.end(`554 ${banner} go away\r\n`);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  closeEmailChannels();
  for (const socket of connections) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ config: { OPSDESK_ALLOW_PRIVATE_NETWORKS: '0' } });
  admin = await t.login('admin@opsdesk.local');
  await configureSmtp(t, admin, port);
});
afterAll(() => t.close());

async function probe(allowPrivateNetworks: boolean) {
  // The setting is read on each call; one app serves both cases.
  (t.context.config as { allowPrivateNetworks: boolean }).allowPrivateNetworks = allowPrivateNetworks;
  return t.api('POST', '/api/v1/admin/notifications/email/test', { token: admin });
}

describe('POST /admin/notifications/email/test', () => {
  it('with private networks not allowed, a loopback SMTP host is refused without connecting', async () => {
    const before = connections.length;
    const response = await probe(false);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: false, detail: expect.stringMatching(/^target_refused: /) });
    expect(connections.length).toBe(before);
  });

  it('reports a generic failure class, not the peer’s banner', async () => {
    const response = await probe(true);
    expect(response.status).toBe(200);
    expect(response.body.ok).toBe(false);
    expect(JSON.stringify(response.body)).not.toContain(banner);
    expect(response.body.detail).toMatch(/^[a-z_]+: [A-Z]/);
  });
});
