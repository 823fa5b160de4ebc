import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackServers, loopbackServer } from '../testing/loopback.js';
import { type DeliverWebhookInput, deliverWebhook, parseRetryAfter } from './deliver.js';
import { verifySignature } from './signing.js';

afterEach(closeLoopbackServers);

const secret = 'whsec_test_0123456789';
const body = JSON.stringify({ run: { id: 'run-1' } });

function delivery(url: string, change: Partial<DeliverWebhookInput> = {}): DeliverWebhookInput {
  return { url, secret, body, deliveryId: 'd-1', timeoutMs: 5_000, allowPrivateNetworks: true, ...change };
}

describe('deliverWebhook', () => {
  it('sends a signed POST that the receiver can verify', async () => {
    const receiver = await loopbackServer((_request, response) => response.writeHead(202).end('queued'));
    const outcome = await deliverWebhook(delivery(`${receiver.url}/hooks/staging`));
    expect(outcome).toEqual({ status: 'delivered', httpStatus: 202, responseBody: 'queued' });
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/hooks/staging', body });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['opsdesk-delivery']).toBe('d-1');
    const check = verifySignature({
      secrets: [secret],
      timestamp: String(request?.headers['opsdesk-timestamp']),
      body: request?.body ?? '',
      signatureHeader: String(request?.headers['opsdesk-signature']),
      now: new Date(),
    });
    expect(check.ok).toBe(true);
  });

  it('keeps only the start of a long answer', async () => {
    const receiver = await loopbackServer((_request, response) =>
      response.writeHead(200).end('x'.repeat(100_000)),
    );
    const outcome = await deliverWebhook(delivery(receiver.url));
    expect(outcome.status === 'delivered' && outcome.responseBody.length).toBe(4_096);
  });

  it('a 500 is retryable', async () => {
    const receiver = await loopbackServer((_request, response) =>
      response.writeHead(500).end('database down'),
    );
    expect(await deliverWebhook(delivery(receiver.url))).toEqual({
      status: 'retryable',
      code: 'http_server_error',
      reason: '500 Internal Server Error: database down',
      httpStatus: 500,
    });
  });

  it('a 429 is retryable after the wait the receiver asks for', async () => {
    const receiver = await loopbackServer((_request, response) =>
      response.writeHead(429, { 'retry-after': '7' }).end(),
    );
    expect(await deliverWebhook(delivery(receiver.url))).toEqual({
      status: 'retryable',
      code: 'rate_limited',
      reason: '429 Too Many Requests',
      httpStatus: 429,
      retryAfterMs: 7_000,
    });
  });

  it('a 408 is retryable', async () => {
    const receiver = await loopbackServer((_request, response) => response.writeHead(408).end());
    expect(await deliverWebhook(delivery(receiver.url))).toMatchObject({
      status: 'retryable',
      httpStatus: 408,
    });
  });

  it('a 400 is permanent, with the receiver’s words', async () => {
    const receiver = await loopbackServer((_request, response) =>
      response.writeHead(400).end('{"error":"unknown request type"}'),
    );
    expect(await deliverWebhook(delivery(receiver.url))).toEqual({
      status: 'permanent',
      code: 'http_client_error',
      reason: '400 Bad Request: {"error":"unknown request type"}',
      httpStatus: 400,
    });
  });

  it('a redirect is not followed and is permanent, naming where it pointed', async () => {
    const elsewhere = await loopbackServer((_request, response) => response.writeHead(200).end());
    const receiver = await loopbackServer((_request, response) =>
      response.writeHead(301, { location: `${elsewhere.url}/new` }).end(),
    );
    expect(await deliverWebhook(delivery(receiver.url))).toEqual({
      status: 'permanent',
      code: 'redirect_refused',
      reason: `301 Moved Permanently: the receiver redirects to ${elsewhere.url}/new; redirects are not followed, configure the final URL`,
      httpStatus: 301,
    });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('a receiver that never answers times out, retryable', async () => {
    const receiver = await loopbackServer(() => undefined);
    expect(await deliverWebhook(delivery(receiver.url, { timeoutMs: 300 }))).toEqual({
      status: 'retryable',
      code: 'timeout',
      reason: 'the receiver did not answer in time',
    });
    expect(receiver.requests).toHaveLength(1);
  });

  it('a closed port is a retryable connection failure', async () => {
    const receiver = await loopbackServer((_request, response) => response.end());
    const url = receiver.url;
    await closeLoopbackServers();
    expect(await deliverWebhook(delivery(url))).toEqual({
      status: 'retryable',
      code: 'connection_failed',
      reason: 'cannot reach the receiver: ECONNREFUSED',
    });
  });

  it('stops when the worker aborts, retryable', async () => {
    const receiver = await loopbackServer(() => undefined);
    const controller = new AbortController();
    const pending = deliverWebhook(delivery(receiver.url, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ status: 'retryable', code: 'aborted' });
  });
});

describe('private network targets', () => {
  it('refuses loopback unless allowed, without sending anything', async () => {
    const receiver = await loopbackServer((_request, response) => response.writeHead(204).end());
    const port = new URL(receiver.url).port;
    expect(await deliverWebhook(delivery(receiver.url, { allowPrivateNetworks: false }))).toEqual({
      status: 'permanent',
      code: 'target_refused',
      reason: '127.0.0.1 is not a public address; private networks are not allowed for webhooks',
    });
    expect(
      await deliverWebhook(delivery(`http://localhost:${port}/`, { allowPrivateNetworks: false })),
    ).toMatchObject({ status: 'permanent', code: 'target_refused' });
    expect(receiver.requests).toHaveLength(0);
    expect(await deliverWebhook(delivery(receiver.url, { allowPrivateNetworks: true }))).toMatchObject({
      status: 'delivered',
      httpStatus: 204,
    });
    expect(receiver.requests).toHaveLength(1);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.5/hook',
    'http://192.168.1.20/hook',
    'http://[::1]/hook',
    'http://[::ffff:169.254.169.254]/hook',
  ])('refuses %s', async (url) => {
    expect(await deliverWebhook(delivery(url, { allowPrivateNetworks: false }))).toMatchObject({
      status: 'permanent',
      code: 'target_refused',
    });
  });

  it('refuses URLs that are not http(s)', async () => {
    expect(await deliverWebhook(delivery('file:///etc/passwd'))).toMatchObject({
      status: 'permanent',
      reason: 'the webhook URL must start with http:// or https://',
    });
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
