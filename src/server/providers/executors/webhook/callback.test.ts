import { describe, expect, it } from 'vitest';
import { callbackOutcome, noCallbackOutcome, parseCallback } from './callback.js';
import { signDelivery } from './signing.js';

const secret = 'whsec_test_0123456789';
const now = new Date('2026-01-01T00:00:00Z');
const nowSeconds = now.getTime() / 1_000;
// The run's callback URL: v2 signatures cover its method and path.
const target = { method: 'POST', path: '/api/v1/fulfilment/runs/run-1/callback' };

function signed(body: string, options: { secret?: string; timestamp?: number; deliveryId?: string } = {}) {
  const headers = signDelivery({
    secret: options.secret ?? secret,
    timestamp: options.timestamp ?? nowSeconds,
    body,
    deliveryId: options.deliveryId ?? 'cb-1',
    target,
    v2Only: true,
  });
  // Node hands route handlers lower-cased header names.
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

const succeeded = JSON.stringify({
  status: 'succeeded',
  summary: 'bugfix1x2 is running',
  outputs: { url: 'https://bugfix1x2.staging.example', instances: ['i-092c3d51056f510e9'], ready: true },
});

describe('parseCallback', () => {
  it('accepts a signed callback and gives its content, sender id and replay key', () => {
    const parsed = parseCallback(signed(succeeded), succeeded, [secret], now, target);
    expect(parsed).toMatchObject({
      ok: true,
      deliveryId: 'cb-1',
      secretIndex: 0,
      callback: {
        status: 'succeeded',
        summary: 'bugfix1x2 is running',
        outputs: {
          url: 'https://bugfix1x2.staging.example',
          instances: ['i-092c3d51056f510e9'],
          ready: true,
        },
      },
    });
  });

  it('gives the same replay key to a repeat of the same request, even under another sender id', () => {
    const first = parseCallback(signed(succeeded), succeeded, [secret], now, target);
    const repeat = parseCallback(signed(succeeded, { deliveryId: 'cb-2' }), succeeded, [secret], now, target);
    const later = parseCallback(
      signed(succeeded, { timestamp: nowSeconds + 1 }),
      succeeded,
      [secret],
      now,
      target,
    );
    if (!first.ok || !repeat.ok || !later.ok) throw new Error('all three are validly signed');
    expect(repeat.replayKey).toBe(first.replayKey);
    expect(later.replayKey).not.toBe(first.replayKey);
  });

  it('refuses a forged signature with 401', () => {
    expect(
      parseCallback(signed(succeeded, { secret: 'guessed-secret-000' }), succeeded, [secret], now, target),
    ).toEqual({
      ok: false,
      status: 401,
      reason: 'signature_mismatch',
      message: 'the signature does not match the body and the shared secret',
    });
  });

  it('refuses a body changed after signing with 401', () => {
    const changed = succeeded.replace('succeeded', 'failed');
    expect(parseCallback(signed(succeeded), changed, [secret], now, target)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'signature_mismatch',
    });
  });

  it('refuses a stale timestamp with 401', () => {
    const old = signed(succeeded, { timestamp: nowSeconds - 600 });
    expect(parseCallback(old, succeeded, [secret], now, target)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'stale_timestamp',
    });
  });

  it('refuses an unsigned callback with 401 before looking at the body', () => {
    expect(parseCallback({}, 'not json', [secret], now, target)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'missing_timestamp',
    });
  });

  it('refuses a signed but invalid body with 400 and says what is wrong', () => {
    const body = JSON.stringify({ status: 'done', lines: 'one line' });
    const parsed = parseCallback(signed(body), body, [secret], now, target);
    expect(parsed).toMatchObject({ ok: false, status: 400, reason: 'invalid_body' });
    if (parsed.ok) return;
    expect(parsed.message).toContain('status');
    expect(parsed.message).toContain('lines');
  });

  it('refuses a signed body that is not JSON with 400', () => {
    expect(parseCallback(signed('{oops'), '{oops', [secret], now, target)).toMatchObject({
      ok: false,
      status: 400,
      reason: 'invalid_body',
      message: 'the body is not JSON',
    });
  });

  it('needs the sender id header', () => {
    const headers = signed(succeeded);
    delete headers['opsdesk-delivery'];
    expect(parseCallback(headers, succeeded, [secret], now, target)).toMatchObject({
      ok: false,
      status: 400,
      reason: 'missing_delivery_id',
    });
  });

  it('reads header names in any case', () => {
    const headers = signDelivery({
      secret,
      timestamp: nowSeconds,
      body: succeeded,
      deliveryId: 'cb-9',
      target,
    });
    expect(parseCallback(headers, succeeded, [secret], now, target)).toMatchObject({
      ok: true,
      deliveryId: 'cb-9',
    });
  });
});

describe('callbackOutcome', () => {
  it('progress only adds lines; succeeded and failed finish the run', () => {
    expect(callbackOutcome({ status: 'progress', lines: ['starting instance'] })).toBeNull();
    expect(callbackOutcome({ status: 'succeeded', summary: 'done', outputs: { url: 'https://x' } })).toEqual({
      status: 'succeeded',
      summary: 'done',
      outputs: { url: 'https://x' },
    });
    expect(callbackOutcome({ status: 'failed', message: 'instance i-1 does not exist' })).toEqual({
      status: 'failed',
      message: 'instance i-1 does not exist',
    });
  });

  it('words a missing result in minutes', () => {
    expect(noCallbackOutcome(3_600)).toEqual({
      status: 'failed',
      message: 'The external executor did not report a result within 60 minutes; an agent needs to check it.',
    });
    expect(noCallbackOutcome(45)).toMatchObject({
      message: 'The external executor did not report a result within 45 seconds; an agent needs to check it.',
    });
  });
});
