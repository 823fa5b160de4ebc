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
