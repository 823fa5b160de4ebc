import { describe, expect, it } from 'vitest';
import { type ActionTokenPayload, newActionNonce, signActionToken, verifyActionToken } from './links.js';

const secret = 'a-32-byte-secret-for-action-links!!';
const payload: ActionTokenPayload = {
  action: 'approve',
  subject: 'apr_01J9ZK3V4N',
  ticketKey: 'REQ-1042',
  userId: 'usr_minh',
  expiresAt: new Date('2026-03-19T02:15:05Z'),
  nonce: 'Zt3q9XbVv0m1YpW4kR7s2A',
};
const beforeExpiry = new Date('2026-03-19T02:15:04Z');

function flipLastCharacter(text: string): string {
  return text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
}

describe('signed action links', () => {
  it('a valid token gives back its payload', () => {
    const token = signActionToken(payload, secret);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyActionToken(token, secret, beforeExpiry)).toEqual({ ok: true, payload });
  });

  it('keeps optional parts out when absent', () => {
    const unsubscribe: ActionTokenPayload = {
      action: 'unsubscribe',
      subject: 'sub_42',
      expiresAt: new Date('2027-01-01T00:00:00Z'),
      nonce: newActionNonce(),
    };
    expect(verifyActionToken(signActionToken(unsubscribe, secret), secret, beforeExpiry)).toEqual({
      ok: true,
      payload: unsubscribe,
    });
  });

  it('expires at the second it says', () => {
    const token = signActionToken(payload, secret);
    expect(verifyActionToken(token, secret, new Date('2026-03-19T02:15:05Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('a tampered payload is forged: approve cannot become another approval', () => {
    const token = signActionToken(payload, secret);
    const [, signature] = token.split('.');
    const tampered = Buffer.from(
      JSON.stringify({
        v: 1,
        a: 'approve',
        s: 'apr_SOMEONE_ELSE',
        t: 'REQ-1042',
        u: 'usr_minh',
        e: 1_773_886_505,
        n: payload.nonce,
      }),
    ).toString('base64url');
    expect(verifyActionToken(`${tampered}.${signature}`, secret, beforeExpiry)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('a tampered signature is forged', () => {
    const token = signActionToken(payload, secret);
    expect(verifyActionToken(flipLastCharacter(token), secret, beforeExpiry)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('a token signed with another secret is forged', () => {
    const token = signActionToken(payload, 'another-32-byte-secret-for-links!!!');
    expect(verifyActionToken(token, secret, beforeExpiry)).toEqual({ ok: false, reason: 'forged' });
  });

  it('garbage is malformed', () => {
    for (const token of ['', 'abc', 'a.b.c', 'payload.sig=', '%%%.$$$']) {
      expect(verifyActionToken(token, secret, beforeExpiry)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses a short secret', () => {
    expect(() => signActionToken(payload, 'short')).toThrow('at least 32 bytes');
  });

  it('gives each token its own nonce', () => {
    expect(newActionNonce()).not.toBe(newActionNonce());
    expect(newActionNonce()).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
