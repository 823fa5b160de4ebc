import { describe, expect, it } from 'vitest';
import { backoffMs } from './deliver.js';
import { signDelivery, verifySignature } from './signing.js';

// Expected values computed with: printf '%s' '1767225600.{"hello":"world"}' | openssl dgst -sha256 -hmac <secret>
const secret = 'whsec_test_0123456789';
const oldSecret = 'whsec_old_secret_9876';
const timestamp = 1_767_225_600; // 2026-01-01T00:00:00Z
const body = '{"hello":"world"}';
const signedWithSecret = '75e6c37623921de55d213a4d7a522b7c2094275f8befbbc26afcd03f709089c5';
const signedWithOldSecret = '7ab4f011f88a686ee7a73a484993071957c371e257a6dc9bda8f3eb860098815';
const at = (seconds: number) => new Date(seconds * 1_000);

describe('signDelivery', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 and names the delivery', () => {
    expect(signDelivery({ secret, timestamp, body, deliveryId: 'd-1' })).toEqual({
      'Opsdesk-Delivery': 'd-1',
      'Opsdesk-Timestamp': '1767225600',
      'Opsdesk-Signature': `v1=${signedWithSecret}`,
    });
  });

  it('gives one v1 value per secret during a rotation, the new secret first', () => {
    const headers = signDelivery({ secret: [secret, oldSecret], timestamp, body });
    expect(headers['Opsdesk-Signature']).toBe(`v1=${signedWithSecret},v1=${signedWithOldSecret}`);
  });

  it('gives each delivery its own id', () => {
    const first = signDelivery({ secret, timestamp, body })['Opsdesk-Delivery'];
    const second = signDelivery({ secret, timestamp, body })['Opsdesk-Delivery'];
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });
});

describe('verifySignature', () => {
  const valid = {
    secrets: [secret],
    timestamp: '1767225600',
    body,
    signatureHeader: `v1=${signedWithSecret}`,
  };

  it('accepts a signature made a moment ago', () => {
    expect(verifySignature({ ...valid, now: at(timestamp + 2) })).toEqual({
      ok: true,
      timestamp,
      secretIndex: 0,
    });
  });

  it('accepts bytes as well as text', () => {
    expect(verifySignature({ ...valid, body: Buffer.from(body), now: at(timestamp) }).ok).toBe(true);
  });

  it('accepts the old secret while a rotation is under way and says which one matched', () => {
    const check = verifySignature({
      ...valid,
      secrets: [secret, oldSecret],
      signatureHeader: `v1=${signedWithOldSecret}`,
      now: at(timestamp),
    });
    expect(check).toEqual({ ok: true, timestamp, secretIndex: 1 });
  });

  it('finds the matching value among several and ignores other schemes', () => {
    const check = verifySignature({
      ...valid,
      signatureHeader: `v0=abc, v1=${signedWithOldSecret}, V1=${signedWithSecret.toUpperCase()}`,
      now: at(timestamp),
    });
    expect(check.ok).toBe(true);
  });

  it('accepts exactly the tolerance and refuses one second more, in both directions', () => {
    expect(verifySignature({ ...valid, now: at(timestamp + 300) }).ok).toBe(true);
    expect(verifySignature({ ...valid, now: at(timestamp - 300) }).ok).toBe(true);
    expect(verifySignature({ ...valid, now: at(timestamp + 301) })).toMatchObject({
      ok: false,
      reason: 'stale_timestamp',
      message: 'the timestamp is 301 s old; at most 300 s is accepted',
    });
    expect(verifySignature({ ...valid, now: at(timestamp - 301) })).toMatchObject({
      ok: false,
      reason: 'future_timestamp',
    });
    expect(verifySignature({ ...valid, now: at(timestamp + 400), toleranceSeconds: 600 }).ok).toBe(true);
  });

  it.each([
    [{ timestamp: undefined }, 'missing_timestamp'],
    [{ timestamp: '' }, 'missing_timestamp'],
    [{ signatureHeader: undefined }, 'missing_signature'],
    [{ timestamp: '2026-01-01T00:00:00Z' }, 'malformed_timestamp'],
    [{ timestamp: '-5' }, 'malformed_timestamp'],
    [{ signatureHeader: signedWithSecret }, 'malformed_signature'],
    [{ signatureHeader: 'v1=not-hex' }, 'malformed_signature'],
    [{ signatureHeader: `v1=${signedWithSecret.slice(2)}` }, 'malformed_signature'],
    [{ body: '{"hello":"world!"}' }, 'signature_mismatch'],
    [{ timestamp: '1767225601' }, 'signature_mismatch'],
    [{ secrets: ['another-secret-entirely'] }, 'signature_mismatch'],
    [{ secrets: [] }, 'signature_mismatch'],
  ] as const)('refuses %o: %s', (change, reason) => {
    expect(verifySignature({ ...valid, ...change, now: at(timestamp) })).toMatchObject({ ok: false, reason });
  });
});

describe('backoffMs', () => {
  it('starts at 5–10 s, doubles per attempt and stops growing at an hour', () => {
    expect(backoffMs(1, () => 0)).toBe(5_000);
    expect(backoffMs(1, () => 1)).toBe(10_000);
    expect(backoffMs(2, () => 0)).toBe(10_000);
    expect(backoffMs(3, () => 0.5)).toBe(30_000);
    expect(backoffMs(9, () => 1)).toBe(2_560_000);
    expect(backoffMs(10, () => 1)).toBe(3_600_000);
    expect(backoffMs(40, () => 0)).toBe(1_800_000);
  });
});
