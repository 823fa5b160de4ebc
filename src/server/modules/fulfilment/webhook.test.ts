// The paper's architecture kept for teams with their own automation: Opsdesk sends a signed
// webhook to a real receiver on loopback, which verifies the signature and calls back; the ticket
// moves exactly as with a built-in action. Forged and replayed callbacks are refused (401).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDelivery, verifySignature } from '../../providers/executors/index.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../../testing/tickets.js';
import { callbackTimeout } from './callbacks.js';
import { fulfilmentRuns } from './fulfilment.schema.js';

const secret = 'a-shared-secret-of-the-team-0123';
let t: TestApp;
let receiver: Server;
let admin: string;
let dev: string;
let lead: string;
const received: { verified: boolean; body: any }[] = [];
let answer: 'callback' | 'silent' = 'callback';

/** A callback as the team's automation signs it: v2, bound to the run's callback URL. */
function signed(body: unknown, callbackUrl: string, options: { secret?: string; timestamp?: number } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers = signDelivery({
    secret: options.secret ?? secret,
    timestamp,
    body: raw,
    target: { method: 'POST', path: new URL(callbackUrl).pathname },
    v2Only: true,
  });
  return { raw, headers: { ...headers, 'content-type': 'application/json' } as Record<string, string> };
}

async function callBack(
  callbackUrl: string,
  body: unknown,
  options: { secret?: string; timestamp?: number } = {},
) {
  const { raw, headers } = signed(body, callbackUrl, options);
  const response = await t.app.inject({
    method: 'POST',
    url: new URL(callbackUrl).pathname,
    headers,
    payload: raw,
  });
  return { status: response.statusCode, body: response.json(), raw, headers };
}

beforeAll(async () => {
  t = await startTestApp({
    worker: true,
    config: { OPSDESK_ALLOW_PRIVATE_NETWORKS: '1', OPSDESK_RETRY_BASE_MS: '10' },
  });
  [admin, dev, lead] = await Promise.all(
    ['admin', 'dev', 'lead'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  // The team's own automation: verifies Opsdesk's signature, acknowledges, reports back.
  receiver = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const check = verifySignature({
        secrets: [secret],
        timestamp: String(request.headers['opsdesk-timestamp']),
        body: raw,
        signatureHeader: String(request.headers['opsdesk-signature']),
        now: new Date(),
      });
      const body = JSON.parse(raw);
      received.push({ verified: check.ok, body });
      response.writeHead(check.ok ? 202 : 401).end();
      if (check.ok && answer === 'callback') {
        setTimeout(async () => {
          await callBack(body.run.callbackUrl, { status: 'progress', lines: ['terraform apply: 3 added'] });
          await callBack(body.run.callbackUrl, {
            status: 'succeeded',
            summary: `Cache flushed on ${body.fields.environment}`,
            outputs: { purged: 42 },
          });
        }, 50);
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/opsdesk`;
  const connection = await t.api('POST', '/api/v1/connections', {
    token: admin,
    body: { name: 'team-lambda', kind: 'webhook', config: { url, secret, callbackTimeoutSeconds: 60 } },
  });
  expect(connection.status).toBe(201);
  const type = await t.api('POST', '/api/v1/catalog/request-types', {
    token: admin,
    body: {
      key: 'flush-cdn-cache',
      category: 'staging-servers',
      name: 'Flush CDN cache',
      team: 'infrastructure',
      approval: { kind: 'manager', fallbackTeam: 'infrastructure' },
      fields: [
        {
          key: 'environment',
          label: 'Staging environment',
          type: 'environment',
          rules: { environment: { mustExist: true } },
        },
      ],
      fulfilment: {
        executor: 'external',
        connection: 'team-lambda',
        environmentField: 'environment',
        params: { target: { field: 'environment' } },
        resultTemplate: '{{ summary }} ({{ outputs.purged }} objects).',
      },
    },
  });
  expect(type.status).toBe(201);
});
afterAll(async () => {
  receiver.close();
  await t.close();
});

describe('connections', () => {
  it('keeps the webhook secret encrypted and never returns it', async () => {
    const list = await t.api('GET', '/api/v1/connections', { token: admin });
    const webhook = list.body.find((connection: any) => connection.name === 'team-lambda');
    expect(webhook).toMatchObject({ kind: 'webhook', secretsSet: ['secret'] });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const refused = await t.api('POST', '/api/v1/connections', {
      token: admin,
      body: { name: 'broken', kind: 'webhook', config: { url: 'ftp://x', secret: 'short' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((problem: any) => problem.field)).toEqual([
      'config.url',
      'config.secret',
    ]);
    expect((await t.api('GET', '/api/v1/connections', { token: dev })).status).toBe(403);
  });
});

describe('a request fulfilled by the team’s webhook', () => {
  it('is delivered signed, reported back, and moves the ticket like a built-in action', async () => {
    const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'flush-cdn-cache', {
      environment: 'staging-main',
    });
    const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer');
    expect(ticket.comments.at(-1).body).toBe('Cache flushed on staging-main (42 objects).');
    expect(ticket.history.at(-1)).toMatchObject({
      transition: 'fulfilled',
      actor: { name: 'automation:webhook' },
    });
    const delivery = received.at(-1)!;
    expect(delivery.verified).toBe(true);
    expect(delivery.body).toMatchObject({
      ticket: { key },
      requestType: 'flush-cdn-cache',
      fields: { environment: 'staging-main' },
      params: { target: 'staging-main' },
    });
    const runs = await t.api('GET', `/api/v1/tickets/${key}/runs`, { token: admin });
    expect(runs.body[0].output.map((line: any) => line.line)).toContain('terraform apply: 3 added');
    const log = await t.api('GET', `/api/v1/fulfilment/deliveries?runId=${runs.body[0].id}`, {
      token: admin,
    });
    expect(log.body).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: expect.objectContaining({ status: 'delivered', httpStatus: 202 }),
      }),
    ]);
  });

  it('signed bytes for one run are refused at another run’s URL, and a refused callback is remembered (issue 16, finding 2)', async () => {
    answer = 'silent';
    const runs: Array<{ key: string; callbackUrl: string }> = [];
    for (let index = 0; index < 2; index++) {
      const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'flush-cdn-cache', {
        environment: 'qa-checkout',
      });
      await waitForStatus(t, dev, key, 'in_progress');
      await expect.poll(() => received.at(-1)?.body.ticket.key).toBe(key);
      runs.push({ key, callbackUrl: received.at(-1)!.body.run.callbackUrl });
    }
    const [first, second] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect((await callBack(first.callbackUrl, { status: 'succeeded', summary: 'done' })).status).toBe(202);
    await waitForStatus(t, dev, first.key, 'waiting_for_customer');

    // A second result for the finished run is refused (409) …
    const late = await callBack(first.callbackUrl, { status: 'failed', message: 'it broke after all' });
    expect(late.status).toBe(409);
    // … remembered: the same bytes again are a replay …
    const again = await t.app.inject({
      method: 'POST',
      url: new URL(first.callbackUrl).pathname,
      headers: late.headers,
      payload: late.raw,
    });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('replayed');
    // … and the same bytes at the other run's URL do not verify: the signature covers the path.
    const misdirected = await t.app.inject({
      method: 'POST',
      url: new URL(second.callbackUrl).pathname,
      headers: late.headers,
      payload: late.raw,
    });
    expect(misdirected.statusCode).toBe(401);
    expect(misdirected.json().error.code).toBe('invalid_signature');
    expect((await t.api('GET', `/api/v1/tickets/${second.key}`, { token: dev })).body.status).toBe(
      'in_progress',
    );
    // A v1 signature (timestamp and body only) is not enough for a callback.
    const raw = JSON.stringify({ status: 'succeeded', summary: 'done' });
    const v1 = await t.app.inject({
      method: 'POST',
      url: new URL(second.callbackUrl).pathname,
      headers: {
        ...signDelivery({ secret, timestamp: Math.floor(Date.now() / 1000), body: raw }),
        'content-type': 'application/json',
      },
      payload: raw,
    });
    expect(v1.statusCode).toBe(401);
  });

  it('refuses forged, replayed and stale callbacks with 401 and changes nothing', async () => {
    answer = 'silent';
    const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'flush-cdn-cache', {
      environment: 'qa-checkout',
    });
    await waitForStatus(t, dev, key, 'in_progress');
    let callbackUrl = '';
    await expect
      .poll(() => {
        callbackUrl = received.at(-1)?.body.run.callbackUrl ?? '';
        return received.at(-1)?.body.ticket.key;
      })
      .toBe(key);
    const forged = await callBack(
      callbackUrl,
      { status: 'succeeded', summary: 'done' },
      { secret: 'not-the-shared-secret-at-all!' },
    );
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('invalid_signature');
    const stale = await callBack(
      callbackUrl,
      { status: 'succeeded', summary: 'done' },
      { timestamp: Math.floor(Date.now() / 1000) - 3600 },
    );
    expect(stale.status).toBe(401);
    const progress = await callBack(callbackUrl, { status: 'progress', message: 'still working' });
    expect(progress.status).toBe(202);
    const replay = await t.app.inject({
      method: 'POST',
      url: new URL(callbackUrl).pathname,
      headers: progress.headers,
      payload: progress.raw,
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('replayed');
    const ticket = await t.api('GET', `/api/v1/tickets/${key}`, { token: dev });
    expect(ticket.body.status).toBe('in_progress');
    expect(ticket.body.runs[0].status).toBe('awaiting_callback');

    // No result by the deadline: a person must look.
    await t.context.db
      .update(fulfilmentRuns)
      .set({ callbackDeadline: new Date(Date.now() - 1000) })
      .where(eq(fulfilmentRuns.id, ticket.body.runs[0].id));
    await callbackTimeout(t.context, ticket.body.runs[0].id);
    const timedOut = await waitForStatus(t, dev, key, 'need_further_support');
    expect(timedOut.comments.at(-1).body).toContain('did not report a result');
    const late = await callBack(callbackUrl, { status: 'succeeded', summary: 'late' });
    expect(late.status).toBe(409);
  });

  it('lets an admin replay a logged delivery', async () => {
    answer = 'silent';
    const log = await t.api('GET', '/api/v1/fulfilment/deliveries', { token: admin });
    const before = received.length;
    const replayed = await t.api('POST', `/api/v1/fulfilment/deliveries/${log.body[0].id}/replay`, {
      token: admin,
    });
    expect(replayed.status).toBe(200);
    expect(replayed.body.deliveryId).not.toBe(log.body[0].deliveryId);
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)!.verified).toBe(true);
  });
});
