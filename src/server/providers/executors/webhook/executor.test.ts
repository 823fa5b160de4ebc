import { afterEach, describe, expect, it } from 'vitest';
import { TransientProviderError } from '../../types.js';
import { memoryState, startStagingInput, testContext } from '../testing/context.js';
import { closeLoopbackServers, json, loopbackServer, type ReceivedRequest } from '../testing/loopback.js';
import { type ExecutorCallback, parseCallback } from './callback.js';
import { replayDelivery, webhookExecutor, webhookExecutorConfigSchema } from './executor.js';
import type { WebhookPayload } from './payload.js';
import { signDelivery, verifySignature } from './signing.js';

afterEach(closeLoopbackServers);

const secret = 'whsec_team_lambda_4f1c2b';
const callbackPath = '/api/v1/fulfilment/runs/run-7f3a/callback';

/** A callback signed as the team's automation signs it: v2, bound to the run's callback path. */
const signCallback = (input: Parameters<typeof signDelivery>[0]) =>
  signDelivery({ ...input, target: { method: 'POST', path: callbackPath } });

function config(url: string, change: Record<string, unknown> = {}) {
  return webhookExecutorConfigSchema.parse({ url, secret, ...change });
}

async function postSigned(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/**
 * Opsdesk's side of the callback, as the lead's route will do it: parseCallback, then refuse a
 * replay key seen before, then apply. `applied` is what changed on the run.
 */
async function callbackEndpoint() {
  const seen = new Set<string>();
  const applied: ExecutorCallback[] = [];
  const server = await loopbackServer((request, response) => {
    const parsed = parseCallback(request.headers, request.body, [secret], new Date(), {
      method: request.method,
      path: request.path,
    });
    if (!parsed.ok) return json(response, parsed.status, { reason: parsed.reason });
    if (seen.has(parsed.replayKey)) return json(response, 401, { reason: 'replayed' });
    seen.add(parsed.replayKey);
    applied.push(parsed.callback);
    json(response, 202, { accepted: true });
  });
  return { ...server, applied, callbackUrl: `${server.url}${callbackPath}` };
}

/** The team's own automation (the paper's API Gateway → Lambda): verifies Opsdesk, answers, works, calls back. */
async function teamReceiver() {
  const sent: Array<{ body: string; headers: Record<string, string> }> = [];
  let verified: ReturnType<typeof verifySignature> | undefined;
  let payload: WebhookPayload | undefined;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const server = await loopbackServer(async (request: ReceivedRequest, response) => {
    verified = verifySignature({
      secrets: [secret],
      timestamp: String(request.headers['opsdesk-timestamp']),
      body: request.body,
      signatureHeader: String(request.headers['opsdesk-signature']),
      now: new Date(),
    });
    if (!verified.ok) return json(response, 401, { reason: verified.reason });
    payload = JSON.parse(request.body) as WebhookPayload;
    json(response, 202, { queued: true });
    const callbackUrl = payload.run.callbackUrl;
    for (const callback of [
      {
        status: 'progress',
        lines: [
          `multi stg project: ${String(payload.fields.environment)}`,
          'requesting EC2 to start instance',
        ],
      },
      {
        status: 'succeeded',
        summary: 'bugfix1x2 is running',
        outputs: { instanceId: 'i-092c3d51056f510e9' },
      },
    ]) {
      const body = JSON.stringify(callback);
      const headers = { ...signCallback({ secret, timestamp: Math.floor(Date.now() / 1_000), body }) };
      sent.push({ body, headers });
      await postSigned(callbackUrl, body, headers);
    }
    finished();
  });
  return { ...server, sent, done, verified: () => verified, payload: () => payload };
}

describe('webhook executor, end to end on loopback', () => {
  it('delivers a signed request; the receiver verifies it and calls back; replays and forgeries are refused', async () => {
    const opsdesk = await callbackEndpoint();
    const team = await teamReceiver();
    const ctx = testContext({ now: new Date() });
    const state = memoryState();
    const outcome = await webhookExecutor.start(
      ctx,
      { ...startStagingInput, callbackUrl: opsdesk.callbackUrl },
      config(`${team.url}/itsm`),
      state,
    );
    expect(outcome).toEqual({
      status: 'awaiting_callback',
      deadline: new Date(ctx.clock.now.getTime() + 3_600_000),
    });
    await team.done;

    expect(team.verified()).toMatchObject({ ok: true });
    expect(team.payload()).toEqual({
      deliveryId: ctx.deliveries[0]?.deliveryId,
      run: { id: 'run-7f3a', attempt: 1, callbackUrl: opsdesk.callbackUrl },
      ticket: { key: 'R1-3386', requester: { email: 'dewi@example.com', displayName: 'Dewi Lestari' } },
      requestType: 'start-request-only-staging',
      fields: { environment: 'bugfix1x2' },
      params: { environment: 'bugfix1x2', waitUntilReachable: true },
      sentAt: ctx.clock.now.toISOString(),
    });
    expect(team.requests[0]?.headers['opsdesk-delivery']).toBe(ctx.deliveries[0]?.deliveryId);
    expect(opsdesk.applied).toEqual([
      { status: 'progress', lines: ['multi stg project: bugfix1x2', 'requesting EC2 to start instance'] },
      {
        status: 'succeeded',
        summary: 'bugfix1x2 is running',
        outputs: { instanceId: 'i-092c3d51056f510e9' },
      },
    ]);

    const success = team.sent[1];
    if (!success) throw new Error('the receiver sent its result');
    const replay = await postSigned(opsdesk.callbackUrl, success.body, success.headers);
    const forged = await postSigned(
      opsdesk.callbackUrl,
      success.body,
      signCallback({
        secret: 'not-the-shared-secret',
        timestamp: Math.floor(Date.now() / 1_000),
        body: success.body,
      }),
    );
    const altered = await postSigned(
      opsdesk.callbackUrl,
      success.body.replace('succeeded', 'failed'),
      success.headers,
    );
    const staleBody = JSON.stringify({ status: 'failed', message: 'old news' });
    const stale = await postSigned(
      opsdesk.callbackUrl,
      staleBody,
      signCallback({ secret, timestamp: Math.floor(Date.now() / 1_000) - 900, body: staleBody }),
    );
    expect([replay, forged, altered, stale]).toEqual([
      { status: 401, body: '{"reason":"replayed"}' },
      { status: 401, body: '{"reason":"signature_mismatch"}' },
      { status: 401, body: '{"reason":"signature_mismatch"}' },
      { status: 401, body: '{"reason":"stale_timestamp"}' },
    ]);
    expect(opsdesk.applied).toHaveLength(2);
  });
});

describe('webhook executor', () => {
  it('logs each delivery and, once delivered, never sends again for the same run', async () => {
    const receiver = await loopbackServer((_request, response) => response.writeHead(200).end('ok'));
    const ctx = testContext();
    const state = memoryState();
    const first = await webhookExecutor.start(ctx, startStagingInput, config(receiver.url), state);
    const again = await webhookExecutor.start(
      testContext({ attempt: 2 }),
      startStagingInput,
      config(receiver.url),
      state,
    );
    expect(again).toEqual(first);
    expect(receiver.requests).toHaveLength(1);
    expect(ctx.deliveries).toEqual([
      {
        runId: 'run-7f3a',
        deliveryId: receiver.requests[0]?.headers['opsdesk-delivery'],
        attempt: 1,
        url: config(receiver.url).url,
        requestBody: receiver.requests[0]?.body,
        startedAt: new Date('2026-01-01T00:00:00Z'),
        durationMs: 0,
        outcome: { status: 'delivered', httpStatus: 200, responseBody: 'ok' },
      },
    ]);
    expect(state.value).toEqual({
      webhook: { deliveryId: ctx.deliveries[0]?.deliveryId, callbackDeadline: '2026-01-01T01:00:00.000Z' },
    });
  });

  it('a failed attempt asks to be retried with backoff, under the same delivery id', async () => {
    let answer = 503;
    const receiver = await loopbackServer((_request, response) => response.writeHead(answer).end());
    const state = memoryState();
    const first = webhookExecutor.start(testContext(), startStagingInput, config(receiver.url), state);
    await expect(first).rejects.toBeInstanceOf(TransientProviderError);
    const error = await first.catch((caught: unknown) => caught);
    expect((error as TransientProviderError).options.retryAfterMs).toBeGreaterThanOrEqual(5_000);
    expect((error as TransientProviderError).options.retryAfterMs).toBeLessThanOrEqual(10_000);

    answer = 204;
    const second = await webhookExecutor.start(
      testContext({ attempt: 2 }),
      startStagingInput,
      config(receiver.url),
      state,
    );
    expect(second.status).toBe('awaiting_callback');
    const ids = receiver.requests.map((request) => request.headers['opsdesk-delivery']);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('waits as long as a 429 asks', async () => {
    const receiver = await loopbackServer((_request, response) =>
      response.writeHead(429, { 'retry-after': '30' }).end(),
    );
    const error = await webhookExecutor
      .start(testContext(), startStagingInput, config(receiver.url), memoryState())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientProviderError);
    expect((error as TransientProviderError).options.retryAfterMs).toBe(30_000);
  });

  it('gives up after the last allowed attempt, in plain words', async () => {
    const receiver = await loopbackServer((_request, response) => response.writeHead(502).end('bad gateway'));
    const outcome = await webhookExecutor.start(
      testContext({ attempt: 3 }),
      startStagingInput,
      config(receiver.url, { maxDeliveryAttempts: 3 }),
      memoryState(),
    );
    const host = new URL(receiver.url).host;
    expect(outcome).toEqual({
      status: 'failed',
      message: `The webhook to ${host} could not be delivered after 3 attempts: 502 Bad Gateway: bad gateway.`,
    });
  });

  it('a delivery cut short by a shutdown is retried even on the last attempt', async () => {
    const receiver = await loopbackServer(() => undefined);
    const controller = new AbortController();
    const started = webhookExecutor.start(
      testContext({ attempt: 3, signal: controller.signal }),
      startStagingInput,
      config(receiver.url, { maxDeliveryAttempts: 3 }),
      memoryState(),
    );
    setTimeout(() => controller.abort(), 50);
    await expect(started).rejects.toBeInstanceOf(TransientProviderError);
  });

  it('a refusal fails the run at once', async () => {
    const receiver = await loopbackServer((_request, response) =>
      response.writeHead(404).end('no such hook'),
    );
    const ctx = testContext();
    const outcome = await webhookExecutor.start(ctx, startStagingInput, config(receiver.url), memoryState());
    expect(outcome).toEqual({
      status: 'failed',
      message: `The webhook to ${new URL(receiver.url).host} was refused: 404 Not Found: no such hook.`,
    });
    expect(ctx.deliveries[0]?.outcome).toMatchObject({ status: 'permanent', httpStatus: 404 });
  });

  it('refuses a private target unless the installation allows it', async () => {
    const receiver = await loopbackServer((_request, response) => response.writeHead(204).end());
    const ctx = { ...testContext(), allowPrivateNetworks: false };
    const outcome = await webhookExecutor.start(ctx, startStagingInput, config(receiver.url), memoryState());
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('an admin replay sends the same content under a new delivery id and logs it', async () => {
    const receiver = await loopbackServer((_request, response) => response.writeHead(200).end());
    const ctx = testContext();
    await webhookExecutor.start(ctx, startStagingInput, config(receiver.url), memoryState());
    const original = ctx.deliveries[0];
    if (!original) throw new Error('the first delivery is logged');
    ctx.clock.now = new Date('2026-01-01T02:00:00Z');
    const replayed = await replayDelivery(ctx, original, config(receiver.url));

    expect(replayed.deliveryId).not.toBe(original.deliveryId);
    expect(receiver.requests[1]?.headers['opsdesk-delivery']).toBe(replayed.deliveryId);
    expect(JSON.parse(replayed.requestBody)).toEqual({
      ...JSON.parse(original.requestBody),
      deliveryId: replayed.deliveryId,
      sentAt: '2026-01-01T02:00:00.000Z',
    });
    expect(ctx.deliveries).toHaveLength(2);
  });
});
